"""The write step of the Excel import: every valid row in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.organizations import services as org_services
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from . import services as member_services
from .importing import MEMBER_SHEET, ORG_SHEET
from .importing_validation import ImportReport

NOTHING_SAVED = "Không có dữ liệu nào được nhập."


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
    create the members through `create_member` in their cells, each write with its own audit entry;
    write one summary entry `members.import.applied` with the counts. Any failure, on any row,
    rolls the whole import back.
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
    paths = [o.path for o in created.values()]
    for member_plan in report.members:
        cell = cells[member_plan.cell_id] if member_plan.cell_id else created[member_plan.cell_code]
        admitted: dt.date = member_plan.data["admission_decision_date"]
        try:
            member_services.create_member(
                actor=actor,
                organization=cell,
                data=member_plan.data,
                # A member admitted before the cell existed joined it on its founding day.
                joined_cell_on=max(admitted, cell.founded_on),
                today=today,
                audit=True,
            )
        except DomainError as exc:
            raise DomainError(
                f"Dòng {member_plan.row} trang “{MEMBER_SHEET.name}”: {exc.message} {NOTHING_SAVED}"
            ) from exc
        paths.append(cell.path)
        done += 1
        tick(done)
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
