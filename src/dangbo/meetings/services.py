"""Writes on meetings: schedule, edit the plan, record it held, minutes and resolutions, upper-level guests,
cancel. Attendance is saved by `attendance.save_attendance`, files by `meeting_files`.

Every write: keyword-only arguments, one transaction, the meeting row locked and its `version` compared (a stale
form raises `ConcurrentEditError`), the checks (Vietnamese `DomainError`, nothing saved), the write, one audit
entry, and the cell's quarter recomputed (`compliance.refresh_cell_quarter`) when the change touches a held
meeting. A meeting whose quarter a committee has locked (`QuarterLock` on its unit or above) is never changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from . import compliance
from .enums import MeetingKind, MeetingStatus
from .models import Meeting, MeetingGuest
from .rules import rules_on
from .selectors import guest_choices, is_locked, quarter_of

PLAN_FIELDS = ["kind", "planned_start", "day", "place", "topic", "agenda", "monthly_slot", "rule_set_id"]
AUDITED_FIELDS = [
    *PLAN_FIELDS, "status", "started_at", "ended_at", "minutes", "resolutions", "cancel_reason",
]  # fmt: skip
EARLIEST_DAY = dt.date(2000, 1, 1)
DAYS_AHEAD = 366  # a meeting is planned at most a year ahead
LONGEST = dt.timedelta(hours=12)  # longer than this, the times were typed wrong
COMMITTEE_UNIT_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE, OrgKind.UPPER}
TEXT_LIMITS = {"topic": 500, "place": 255, "cancel_reason": 255}


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def audit(action: str, *, actor: Any, meeting: Meeting, **entry: Any) -> None:
    """One audit entry about a meeting (`meetings.meeting.<action>`)."""
    log_action(
        f"meetings.meeting.{action}",
        actor=actor,
        object_type="meeting",
        object_id=meeting.pk,
        object_repr=f"{meeting} — {meeting.organization.name}",
        scope_path=meeting.organization.path,
        **entry,
    )


def refresh(meeting: Meeting, *days: dt.date) -> None:
    """Recompute the cell's quarter of `meeting.day` (and of any other day it moved from)."""
    if meeting.organization.kind not in MEMBER_HOLDING_KINDS:
        return
    for year, quarter in sorted({quarter_of(d) for d in (meeting.day, *days)}):
        compliance.refresh_cell_quarter(organization=meeting.organization, year=year, quarter=quarter)


def check_open_quarter(organization: Organization, day: dt.date) -> None:
    """Refuse a change in a quarter locked for the unit (on it or above it)."""
    year, quarter = quarter_of(day)
    if is_locked(organization, year, quarter):
        raise DomainError(
            f"Số liệu sinh hoạt quý {quarter}/{year} của “{organization.name}” đã được khóa: "
            "không thể thêm hoặc sửa buổi sinh hoạt trong quý này.",
            code="locked",
        )


def lock_meeting(meeting: Meeting, expected_version: int) -> Meeting:
    """The meeting's row, locked for this transaction; a stale version is refused."""
    locked = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def _check_day(day: dt.date, *, today: dt.date) -> None:
    if day < EARLIEST_DAY:
        raise DomainError(f"Ngày sinh hoạt không được trước {_d(EARLIEST_DAY)}.", field="day")
    latest = today + dt.timedelta(days=DAYS_AHEAD)
    if day > latest:
        raise DomainError(f"Ngày sinh hoạt không được sau {_d(latest)} (lên lịch trước tối đa một năm).", field="day")


def _check_unit(organization: Organization, kind: str) -> None:
    if kind not in MeetingKind.values:
        raise DomainError("Loại sinh hoạt không hợp lệ.", field="kind")
    if not organization.is_active:
        raise DomainError(f"“{organization.name}” đã giải thể.", field="organization")
    if kind == MeetingKind.GRASSROOTS_COMMITTEE:
        if organization.kind not in COMMITTEE_UNIT_KINDS:
            raise DomainError(f"“{organization.name}” không phải đảng bộ: không có cuộc họp đảng ủy.", field="kind")
    elif organization.kind not in MEMBER_HOLDING_KINDS:
        raise DomainError(
            f"“{organization.name}” không phải chi bộ: buổi sinh hoạt chi bộ được lên lịch cho từng chi bộ.",
            field="organization",
        )


def _clean_text(value: str, name: str, label: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=name)
    limit = TEXT_LIMITS.get(name)
    if limit and len(text) > limit:
        raise DomainError(f"{label.capitalize()} dài quá {limit} ký tự.", field=name)
    return text


