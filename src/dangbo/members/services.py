"""Writes to the member registry: one entry point per state change, each audited.

Status and cell membership are dated: `change_status` and `move_to_cell` close the open period and
open the next one, and keep `Member.status` / `Member.organization` (the current values) in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import audit_entry, log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.core.text import normalize_search, vietnamese_sort_key
from dangbo.organizations.models import Organization

from .enums import LEAVING_STATUSES, MemberStatus
from .models import CellMembership, Member, MemberStatusPeriod
from .validation import TakenIds, check_member_dates, check_unique_ids

# Fields an officer edits on the member sheet (status and cell change through their own services).
SHEET_FIELDS = [
    "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
    "residence", "citizen_id", "card_number", "record_number", "admission_decision_date", "ceremony_date",
    "full_membership_date", "education", "profession", "political_theory_level", "position", "workplace",
    "phone", "email",
]  # fmt: skip
AUDITED_FIELDS = [*SHEET_FIELDS, "status", "organization_id"]


def fill_derived_fields(member: Any) -> None:
    """Search and sort keys follow the name (of a member, or of any record with the personal sheet and the two
    keys, such as an admission candidate). Bulk paths that skip `save` must call this too."""
    member.search_name = normalize_search(f"{member.family_name} {member.middle_name} {member.given_name}")
    member.sort_key = vietnamese_sort_key(
        given_name=member.given_name, family_name=member.family_name, middle_name=member.middle_name
    )


def _audit(action: str, *, actor: Any, member: Member, **entry: Any) -> None:
    """One audit entry about a member (`members.member.<action>`)."""
    log_action(
        f"members.member.{action}",
        actor=actor,
        object_type="member",
        object_id=member.pk,
        object_repr=member.full_name,
        **entry,
    )


def clean_sheet(data: dict[str, Any], *, who: str = "đảng viên") -> dict[str, Any]:
    """Names with single spaces, empty ids as None; a sheet without family or given name is refused. Shared with
    the admission candidate's sheet (`who` names the person in the message)."""
    cleaned = dict(data)
    for name in ("family_name", "middle_name", "given_name"):
        cleaned[name] = " ".join(str(cleaned.get(name) or "").split())
    for name in ("citizen_id", "card_number"):
        cleaned[name] = (str(cleaned.get(name) or "").strip()) or None
    if not cleaned["family_name"] or not cleaned["given_name"]:
        raise DomainError(f"Họ và tên {who} không được để trống.", field="given_name")
    return cleaned


def _check_cell(org: Organization) -> None:
    if not org.holds_members:
        raise DomainError(
            f"“{org.name}” không phải chi bộ: đảng viên chỉ sinh hoạt tại chi bộ trực thuộc hoặc chi bộ cơ sở.",
            field="organization",
        )
    if not org.is_active:
        raise DomainError(f"Chi bộ “{org.name}” đã giải thể.", field="organization")


def _initial_status_periods(
    *, status: str, admission_decision_date: dt.date, full_membership_date: dt.date | None
) -> list[tuple[str, dt.date, dt.date | None]]:
    """The status history a newly registered member already has: probation from the admission decision,
    then full membership from its date. A different current status (exempt, abroad…) has no known start,
    so it takes the place of the last known one."""
    admitted, full = admission_decision_date, full_membership_date
    if full is None:
        history = [(str(MemberStatus.PROBATIONARY), admitted)]
    elif full > admitted:
        history = [(str(MemberStatus.PROBATIONARY), admitted), (str(MemberStatus.FULL), full)]
    else:
        history = [(str(MemberStatus.FULL), admitted)]
    history[-1] = (status, history[-1][1])
    ends: list[dt.date | None] = [start for _, start in history[1:]] + [None]
    return [(st, start, end) for (st, start), end in zip(history, ends, strict=True)]


def prepare_member(
    *, organization: Organization, data: dict[str, Any], today: dt.date, taken: TakenIds | None = None
) -> Member:
    """The member `create_member` saves, checked and unsaved: the sheet cleaned (names, ids), the cell able to hold
    members, the dates (age ≥ 18 at admission, ceremony after decision, full membership after both), the ids
    unique (`taken`: those already looked up for a whole file), the status derived (full when a full-membership
    date is given, else probationary), the search and sort keys filled. Shared by the form and the import."""
    sheet = clean_sheet({k: data.get(k) for k in SHEET_FIELDS if k in data})
    _check_cell(organization)
    check_member_dates(
        birth_date=sheet["birth_date"],
        admission_decision_date=sheet["admission_decision_date"],
        ceremony_date=sheet.get("ceremony_date"),
        full_membership_date=sheet.get("full_membership_date"),
        today=today,
    )
    check_unique_ids(citizen_id=sheet.get("citizen_id"), card_number=sheet.get("card_number"), taken=taken)
    status = data.get("status") or (
        MemberStatus.FULL if sheet.get("full_membership_date") else MemberStatus.PROBATIONARY
    )
    member = Member(**sheet, organization=organization, status=status)
    fill_derived_fields(member)
    return member


