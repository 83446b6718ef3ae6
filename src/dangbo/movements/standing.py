"""Writes on a member's standing: temporary attachment (out, in from outside the tree, return), exemption from
party work and activities (decision, level above informed, end) and suspension (đình chỉ sinh hoạt đảng; start,
ended early). Going abroad has its own steps in `abroad.py`, on the helpers here.

Every write: keyword-only arguments, one transaction, the checks first (Vietnamese `DomainError`, nothing
saved), a record already saved locked and its `version` compared (`ConcurrentEditError`), the effect on the
registry through `members.services.change_status` (never `Member.status` written here), one audit entry.
Temporary attachment, exemption and going abroad change the member's dated status; a suspension is a record
only (not a status): the rating facts and the meeting quorum read it (`selectors.suspended_on`).
Dates are not after `today`: a movement is recorded when it has happened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.dates import add_months
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.members.services import change_status
from dangbo.organizations.models import Organization

from .enums import MovementKind, MovementState, TemporaryPurpose
from .models import Movement, SuspensionExtension
from .rules import MovementRules, rules_in_force

ACTIVE = frozenset({MemberStatus.FULL, MemberStatus.PROBATIONARY})
STATUS_KINDS = (MovementKind.TEMPORARY_OUT, MovementKind.EXEMPTION, MovementKind.ABROAD)
EARLIEST = dt.date(2000, 1, 1)
TEXT_LIMITS = {"decision_number": 80, "external_organization": 255, "person_name": 200, "reason": 500, "country": 120}


def d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def audit(action: str, *, actor: Any, movement: Movement, **entry: Any) -> None:
    """One audit entry about a movement (`movements.movement.<action>`), in the scope of both its sides."""
    who = movement.member.full_name if movement.member is not None else movement.person_name
    log_action(
        f"movements.movement.{action}",
        actor=actor,
        object_type="movement",
        object_id=movement.pk,
        object_repr=f"{movement.get_kind_display()}: {who}",
        scope_path=movement.from_path or movement.to_path,
        **entry,
    )


def check_day(day: dt.date | None, label: str, *, today: dt.date, field: str) -> dt.date:
    """A required date, from 2000 and not after today."""
    if day is None:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if day < EARLIEST:
        raise DomainError(f"{label.capitalize()} ({d(day)}) không hợp lệ.", field=field)
    if day > today:
        raise DomainError(f"{label.capitalize()} ({d(day)}) chưa đến: chỉ ghi nhận khi việc đã diễn ra.", field=field)
    return day


def check_not_before(later: dt.date, earlier: dt.date | None, message: str, *, field: str) -> None:
    if earlier is not None and later < earlier:
        raise DomainError(message, field=field)


def clean_text(value: str, field: str, label: str, *, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if len(text) > TEXT_LIMITS.get(field, 255):
        raise DomainError(f"{label.capitalize()} dài quá {TEXT_LIMITS.get(field, 255)} ký tự.", field=field)
    return text


def active_member(member: Member, what: str) -> Member:
    """The member's row, locked, refused unless on the rolls and active (not exempt, abroad or attached
    elsewhere already)."""
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    label = MemberStatus(locked.status).label.lower()
    if locked.status not in ON_ROLLS:
        raise DomainError(
            f"Đồng chí {locked.full_name} không còn trong danh sách đảng viên ({label}): không thể {what}.",
            field="member",
        )
    if locked.status not in ACTIVE:
        raise DomainError(f"Đồng chí {locked.full_name} đang {label}: không thể {what}.", field="member")
    return locked


def refuse_overlap(member: Member, kinds: tuple[str, ...], start: dt.date, end: dt.date | None) -> None:
    """Refuse a period [start, end] (end inclusive, None: open) sharing a day with another record of `kinds`."""
    others = Movement.objects.filter(member=member, kind__in=kinds).exclude(state=MovementState.CANCELLED)
    if end is not None:
        others = others.filter(start__lte=end)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
    if MovementKind.SUSPENSION in kinds:  # a suspension not lifted early ends on its planned day
        others = others.filter(
            Q(planned_end__isnull=True) | Q(planned_end__gte=start) | ~Q(kind=MovementKind.SUSPENSION)
        )
    other = others.order_by("start").first()
    if other is not None:
        raise DomainError(
            f"Đồng chí {member.full_name} đã có {other.get_kind_display().lower()} từ ngày {d(other.start)}"
            + (f" đến ngày {d(other.planned_end)}" if other.planned_end else "")
            + " trùng thời gian này.",
            field="start",
        )


def lock(movement: Movement, expected_version: int | None, kind: str | tuple[str, ...]) -> Movement:
    """The movement's row, locked for this transaction; a stale version, another kind or a cancelled record
    refused."""
    locked = (
        Movement.objects.select_for_update(of=("self",)).select_related("member", "to_organization").get(pk=movement.pk)
    )
    kinds = (kind,) if isinstance(kind, str) else kind
    if locked.kind not in kinds:
        raise DomainError("Bước này không áp dụng cho loại biến động này.")
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.state == MovementState.CANCELLED:
        raise DomainError("Biến động này đã hủy.")
    return locked


def save(movement: Movement, fields: list[str]) -> None:
    movement.version += 1
    movement.save(update_fields=[*fields, "version", "updated_at"])


def write_step(
    locked: Movement,
    action: str,
    *,
    actor: Any,
    values: dict[str, Any],
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> Movement:
    """The step's `values` set on the locked record, saved (version + 1) and audited (`after`, `before`)."""
    for name, value in values.items():
        setattr(locked, name, value)
    save(locked, list(values))
    audit(action, actor=actor, movement=locked, before=before, after=after)
    return locked


