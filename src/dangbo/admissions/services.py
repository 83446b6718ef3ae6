"""Writes on candidacies other than the steps (`workflow.perform`): proposing a candidate, editing the sheet.

The sheet is cleaned and checked by the member registry's own checks (`members.services.clean_sheet`,
`members.validation`), so the member that admission creates passes them too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import Education, Gender, MemberStatus, TheoryLevel
from dangbo.members.models import Member
from dangbo.members.services import clean_sheet, fill_derived_fields
from dangbo.members.validation import check_birth_date, check_unique_ids
from dangbo.organizations.models import Organization

from .enums import ACTIVE, ExitReason, Proposer
from .models import Candidate
from .rules import check_readmission_allowed as _readmission_allowed
from .rules import require, rules_on
from .selectors import earlier_readmissions

# The candidate's personal sheet: the member sheet's personal part, plus the hard-area mark.
SHEET_FIELDS = [
    "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
    "residence", "citizen_id", "education", "profession", "political_theory_level", "position", "workplace",
    "phone", "email", "hard_area",
]  # fmt: skip
AUDITED_FIELDS = [*SHEET_FIELDS, "cell_id", "stage", "proposer_kind", "proposer_name", "proposed_on"]
# A former member may be proposed again only once off the rolls for good (not moved, abroad or exempt).
LEFT_THE_PARTY = {MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED, MemberStatus.DISCHARGED}
CHOICES = {"gender": Gender, "education": Education, "political_theory_level": TheoryLevel}


def audit(action: str, *, actor: Any, candidate: Candidate, **entry: Any) -> None:
    """One audit entry about a candidacy (`admissions.candidate.<action>`)."""
    log_action(
        f"admissions.candidate.{action}",
        actor=actor,
        object_type="candidate",
        object_id=candidate.pk,
        object_repr=candidate.full_name,
        scope_path=candidate.path,
        **entry,
    )


def _clean(data: dict[str, Any], *, today: dt.date, former_member: Member | None) -> dict[str, Any]:
    """The sheet checked like the member sheet: names, birth date, citizen id (12 digits, not already in the
    registry unless it is the former member being re-admitted), and the listed choices."""
    sheet = clean_sheet({k: data.get(k) for k in SHEET_FIELDS if k in data}, who="người được giới thiệu")
    sheet.pop("card_number", None)
    birth_date = sheet.get("birth_date")
    if not isinstance(birth_date, dt.date):
        raise DomainError("Chưa nhập ngày sinh.", field="birth_date")
    check_birth_date(birth_date, today=today)
    for name, choices in CHOICES.items():
        value = sheet.get(name)
        if name == "gender" and not value:
            raise DomainError("Chưa chọn giới tính.", field="gender")
        if value and value not in choices.values:
            raise DomainError(f"Giá trị “{value}” không hợp lệ.", field=name)
    sheet["hard_area"] = bool(sheet.get("hard_area"))
    exclude = former_member.pk if former_member is not None else None
    check_unique_ids(citizen_id=sheet.get("citizen_id"), card_number=None, exclude_pk=exclude)
    if former_member is not None and sheet.get("citizen_id") != former_member.citizen_id:
        raise DomainError(
            "Số CCCD của người xin kết nạp lại phải trùng với số CCCD của đảng viên cũ trong danh sách.",
            field="citizen_id",
        )
    return sheet


def _check_one_active(citizen_id: str | None, *, actor: Any, exclude_pk: Any = None) -> None:
    """One candidacy under way per person. Where the other one is, is said only to a user who may see it."""
    if not citizen_id:
        return
    other = Candidate.objects.filter(citizen_id=citizen_id, stage__in=ACTIVE).exclude(pk=exclude_pk).first()
    if other is None:
        return
    where = ""
    if getattr(actor, "is_authenticated", False) and scope_for(actor).covers_path(Right.VIEW_ADMISSIONS, other.path):
        where = f" (tại {other.cell.name}, giai đoạn “{other.get_stage_display()}”)"
    raise DomainError(
        f"Người có số CCCD {citizen_id} đang có hồ sơ kết nạp chưa kết thúc{where}: không thể lập hồ sơ thứ hai.",
        field="citizen_id",
    )


def _save(candidate: Candidate) -> None:
    """Save, turning the one-active-candidacy constraint (a race between two proposals) into its message."""
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        if "candidate_one_active_per_person" in str(exc) or "citizen_id" in str(exc):
            raise DomainError("Người này đang có một hồ sơ kết nạp khác chưa kết thúc.", field="citizen_id") from exc
        raise


def _check_cell(cell: Organization) -> None:
    if not cell.holds_members:
        raise DomainError(
            f"“{cell.name}” không phải chi bộ: quần chúng ưu tú được chi bộ trực thuộc hoặc chi bộ cơ sở bồi dưỡng.",
            field="cell",
        )
    if not cell.is_active:
        raise DomainError(f"Chi bộ “{cell.name}” đã giải thể.", field="cell")


@transaction.atomic
def propose(
    *,
    actor: Any,
    cell: Organization,
    sheet: dict[str, Any],
    proposer_kind: str,
    proposer_name: str,
    proposed_on: dt.date,
    former_member: Any = None,
    left_party_on: dt.date | None = None,
    exit_reason: str = "",
    record_cleared_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Candidate:
    """Record a new candidate (stage PROPOSED) prepared by `cell`. `sheet` holds the `PersonSheet` fields (and
    `hard_area`), cleaned and checked like the member sheet. Refuses (DomainError, nothing saved): a cell that is
    not an active cell, a citizen id already in the registry (except the former member of a re-admission), a
    second active candidacy of the same citizen id, a re-admission barred for good or already used once."""
    today = today or timezone.localdate()
    _check_cell(cell)
    if proposer_kind not in Proposer.values:
        raise DomainError("Chưa chọn tổ chức giới thiệu.", field="proposer_kind")
    if proposed_on > today:
        raise DomainError("Ngày giới thiệu không được sau ngày hôm nay.", field="proposed_on")
    cleaned = _clean(sheet, today=today, former_member=former_member)
    if proposed_on < cleaned["birth_date"]:
        raise DomainError("Ngày giới thiệu không được trước ngày sinh.", field="proposed_on")
    if former_member is not None:
        if former_member.status not in LEFT_THE_PARTY:
            raise DomainError(
                f"{former_member.full_name} đang có tên trong danh sách đảng viên "
                f"(“{former_member.get_status_display()}”): không thể lập hồ sơ kết nạp lại.",
                field="former_member",
            )
        if exit_reason not in ExitReason.values:
            raise DomainError("Chưa chọn lý do ra khỏi Đảng của đảng viên cũ.", field="exit_reason")
        if left_party_on is None or left_party_on > proposed_on:
            raise DomainError("Ngày ra khỏi Đảng phải có và không sau ngày giới thiệu.", field="left_party_on")
        earlier = earlier_readmissions(former_member)
        require(_readmission_allowed(rules_on(proposed_on), exit_reason=exit_reason, earlier_readmissions=earlier))
    _check_one_active(cleaned.get("citizen_id"), actor=actor)
    candidate = Candidate(
        **cleaned,
        cell=cell,
        path=cell.path,
        proposer_kind=proposer_kind,
        proposer_name=proposer_name.strip(),
        proposed_on=proposed_on,
        former_member=former_member,
        left_party_on=left_party_on if former_member is not None else None,
        exit_reason=exit_reason if former_member is not None else "",
        record_cleared_on=record_cleared_on if former_member is not None else None,
    )
    fill_derived_fields(candidate)
    _save(candidate)
    audit("proposed", actor=actor, candidate=candidate, after=snapshot(candidate, AUDITED_FIELDS))
    return candidate


@transaction.atomic
def update_sheet(
    *, actor: Any, candidate: Candidate, expected_version: int, sheet: dict[str, Any], today: dt.date | None = None
) -> Candidate:
    """Edit the candidate's personal sheet (stale version → ConcurrentEditError). Once the candidate is in the
    registry (from the ceremony on) the sheet is the member's: edit it there."""
    today = today or timezone.localdate()
    locked = (
        Candidate.objects.select_for_update(of=("self",)).select_related("cell", "former_member").get(pk=candidate.pk)
    )
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.member_id is not None:
        raise DomainError(
            "Người này đã có trong danh sách đảng viên: sửa lý lịch trên hồ sơ đảng viên.", field="given_name"
        )
    before = snapshot(locked, AUDITED_FIELDS)
    merged = {**{k: getattr(locked, k) for k in SHEET_FIELDS}, **sheet}
    cleaned = _clean(merged, today=today, former_member=locked.former_member)
    if locked.stage in ACTIVE:
        _check_one_active(cleaned.get("citizen_id"), actor=actor, exclude_pk=locked.pk)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.version += 1
    fill_derived_fields(locked)
    _save(locked)
    changed_before, changed_after = diff(before, snapshot(locked, AUDITED_FIELDS))
    audit("sheet_updated", actor=actor, candidate=locked, before=changed_before, after=changed_after)
    return locked