def initial_history(
    member: Member, *, joined_cell_on: dt.date | None
) -> tuple[list[MemberStatusPeriod], CellMembership]:
    """The status periods and the cell membership a newly registered (saved) member starts with."""
    periods = [
        MemberStatusPeriod(member=member, status=status, start=start, end=end)
        for status, start, end in _initial_status_periods(
            status=member.status,
            admission_decision_date=member.admission_decision_date,
            full_membership_date=member.full_membership_date,
        )
    ]
    membership = CellMembership(
        member=member, organization_id=member.organization_id, start=joined_cell_on or member.admission_decision_date
    )
    return periods, membership


def created_entry(member: Member, *, actor: Any, data: dict[str, Any] | None = None) -> AuditEntry:
    """The audit entry of a newly registered member (unsaved)."""
    return audit_entry(
        "members.member.created",
        actor=actor,
        object_type="member",
        object_id=member.pk,
        object_repr=member.full_name,
        scope_path=member.organization.path,
        after=snapshot(member, AUDITED_FIELDS),
        data=data,
    )


@transaction.atomic
def create_member(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    joined_cell_on: dt.date | None = None,
    today: dt.date | None = None,
    audit: bool = True,
) -> Member:
    """Register a member in a cell.

    Steps: `prepare_member` (clean, check, derive the status and the keys); save; open the first status periods
    and the cell membership (`initial_history`); write the audit entry.
    """
    member = prepare_member(organization=organization, data=data, today=today or timezone.localdate())
    member.save()
    periods, membership = initial_history(member, joined_cell_on=joined_cell_on)
    for period in periods:
        period.save()
    membership.save()
    if audit:
        created_entry(member, actor=actor).save()
    return member


@transaction.atomic
def update_member(
    *, actor: Any, member: Member, expected_version: int, data: dict[str, Any], today: dt.date | None = None
) -> Member:
    """Edit the member sheet. A stale `expected_version` is refused: nothing is overwritten silently."""
    today = today or timezone.localdate()
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    before = snapshot(locked, AUDITED_FIELDS)
    sheet = clean_sheet({**{k: getattr(locked, k) for k in SHEET_FIELDS}, **data})
    check_member_dates(
        birth_date=sheet["birth_date"],
        admission_decision_date=sheet["admission_decision_date"],
        ceremony_date=sheet.get("ceremony_date"),
        full_membership_date=sheet.get("full_membership_date"),
        today=today,
    )
    check_unique_ids(citizen_id=sheet.get("citizen_id"), card_number=sheet.get("card_number"), exclude_pk=locked.pk)
    for name, value in sheet.items():
        setattr(locked, name, value)
    locked.version += 1
    fill_derived_fields(locked)
    locked.save()
    after = snapshot(locked, AUDITED_FIELDS)
    from dangbo.core.audit import diff

    changed_before, changed_after = diff(before, after)
    _audit(
        "updated",
        actor=actor,
        member=locked,
        scope_path=locked.organization.path,
        before=changed_before,
        after=changed_after,
    )
    return locked


@transaction.atomic
def change_status(
    *,
    actor: Any,
    member: Member,
    status: str,
    on: dt.date,
    reason: str = "",
    decision_number: str = "",
    audit: bool = True,
    expected_version: int | None = None,
) -> Member:
    """Close the open status period on `on` and open one with `status`.

    A leaving status (transferred out, struck off, expelled, discharged, deceased) also closes the
    cell membership on the same day. A form passes `expected_version`: a stale one is refused.
    """
    if status not in MemberStatus.values:
        raise DomainError(f"Trạng thái “{status}” không hợp lệ.", field="status")
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    current = locked.status_periods.filter(end__isnull=True).first()
    if current is not None:
        if current.status == status:
            raise DomainError(f"Đảng viên đã ở trạng thái “{MemberStatus(status).label}”.", field="status")
        if on < current.start:
            raise DomainError(
                f"Ngày thay đổi phải từ ngày {current.start:%d/%m/%Y} (bắt đầu trạng thái hiện tại) trở đi.",
                field="on",
            )
        current.end = on
        current.save(update_fields=["end"])
    MemberStatusPeriod.objects.create(
        member=locked, status=status, start=on, reason=reason, decision_number=decision_number
    )
    before_status = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    if status in LEAVING_STATUSES:
        CellMembership.objects.filter(member=locked, end__isnull=True).update(end=on)
    if audit:
        _audit(
            "status_changed",
            actor=actor,
            member=locked,
            scope_path=locked.organization.path,
            before={"status": before_status},
            after={"status": status},
            data={"on": on.isoformat(), "reason": reason, "decision_number": decision_number},
        )
    return locked