def _slot_for(meeting: Meeting) -> None:
    """Set the rule set in force on the day and the month the meeting counts for (kinds in
    `frequency.monthly_kinds`), refusing a second monthly meeting of the unit in that month."""
    rules = rules_on(meeting.day)
    meeting.rule_set_id = rules.rule_set_id
    slot = f"{meeting.day:%Y-%m}" if rules.counts_as_monthly(meeting.kind) else None
    if meeting.status == MeetingStatus.CANCELLED:
        slot = None
    meeting.monthly_slot = slot
    if slot is None:
        return
    other = (
        Meeting.objects.filter(organization_id=meeting.organization_id, monthly_slot=slot)
        .exclude(pk=meeting.pk)
        .first()
    )
    if other is not None:
        raise DomainError(
            f"“{meeting.organization.name}” đã có buổi sinh hoạt thường kỳ tháng {meeting.day:%m/%Y} "
            f"(ngày {_d(other.day)}: {other.topic}). Không thể có hai buổi sinh hoạt thường kỳ của một chi bộ "
            "trong một tháng; hãy chọn loại sinh hoạt khác hoặc hủy buổi kia trước.",
            field="kind",
        )


def _save(meeting: Meeting, **kwargs: Any) -> None:
    """Save, turning the one-monthly-meeting constraint (two saves racing) into its message."""
    try:
        with transaction.atomic():
            meeting.save(**kwargs)
    except IntegrityError as exc:
        if "meeting_one_monthly_per_month" in str(exc) or "monthly_slot" in str(exc):
            raise DomainError(
                "Chi bộ đã có buổi sinh hoạt thường kỳ trong tháng này: không thể có hai buổi trong một tháng.",
                field="kind",
            ) from exc
        raise


