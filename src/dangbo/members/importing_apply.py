"""The write step of the Excel import: every valid row in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from dangbo.core.audit import log_action, log_actions
from dangbo.core.bulk_insert import insert_new
from dangbo.core.errors import DomainError
from dangbo.organizations import services as org_services
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from . import services as member_services
from .importing import MEMBER_SHEET, ORG_SHEET
from .importing_validation import ImportReport
from .models import CellMembership, Member, MemberStatusPeriod
from .validation import taken_ids

NOTHING_SAVED = "Không có dữ liệu nào được nhập."
ID_TAKEN_MEANWHILE = "Một số CCCD hoặc số thẻ đảng viên trong tệp vừa được ghi cho đảng viên khác trong lúc nhập."
BATCH = 1000  # members written in one insert (and their periods, memberships and audit entries)


def common_path(paths: list[str]) -> str:
    """The deepest organization path that contains every given path ("" when they share no root)."""
    if not paths:
        return ""
    step = PATH_SEGMENT_WIDTH + 1
    common = [paths[0][i : i + step] for i in range(0, len(paths[0]), step)]
    for path in paths[1:]:
        segments = [path[i : i + step] for i in range(0, len(path), step)]
        same = 0
        while same < min(len(common), len(segments)) and common[same] == segments[same]:
            same += 1
        common = common[:same]
    return "".join(common)


@transaction.atomic
def apply_import(
    *,
    actor: Any,
    report: ImportReport,
    only_valid: bool,
    job_id: int,
    file_name: str = "",
    today: dt.date,
    on_row: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Create the organizations and members of a validated import file.

    Steps: refuse when any row failed and the user did not choose "only the valid rows", and when
    no valid row is left; create the organizations in file order through `create_organization`
    (a parent row always comes before its children, so each parent exists when its child is made);
    check every member row again inside the transaction through `prepare_member` (the form's rules, the
    ids looked up once for the whole file), then write the members, their first status periods and cell
    memberships and one `members.member.created` entry each in batched inserts (`_write_members`);
    write one summary entry `members.import.applied` with the counts. Any failure, on any row,
    rolls the whole import back, and a refused row is named by its number.
    """
    if report.invalid_rows and not only_valid:
        raise DomainError(
            f"Tệp có {report.invalid_rows} dòng lỗi. {NOTHING_SAVED} Hãy sửa tệp và tải lên lại, "
            "hoặc chọn “chỉ nhập các dòng hợp lệ”."
        )
    if not report.valid_rows:
        raise DomainError(f"Không có dòng hợp lệ nào để nhập. {NOTHING_SAVED}")
    tick = on_row or (lambda done: None)
    done = 0
    created: dict[str, Organization] = {}
    parents = {o.pk: o for o in Organization.objects.filter(pk__in={p.parent_id for p in report.orgs if p.parent_id})}
    for plan in report.orgs:
        parent = parents[plan.parent_id] if plan.parent_id else created[plan.parent_code]
        try:
            created[plan.code] = org_services.create_organization(
                actor=actor, code=plan.code, name=plan.name, kind=plan.kind, parent=parent,
                founded_on=plan.founded_on, org_type=plan.org_type, audit=True,
            )  # fmt: skip
        except DomainError as exc:
            raise DomainError(f"Dòng {plan.row} trang “{ORG_SHEET.name}”: {exc.message} {NOTHING_SAVED}") from exc
        done += 1
        tick(done)
    cells = {o.pk: o for o in Organization.objects.filter(pk__in={p.cell_id for p in report.members if p.cell_id})}
    members = _prepared_members(report, cells=cells, created=created, today=today)
    paths = sorted({o.path for o in created.values()} | {cell.path for cell, _ in members.values()})
    _write_members(actor=actor, members=members, job_id=job_id, on_batch=lambda n: tick(done + n))
    counts = {"organizations": len(report.orgs), "members": len(report.members), "skipped_rows": report.invalid_rows}
    log_action(
        "members.import.applied",
        actor=actor,
        object_type="import",
        object_id=job_id,
        object_repr=f"Nhập dữ liệu từ tệp {file_name}".strip(),
        scope_path=common_path(paths),
        data={**counts, "only_valid": only_valid, "file_name": file_name},
    )
    return counts


def _prepared_members(
    report: ImportReport, *, cells: dict[int, Organization], created: dict[str, Organization], today: dt.date
) -> dict[int, tuple[Organization, Member]]:
    """Each member row's cell and checked, unsaved member, by row number. A row refused here (data changed since
    the preview: an id taken meanwhile, a cell dissolved) stops the import with its row number."""
    taken = taken_ids(
        citizen_ids=[p.data["citizen_id"] for p in report.members if p.data["citizen_id"]],
        card_numbers=[p.data["card_number"] for p in report.members if p.data["card_number"]],
    )
    members: dict[int, tuple[Organization, Member]] = {}
    for plan in report.members:
        cell = cells[plan.cell_id] if plan.cell_id else created[plan.cell_code]
        try:
            member = member_services.prepare_member(organization=cell, data=plan.data, today=today, taken=taken)
        except DomainError as exc:
            raise DomainError(f"Dòng {plan.row} trang “{MEMBER_SHEET.name}”: {exc.message} {NOTHING_SAVED}") from exc
        members[plan.row] = (cell, member)
    return members


def _write_members(
    *, actor: Any, members: dict[int, tuple[Organization, Member]], job_id: int, on_batch: Callable[[int], None]
) -> None:
    """The members in batches of `BATCH`: the members (their ids come back), then their first status periods and
    cell memberships, then their audit entries (with the import's job id)."""
    rows = list(members.values())
    size = int(getattr(settings, "DANGBO_IMPORT_BATCH", BATCH))  # (smaller only for the worker tests)
    done = 0
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        try:
            insert_new(Member, [member for _, member in batch])
        except IntegrityError as exc:  # an id written by someone else since the check just above
            raise DomainError(f"{ID_TAKEN_MEANWHILE} {NOTHING_SAVED}") from exc
        periods: list[MemberStatusPeriod] = []
        memberships: list[CellMembership] = []
        for cell, member in batch:
            # A member admitted before the cell existed joined it on its founding day.
            joined = max(member.admission_decision_date, cell.founded_on)
            member_periods, membership = member_services.initial_history(member, joined_cell_on=joined)
            periods.extend(member_periods)
            memberships.append(membership)
        insert_new(MemberStatusPeriod, periods)
        CellMembership.objects.bulk_create(memberships)  # three narrow columns: `COPY` would gain little
        log_actions([member_services.created_entry(m, actor=actor, data={"import": job_id}) for _, m in batch])
        done += len(batch)
        on_batch(done)