@transaction.atomic
def move_to_cell(
    *,
    actor: Any,
    member: Member,
    organization: Organization,
    on: dt.date,
    reason: str = "",
    audit: bool = True,
    expected_version: int | None = None,
) -> Member:
    """End the member's open cell membership on `on` and start one in `organization` on the same day.

    A member is never in two cells at once: the new period starts exactly when the old one ends, and
    a date before the current membership began is refused. A form passes `expected_version`: a stale
    one is refused.
    """
    _check_cell(organization)
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    current = CellMembership.objects.filter(member=locked, end__isnull=True).first()
    if current is not None:
        if current.organization_id == organization.pk:
            raise DomainError(f"Đảng viên đang sinh hoạt tại “{organization.name}”.", field="organization")
        if on <= current.start:
            raise DomainError(
                f"Ngày chuyển phải sau ngày {current.start:%d/%m/%Y} (bắt đầu sinh hoạt tại chi bộ hiện tại).",
                field="on",
            )
        current.end = on
        current.save(update_fields=["end"])
    elif CellMembership.objects.filter(member=locked, end__gt=on).exists():
        raise DomainError("Đảng viên đã sinh hoạt tại chi bộ khác trong thời gian này.", field="on")
    CellMembership.objects.create(member=locked, organization=organization, start=on, reason=reason)
    old_org = locked.organization
    locked.organization = organization
    locked.version += 1
    locked.save(update_fields=["organization", "version", "updated_at"])
    if audit:
        _audit(
            "moved",
            actor=actor,
            member=locked,
            scope_path=organization.path,
            before={"organization_id": old_org.pk, "organization": old_org.name},
            after={"organization_id": organization.pk, "organization": organization.name},
            data={"on": on.isoformat(), "reason": reason, "from_path": old_org.path},
        )
    return locked


@transaction.atomic
def remove_member(*, actor: Any, member: Member, expected_version: int, reason: str) -> None:
    """Take out of the registry a member registered by a step that is being corrected (an admission ceremony
    recorded by mistake). Only a record untouched since: one status period, one cell membership, no account, and
    nothing else pointing at it; otherwise refused, and the registry's own services must be used."""
    from django.db.models import ProtectedError

    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if locked.version != expected_version or locked.user_id is not None:
        raise DomainError(
            "Hồ sơ đảng viên đã được cập nhật sau bước này: không thể tự động đưa ra khỏi danh sách; hãy sửa trên "
            "hồ sơ đảng viên.",
            code="member_changed",
        )
    if locked.status_periods.count() > 1 or locked.memberships.count() > 1:
        raise DomainError("Đảng viên đã có thay đổi trạng thái hoặc chi bộ: không thể đưa ra khỏi danh sách.")
    before = snapshot(locked, AUDITED_FIELDS)
    pk, path = locked.pk, locked.organization.path
    try:
        locked.delete()
    except ProtectedError as exc:
        raise DomainError("Đảng viên đã được ghi ở hồ sơ khác: không thể đưa ra khỏi danh sách.") from exc
    locked.pk = pk
    _audit("removed", actor=actor, member=locked, scope_path=path, before=before, data={"reason": reason})


@transaction.atomic
def undo_status_change(*, actor: Any, member: Member, expected_version: int, reason: str) -> Member:
    """Undo the member's last status change (a recognition or strike-off recorded by mistake): the open period
    goes, the one before it is open again, and a cell membership that the change closed that day is reopened.
    A record changed since (stale `expected_version`) is refused."""
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if locked.version != expected_version:
        raise DomainError(
            "Hồ sơ đảng viên đã được cập nhật sau bước này: không thể tự động hoàn tác thay đổi trạng thái; hãy "
            "sửa trên hồ sơ đảng viên.",
            code="member_changed",
        )
    current = locked.status_periods.filter(end__isnull=True).first()
    if current is None:
        raise DomainError("Không có thay đổi trạng thái nào để hoàn tác.")
    previous = locked.status_periods.exclude(pk=current.pk).order_by("-start", "-pk").first()
    if previous is None or previous.end != current.start:
        raise DomainError("Không có thay đổi trạng thái nào để hoàn tác.")
    if current.status in LEAVING_STATUSES:
        closed = CellMembership.objects.filter(member=locked, end=current.start).order_by("-start").first()
        if closed is not None and not CellMembership.objects.filter(member=locked, end__isnull=True).exists():
            closed.end = None
            closed.save(update_fields=["end"])
    undone = current.status
    current.delete()
    previous.end = None
    previous.save(update_fields=["end"])
    locked.status = previous.status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    _audit(
        "status_undone",
        actor=actor,
        member=locked,
        scope_path=locked.organization.path,
        before={"status": undone},
        after={"status": locked.status},
        data={"reason": reason},
    )
    return locked