def refuse_ended(locked: Movement, message: str) -> None:
    """Refuse a step on a record already ended (`message` + its end date)."""
    if locked.ended_on is not None:
        raise DomainError(f"{message} {d(locked.ended_on)}.")


def status_before(member: Member, start: dt.date) -> str:
    """The status the member had before the period that began on `start` (what a return reopens)."""
    previous = (
        member.status_periods.filter(end=start)
        .exclude(status__in=[MemberStatus.TEMP_TRANSFERRED_OUT, MemberStatus.EXEMPT, MemberStatus.ABROAD])
        .order_by("-start", "-pk")
        .first()
    )
    return previous.status if previous is not None else MemberStatus.FULL


def end_status(*, actor: Any, movement: Movement, on: dt.date, reason: str, decision_number: str = "") -> None:
    """The member's status back to what it was before the movement, from `on`."""
    assert movement.member is not None
    member = movement.member
    change_status(
        actor=actor,
        member=member,
        status=status_before(member, movement.start),
        on=on,
        reason=reason,
        decision_number=decision_number,
        audit=False,
    )


def _open(
    locked: Member,
    action: str,
    *,
    actor: Any,
    status: str | None = None,
    status_reason: str = "",
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> Movement:
    """A movement of the locked member created with `fields` (from their cell), the member's `status` from its
    start when given, and one audit entry (its dates; `data` after the member's id)."""
    movement = Movement.objects.create(
        member=locked,
        from_organization=locked.organization,
        from_path=locked.organization.path,
        created_by=actor,
        **fields,
    )
    if status is not None:
        change_status(
            actor=actor,
            member=locked,
            status=status,
            on=movement.start,
            reason=status_reason,
            decision_number=movement.decision_number,
            audit=False,
        )
    audit(action, actor=actor, movement=movement, after=_dates(movement), data={"member_id": locked.pk, **(data or {})})
    return movement


# --- Temporary attachment ---------------------------------------------------------------------------------


def check_period(rules: MovementRules, start: dt.date, planned_end: dt.date | None, purpose: str) -> None:
    """3 months to under 1 year; full-time study up to 2 years (the rule set's months)."""
    if purpose not in TemporaryPurpose.values:
        raise DomainError("Hãy chọn mục đích sinh hoạt tạm thời.", field="purpose")
    if planned_end is None:
        raise DomainError("Hãy nhập ngày kết thúc dự kiến của thời gian sinh hoạt tạm thời.", field="planned_end")
    if planned_end < start:
        raise DomainError("Ngày kết thúc dự kiến không được trước ngày bắt đầu.", field="planned_end")
    after = planned_end + dt.timedelta(days=1)
    src = rules.temporary_source
    period = f"từ {d(start)} đến {d(planned_end)}"
    if after < add_months(start, rules.temporary_min_months):
        raise DomainError(
            src.cite(
                f"Thời gian sinh hoạt tạm thời {period} ngắn hơn {rules.temporary_min_months} tháng: không thuộc diện "
                "chuyển sinh hoạt tạm thời"
            ),
            field="planned_end",
        )
    if purpose == TemporaryPurpose.STUDY:
        if after > add_months(start, rules.temporary_study_max_months):
            raise DomainError(
                src.cite(
                    f"Thời gian học tập {period} dài quá {rules.temporary_study_max_months} tháng: phải chuyển sinh "
                    "hoạt đảng chính thức"
                ),
                field="planned_end",
            )
    elif after >= add_months(start, rules.temporary_max_months):
        raise DomainError(
            src.cite(
                f"Thời gian sinh hoạt tạm thời {period} từ {rules.temporary_max_months} tháng trở lên (không phải học "
                "tập tập trung): phải chuyển sinh hoạt đảng chính thức"
            ),
            field="planned_end",
        )


def _host(to_organization: Organization | None, external: str, home: Organization | None) -> tuple[str, str]:
    """The host side: a cell of the tree (its path) or an organization outside it (its name), exactly one."""
    if to_organization is not None and external:
        raise DomainError(
            "Chọn chi bộ nơi đến trong Đảng bộ hoặc ghi tên tổ chức đảng bên ngoài, không cả hai.",
            field="to_organization",
        )
    if to_organization is None:
        if not external:
            raise DomainError("Hãy chọn chi bộ nơi đến hoặc ghi tên tổ chức đảng nơi đến.", field="to_organization")
        return "", external
    if not to_organization.holds_members or to_organization.dissolved_on is not None:
        raise DomainError(f"“{to_organization.name}” không phải chi bộ đang hoạt động.", field="to_organization")
    if home is not None and to_organization.pk == home.pk:
        raise DomainError("Chi bộ nơi đến phải khác chi bộ đang sinh hoạt.", field="to_organization")
    return to_organization.path, ""


@transaction.atomic
def record_temporary_out(
    *,
    actor: Any,
    member: Member,
    start: dt.date,
    planned_end: dt.date | None,
    purpose: str,
    to_organization: Organization | None = None,
    external_organization: str = "",
    decision_number: str = "",
    reason: str = "",
    today: dt.date | None = None,
) -> Movement:
    """A member attached temporarily to another cell: status TEMP_TRANSFERRED_OUT from `start` (home cell
    unchanged: counted in the home totals)."""
    today = today or timezone.localdate()
    check_day(start, "ngày bắt đầu sinh hoạt tạm thời", today=today, field="start")
    external = clean_text(external_organization, "external_organization", "tên tổ chức đảng nơi đến")
    rules = rules_in_force(start)
    check_period(rules, start, planned_end, purpose)
    locked = active_member(member, "chuyển sinh hoạt tạm thời")
    to_path, external = _host(to_organization, external, locked.organization)
    refuse_overlap(locked, STATUS_KINDS, start, planned_end)
    return _open(
        locked,
        "temporary_out",
        actor=actor,
        status=MemberStatus.TEMP_TRANSFERRED_OUT,
        status_reason="Chuyển sinh hoạt tạm thời",
        data={"to_organization_id": to_organization.pk if to_organization else None},
        kind=MovementKind.TEMPORARY_OUT,
        to_organization=to_organization,
        to_path=to_path,
        external_organization=external,
        start=start,
        planned_end=planned_end,
        purpose=purpose,
        decision_number=clean_text(decision_number, "decision_number", "số quyết định"),
        reason=clean_text(reason, "reason", "lý do"),
        rule_set_id=rules.rule_set_id,
    )


@transaction.atomic
def record_temporary_in(
    *,
    actor: Any,
    person_name: str,
    external_organization: str,
    to_organization: Organization,
    start: dt.date,
    planned_end: dt.date | None,
    purpose: str,
    reason: str = "",
    today: dt.date | None = None,
) -> Movement:
    """A member of a party organization outside the tree attached temporarily to a cell of it (no member row:
    they are counted by their home organization)."""
    today = today or timezone.localdate()
    name = clean_text(person_name, "person_name", "họ và tên đảng viên", required=True)
    home = clean_text(external_organization, "external_organization", "tổ chức đảng nơi đi", required=True)
    check_day(start, "ngày bắt đầu sinh hoạt tạm thời", today=today, field="start")
    rules = rules_in_force(start)
    check_period(rules, start, planned_end, purpose)
    to_path, _ = _host(to_organization, "", None)
    movement = Movement.objects.create(
        kind=MovementKind.TEMPORARY_IN,
        person_name=name,
        external_organization=home,
        to_organization=to_organization,
        to_path=to_path,
        start=start,
        planned_end=planned_end,
        purpose=purpose,
        reason=clean_text(reason, "reason", "lý do"),
        rule_set_id=rules.rule_set_id,
        created_by=actor,
    )
    audit(
        "temporary_in",
        actor=actor,
        movement=movement,
        after=_dates(movement),
        data={"to_organization_id": to_organization.pk},
    )
    return movement


@transaction.atomic
def record_temporary_return(
    *, actor: Any, movement: Movement, on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The attachment ends on `on`: a member of the tree takes up their status at home again from that day."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, (MovementKind.TEMPORARY_OUT, MovementKind.TEMPORARY_IN))
    refuse_ended(locked, "Đã ghi nhận kết thúc sinh hoạt tạm thời ngày")
    check_day(on, "ngày kết thúc sinh hoạt tạm thời", today=today, field="on")
    check_not_before(
        on,
        locked.start + dt.timedelta(days=1),
        f"Ngày kết thúc phải sau ngày bắt đầu sinh hoạt tạm thời ({d(locked.start)}).",
        field="on",
    )
    if locked.member is not None:
        end_status(actor=actor, movement=locked, on=on, reason="Kết thúc sinh hoạt tạm thời")
    return write_step(
        locked,
        "temporary_returned",
        actor=actor,
        values={"ended_on": on, "state": MovementState.DONE},
        after={"ended_on": on.isoformat()},
    )


def _dates(movement: Movement) -> dict[str, Any]:
    names = ("start", "planned_end", "applied_on", "decision_date", "informed_on")
    out = {n: getattr(movement, n).isoformat() for n in names if getattr(movement, n) is not None}
    if movement.decision_number:
        out["decision_number"] = movement.decision_number
    return out


# --- Exemption --------------------------------------------------------------------------------------------


@transaction.atomic
def record_exemption(
    *,
    actor: Any,
    member: Member,
    applied_on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    informed_on: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Movement:
    """The cell's decision to exempt a member who applied: status EXEMPT from the decision's date."""
    today = today or timezone.localdate()
    check_day(applied_on, "ngày làm đơn", today=today, field="applied_on")
    check_day(decision_date, "ngày chi bộ quyết định", today=today, field="decision_date")
    number = clean_text(decision_number, "decision_number", "số quyết định (nghị quyết) của chi bộ", required=True)
    check_not_before(
        decision_date,
        applied_on,
        f"Chi bộ không thể quyết định ({d(decision_date)}) trước ngày đảng viên làm đơn ({d(applied_on)}).",
        field="decision_date",
    )
    if informed_on is not None:
        check_day(informed_on, "ngày báo cáo cấp trên", today=today, field="informed_on")
        check_not_before(
            informed_on,
            decision_date,
            "Ngày báo cáo cấp trên không được trước ngày chi bộ quyết định.",
            field="informed_on",
        )
    locked = active_member(member, "miễn công tác và sinh hoạt đảng")
    refuse_overlap(locked, STATUS_KINDS, decision_date, None)
    return _open(
        locked,
        "exempted",
        actor=actor,
        status=MemberStatus.EXEMPT,
        status_reason="Miễn công tác và sinh hoạt đảng",
        kind=MovementKind.EXEMPTION,
        start=decision_date,
        applied_on=applied_on,
        decision_number=number,
        decision_date=decision_date,
        informed_on=informed_on,
        reason=clean_text(reason, "reason", "lý do"),
    )


@transaction.atomic
def record_exemption_informed(
    *, actor: Any, movement: Movement, informed_on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The day the cell informed the level above of its exemption decision."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, MovementKind.EXEMPTION)
    check_day(informed_on, "ngày báo cáo cấp trên", today=today, field="informed_on")
    check_not_before(
        informed_on,
        locked.decision_date,
        "Ngày báo cáo cấp trên không được trước ngày chi bộ quyết định.",
        field="informed_on",
    )
    before = locked.informed_on
    return write_step(
        locked,
        "exemption_informed",
        actor=actor,
        values={"informed_on": informed_on},
        before={"informed_on": before.isoformat() if before else None},
        after={"informed_on": informed_on.isoformat()},
    )


@transaction.atomic
def end_exemption(
    *,
    actor: Any,
    movement: Movement,
    decision_number: str,
    decision_date: dt.date,
    expected_version: int,
    today: dt.date | None = None,
) -> Movement:
    """The member returns to party work and activities by a new decision of the cell, from its date."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, MovementKind.EXEMPTION)
    refuse_ended(locked, "Đã ghi nhận trở lại sinh hoạt từ ngày")
    number = clean_text(decision_number, "decision_number", "số quyết định của chi bộ", required=True)
    check_day(decision_date, "ngày chi bộ quyết định", today=today, field="decision_date")
    check_not_before(
        decision_date,
        locked.start + dt.timedelta(days=1),
        f"Quyết định trở lại sinh hoạt phải sau ngày bắt đầu miễn ({d(locked.start)}).",
        field="decision_date",
    )
    end_status(
        actor=actor,
        movement=locked,
        on=decision_date,
        reason="Trở lại công tác và sinh hoạt đảng",
        decision_number=number,
    )
    return _ended(locked, "exemption_ended", actor=actor, on=decision_date, number=number, decision_date=decision_date)


# --- Suspension -------------------------------------------------------------------------------------------


def suspension_days(start: dt.date, end: dt.date) -> int:
    """The days of a suspension from `start` to `end`, both counted."""
    return (end - start).days + 1


def check_suspension_length(rules: MovementRules, start: dt.date, end: dt.date, *, extended: bool) -> None:
    """90 days at first, at most 180 with the extensions (the rule set's `suspension` group)."""
    limit = rules.suspension_max_days if extended else rules.suspension_days
    length = suspension_days(start, end)
    if length > limit:
        what = "kể cả gia hạn" if extended else "khi quyết định (chưa gia hạn)"
        raise DomainError(
            rules.suspension_source.cite(
                f"Thời hạn đình chỉ sinh hoạt đảng từ {d(start)} đến {d(end)} là {length} ngày, quá {limit} ngày "
                f"{what}; thời hạn đình chỉ là {rules.suspension_days} ngày, gia hạn tổng cộng không quá "
                f"{rules.suspension_max_days} ngày; hạn xa nhất là ngày {d(start + dt.timedelta(days=limit - 1))}"
            ),
            field="planned_end" if not extended else "days",
        )


@transaction.atomic
def record_suspension(
    *,
    actor: Any,
    member: Member,
    start: dt.date,
    planned_end: dt.date | None,
    decision_number: str,
    decision_date: dt.date,
    reason: str = "",
    legal_proceedings: bool = False,
    today: dt.date | None = None,
) -> Movement:
    """Đình chỉ sinh hoạt đảng from `start` to `planned_end` (inclusive) by a decision, within the rule set's days
    (90; a suspension for legal proceedings lasts as the law says). A record, not a status: the member stays on
    the rolls with their status."""
    today = today or timezone.localdate()
    number = clean_text(decision_number, "decision_number", "số quyết định đình chỉ", required=True)
    check_day(decision_date, "ngày quyết định đình chỉ", today=today, field="decision_date")
    if start is None or planned_end is None:
        raise DomainError("Hãy nhập thời gian đình chỉ (từ ngày, đến ngày).", field="start")
    if start < decision_date:
        raise DomainError(
            f"Thời gian đình chỉ không thể bắt đầu ({d(start)}) trước ngày quyết định ({d(decision_date)}).",
            field="start",
        )
    if planned_end < start:
        raise DomainError("Ngày kết thúc đình chỉ không được trước ngày bắt đầu.", field="planned_end")
    rules = rules_in_force(start)
    if not legal_proceedings:
        check_suspension_length(rules, start, planned_end, extended=False)
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if locked.status not in ON_ROLLS:
        raise DomainError(
            f"Đồng chí {locked.full_name} không còn trong danh sách đảng viên "
            f"({MemberStatus(locked.status).label.lower()}): không thể đình chỉ sinh hoạt.",
            field="member",
        )
    refuse_overlap(locked, (MovementKind.SUSPENSION,), start, planned_end)
    return _open(
        locked,
        "suspended",
        actor=actor,
        data={"legal_proceedings": True} if legal_proceedings else None,
        kind=MovementKind.SUSPENSION,
        start=start,
        planned_end=planned_end,
        decision_number=number,
        decision_date=decision_date,
        reason=clean_text(reason, "reason", "lý do"),
        legal_proceedings=bool(legal_proceedings),
        rule_set_id=rules.rule_set_id,
    )


@transaction.atomic
def extend_suspension(
    *,
    actor: Any,
    movement: Movement,
    days: int,
    decision_number: str,
    decision_date: dt.date,
    reason: str = "",
    expected_version: int,
    today: dt.date | None = None,
) -> Movement:
    """Move a suspension's end `days` later by a decision taken before it ends; the whole period stays within
    the rule set's maximum (180 days) unless it is for legal proceedings."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, MovementKind.SUSPENSION)
    refuse_ended(locked, "Đình chỉ sinh hoạt đã chấm dứt từ ngày")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise DomainError("Số ngày gia hạn phải là số nguyên từ 1 đến 366.", field="days")
    number = clean_text(decision_number, "decision_number", "số quyết định gia hạn", required=True)
    check_day(decision_date, "ngày quyết định gia hạn", today=today, field="decision_date")
    assert locked.planned_end is not None
    previous = locked.planned_end
    if decision_date > previous:
        raise DomainError(
            f"Đình chỉ sinh hoạt đã hết hạn ngày {d(previous)}: không thể gia hạn bằng quyết định ngày "
            f"{d(decision_date)}.",
            field="decision_date",
        )
    check_not_before(decision_date, locked.decision_date, "Ngày quyết định gia hạn không được trước ngày quyết "
                     "định đình chỉ.", field="decision_date")  # fmt: skip
    new_end = previous + dt.timedelta(days=days)
    if not locked.legal_proceedings:
        check_suspension_length(rules_in_force(locked.start), locked.start, new_end, extended=True)
    text = clean_text(reason, "reason", "lý do gia hạn")
    SuspensionExtension.objects.create(movement=locked, days=days, previous_end=previous, new_end=new_end,
                                       decision_number=number, decision_date=decision_date, reason=text,
                                       created_by=actor)  # fmt: skip
    return write_step(
        locked,
        "suspension_extended",
        actor=actor,
        values={"planned_end": new_end},
        before={"planned_end": previous.isoformat()},
        after={"planned_end": new_end.isoformat(), "days": days, "decision_number": number},
    )


@transaction.atomic
def end_suspension_early(
    *,
    actor: Any,
    movement: Movement,
    on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    expected_version: int,
    today: dt.date | None = None,
) -> Movement:
    """Lift a suspension before its planned end by a decision: the member is no longer suspended from `on`."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, MovementKind.SUSPENSION)
    refuse_ended(locked, "Đình chỉ sinh hoạt đã chấm dứt từ ngày")
    number = clean_text(decision_number, "decision_number", "số quyết định chấm dứt đình chỉ", required=True)
    check_day(decision_date, "ngày quyết định", today=today, field="decision_date")
    if on is None or on <= locked.start:
        raise DomainError(f"Ngày chấm dứt phải sau ngày bắt đầu đình chỉ ({d(locked.start)}).", field="on")
    if locked.planned_end is not None and on > locked.planned_end:
        raise DomainError(
            f"Đình chỉ sinh hoạt đã hết hạn ngày {d(locked.planned_end)}: không cần chấm dứt sớm.", field="on"
        )
    check_not_before(on, decision_date, "Ngày chấm dứt không được trước ngày quyết định.", field="on")
    return _ended(locked, "suspension_ended", actor=actor, on=on, number=number, decision_date=decision_date)


def _ended(locked: Movement, action: str, *, actor: Any, on: dt.date, number: str, decision_date: dt.date) -> Movement:
    """A record ended from `on` by a decision (its number and date kept with the record)."""
    return write_step(
        locked,
        action,
        actor=actor,
        values={
            "ended_on": on,
            "state": MovementState.DONE,
            "end_decision_number": number,
            "end_decision_date": decision_date,
        },
        after={"ended_on": on.isoformat(), "end_decision_number": number},
    )