@transaction.atomic
def schedule_meeting(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    planned_start: dt.datetime,
    topic: str,
    agenda: str = "",
    place: str = "",
    today: dt.date | None = None,
) -> Meeting:
    """Plan a meeting: the unit and kind fit, the day is sane and its quarter open, a rule set is in force that
    day, and a meeting counting as monthly is the unit's only one in the month. Audited."""
    today = today or timezone.localdate()
    day = timezone.localtime(planned_start).date()
    _check_unit(organization, kind)
    _check_day(day, today=today)
    check_open_quarter(organization, day)
    meeting = Meeting(
        organization=organization, kind=kind, planned_start=planned_start, day=day,
        topic=_clean_text(topic, "topic", "chủ đề, nội dung", required=True), agenda=(agenda or "").strip(),
        place=_clean_text(place, "place", "địa điểm"),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    _slot_for(meeting)
    _save(meeting)
    audit("scheduled", actor=actor, meeting=meeting, after=snapshot(meeting, PLAN_FIELDS))
    return meeting


@transaction.atomic
def update_plan(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int,
    kind: str,
    planned_start: dt.datetime,
    topic: str,
    agenda: str = "",
    place: str = "",
    today: dt.date | None = None,
) -> Meeting:
    """Edit a planned meeting's kind, time, place, topic and agenda (a held one keeps its day: its times are
    recorded by `record_held`). Same checks as scheduling."""
    today = today or timezone.localdate()
    locked = lock_meeting(meeting, expected_version)
    if locked.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy: không sửa được kế hoạch.")
    old_day = locked.day
    before = snapshot(locked, PLAN_FIELDS)
    day = timezone.localtime(planned_start).date()
    if locked.status == MeetingStatus.HELD and day != old_day:
        raise DomainError("Buổi sinh hoạt đã tổ chức: ngày họp sửa ở phần “Ghi nhận đã tổ chức”.", field="day")
    _check_unit(locked.organization, kind)
    _check_day(day, today=today)
    check_open_quarter(locked.organization, old_day)
    check_open_quarter(locked.organization, day)
    if day != old_day and locked.attendance_recorded_at is not None:
        raise DomainError(
            f"Buổi sinh hoạt đã điểm danh theo danh sách ngày {_d(old_day)}: không thể chuyển sang ngày khác.",
            field="day",
        )
    locked.kind, locked.planned_start, locked.day = kind, planned_start, day
    locked.topic = _clean_text(topic, "topic", "chủ đề, nội dung", required=True)
    locked.agenda, locked.place = (agenda or "").strip(), _clean_text(place, "place", "địa điểm")
    _slot_for(locked)
    locked.version += 1
    _save(locked)
    old, new = diff(before, snapshot(locked, PLAN_FIELDS))
    audit("plan_updated", actor=actor, meeting=locked, before=old, after=new)
    if locked.status == MeetingStatus.HELD:
        refresh(locked, old_day)
    return locked


@transaction.atomic
def record_held(
    *, actor: Any, meeting: Meeting, expected_version: int, started_at: dt.datetime, ended_at: dt.datetime
) -> Meeting:
    """Record that the meeting took place, from `started_at` to `ended_at` (its day becomes the start's day).

    Refused: end not after start, start in the future, more than 12 hours, a cancelled meeting, a locked quarter,
    a new day after attendance was taken on the old one's roll. A meeting shorter than the rule set's minimum is
    recorded and flagged on its page (`rules.length_verdict`), not refused."""
    locked = lock_meeting(meeting, expected_version)
    if locked.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy: không thể ghi nhận đã tổ chức.")
    if ended_at <= started_at:
        raise DomainError("Giờ kết thúc phải sau giờ bắt đầu.", field="ended_at")
    if started_at > timezone.now():
        raise DomainError("Chưa thể ghi nhận buổi sinh hoạt chưa diễn ra: giờ bắt đầu ở sau thời điểm hiện tại.",
                          field="started_at")  # fmt: skip
    if ended_at - started_at > LONGEST:
        raise DomainError("Buổi sinh hoạt kéo dài hơn 12 giờ: hãy kiểm tra lại ngày và giờ đã nhập.", field="ended_at")
    old_day = locked.day
    day = timezone.localtime(started_at).date()
    _check_day(day, today=timezone.localdate())
    check_open_quarter(locked.organization, old_day)
    check_open_quarter(locked.organization, day)
    if day != old_day and locked.attendance_recorded_at is not None:
        raise DomainError(
            f"Buổi sinh hoạt đã điểm danh theo danh sách ngày {_d(old_day)}: ngày tổ chức phải là ngày đó.",
            field="started_at",
        )
    before = snapshot(locked, AUDITED_FIELDS)
    locked.day, locked.started_at, locked.ended_at = day, started_at, ended_at
    locked.status = MeetingStatus.HELD
    _slot_for(locked)
    locked.version += 1
    _save(locked)
    old, new = diff(before, snapshot(locked, AUDITED_FIELDS))
    audit("held", actor=actor, meeting=locked, before=old, after=new)
    refresh(locked, old_day)
    return locked


@transaction.atomic
def record_minutes(*, actor: Any, meeting: Meeting, expected_version: int, minutes: str, resolutions: str) -> Meeting:
    """The minutes' text and the resolutions or conclusions of a held meeting."""
    locked = lock_meeting(meeting, expected_version)
    if locked.status != MeetingStatus.HELD:
        raise DomainError("Chỉ ghi biên bản sau khi đã ghi nhận buổi sinh hoạt đã tổ chức.")
    check_open_quarter(locked.organization, locked.day)
    before = snapshot(locked, ["minutes", "resolutions"])
    locked.minutes, locked.resolutions = (minutes or "").strip(), (resolutions or "").strip()
    locked.version += 1
    locked.save(update_fields=["minutes", "resolutions", "version", "updated_at"])
    old, new = diff(before, snapshot(locked, ["minutes", "resolutions"]))
    audit("minutes_recorded", actor=actor, meeting=locked, before=old, after=new)
    return locked


@transaction.atomic
def set_guests(*, actor: Any, meeting: Meeting, expected_version: int, member_ids: list[int]) -> Meeting:
    """The upper-level committee members who attended, chosen among `selectors.guest_choices` for the meeting's
    day (anyone else is refused); replaces the list recorded before."""
    locked = lock_meeting(meeting, expected_version)
    if locked.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy.")
    check_open_quarter(locked.organization, locked.day)
    choices = {c.member.pk: c for c in guest_choices(locked)}
    wanted = sorted(set(member_ids))
    unknown = [pk for pk in wanted if pk not in choices]
    if unknown:
        raise DomainError(
            f"Chỉ ghi nhận cấp ủy viên cấp trên hoặc người được phân công phụ trách “{locked.organization.name}” "
            f"vào ngày {_d(locked.day)}.",
            field="guests",
        )
    before = sorted(locked.guests.values_list("member_id", flat=True))
    locked.guests.all().delete()
    MeetingGuest.objects.bulk_create(
        [MeetingGuest(meeting=locked, member=choices[pk].member, assignment=choices[pk].assignment) for pk in wanted]
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    names = [choices[pk].member.full_name for pk in wanted]
    audit("guests_recorded", actor=actor, meeting=locked, before={"guests": before},
          after={"guests": wanted}, data={"names": names})  # fmt: skip
    if locked.status == MeetingStatus.HELD:
        refresh(locked)
    return locked


@transaction.atomic
def cancel_meeting(*, actor: Any, meeting: Meeting, expected_version: int, reason: str) -> Meeting:
    """Cancel a planned meeting (with its reason); its month is free again for another monthly meeting."""
    locked = lock_meeting(meeting, expected_version)
    if locked.status != MeetingStatus.PLANNED:
        raise DomainError("Chỉ hủy được buổi sinh hoạt chưa tổ chức.")
    check_open_quarter(locked.organization, locked.day)
    locked.cancel_reason = _clean_text(reason, "cancel_reason", "lý do hủy", required=True)
    locked.status, locked.monthly_slot = MeetingStatus.CANCELLED, None
    locked.version += 1
    locked.save(update_fields=["status", "monthly_slot", "cancel_reason", "version", "updated_at"])
    audit(
        "cancelled", actor=actor, meeting=locked, after={"status": locked.status, "cancel_reason": locked.cancel_reason}
    )
    return locked
