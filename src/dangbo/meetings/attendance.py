"""Saving a meeting's attendance: the whole roll in one request, everyone present by default.

    save_attendance(actor=user, meeting=m, expected_version=m.version,
                    exceptions={member_id: Mark(Presence.EXCUSED, AbsenceReason.SICK)})

Steps (one transaction, all or nothing): lock the meeting and compare its version (`ConcurrentEditError`); refuse
a cancelled meeting, one still ahead, one in a locked quarter; read the roll on the meeting's day from the dated
history (`selectors.roll_of`) and refuse any mark for someone not on it; check each mark; replace the meeting's
attendance rows (one delete, one bulk insert); store the counts and the quorum's base on the meeting; one audit
entry; recompute the cell's quarter. About ten queries whatever the size of the cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member

from .enums import AbsenceReason, MeetingStatus, Presence
from .models import Attendance, Meeting
from .rules import count_quorum, rules_on
from .selectors import RollEntry, quorum_roll, roll_of
from .services import audit, check_open_quarter, lock_meeting, refresh

NOTE_LIMIT = 255
COUNT_FIELDS = ["present_count", "excused_count", "unexcused_count", "expected_count", "quorum_base"]


@dataclass(frozen=True)
class Mark:
    """An exception to "present": absent with a reason (and its kind), absent without one; or, for an exempt
    member (who need not come), present."""

    presence: str
    reason: str = ""
    note: str = ""


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _refuse_not_on_roll(meeting: Meeting, ids: list[int]) -> None:
    names = list(Member.objects.filter(pk__in=ids).order_by("sort_key").values_list("family_name", "middle_name",
                                                                                     "given_name"))  # fmt: skip
    who = ", ".join(" ".join(p for p in n if p) for n in names) or ", ".join(str(i) for i in ids)
    raise DomainError(
        f"Không điểm danh được: {who} không sinh hoạt tại “{meeting.organization.name}” vào ngày {_d(meeting.day)} "
        "(theo quá trình sinh hoạt đảng). Chưa lưu gì.",
        field="members",
    )


def _check_mark(entry: RollEntry, mark: Mark) -> Mark:
    name = entry.member.full_name
    if mark.presence not in Presence.values:
        raise DomainError(f"Điểm danh của đồng chí {name} không hợp lệ.", field="members")
    note = (mark.note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise DomainError(f"Ghi chú lý do vắng của đồng chí {name} dài quá {NOTE_LIMIT} ký tự.", field="members")
    if not entry.markable:
        status = "đang bị đình chỉ sinh hoạt đảng" if entry.suspended else MemberStatus(entry.status).label.lower()
        raise DomainError(
            f"Đồng chí {name} ({status}) không thuộc diện điểm danh tại chi bộ ngày này.", field="members"
        )
    if entry.optional and mark.presence != Presence.PRESENT:
        return Mark(mark.presence)  # an exempt member who did not come: no row (see `_rows`)
    if mark.presence == Presence.EXCUSED:
        if mark.reason not in AbsenceReason.values:
            raise DomainError(f"Hãy chọn lý do vắng của đồng chí {name}.", field="members")
        return Mark(Presence.EXCUSED, mark.reason, note)
    return Mark(mark.presence, "", note if mark.presence == Presence.UNEXCUSED else "")


def _rows(meeting: Meeting, roll: list[RollEntry], marks: dict[int, Mark]) -> list[Attendance]:
    """One row per member who had to come, and per exempt member who came."""
    rows = []
    for entry in roll:
        mark = marks.get(entry.member.pk) or (Mark(Presence.PRESENT) if entry.expected else None)
        if mark is None or not entry.markable or (entry.optional and mark.presence != Presence.PRESENT):
            continue
        rows.append(
            Attendance(
                meeting=meeting,
                member=entry.member,
                organization_id=meeting.organization_id,
                day=meeting.day,
                member_status=entry.status,
                presence=mark.presence,
                reason=mark.reason,
                reason_note=mark.note,
            )
        )
    return rows


@transaction.atomic
def save_attendance(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int,
    exceptions: Mapping[int, Mark],
    today: dt.date | None = None,
) -> Meeting:
    """Save the whole roll: members who had to come are present unless `exceptions` (member id → `Mark`) says
    otherwise; exempt members are counted only when marked present. See the module's docstring for the steps."""
    today = today or timezone.localdate()
    locked = lock_meeting(meeting, expected_version)
    if locked.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy: không điểm danh.")
    if locked.day > today:
        raise DomainError(f"Buổi sinh hoạt ngày {_d(locked.day)} chưa diễn ra: chưa điểm danh được.")
    check_open_quarter(locked.organization, locked.day)
    roll = roll_of(locked)
    by_id = {e.member.pk: e for e in roll}
    outside = sorted(pk for pk in exceptions if pk not in by_id)
    if outside:
        _refuse_not_on_roll(locked, outside)
    marks = {pk: _check_mark(by_id[pk], mark) for pk, mark in exceptions.items()}
    rows = _rows(locked, roll, marks)
    rules = rules_on(locked.day)
    guests = {e.member.pk for e in roll if e.attached}  # attached here temporarily: counted at home
    present = {r.member_id for r in rows if r.presence == Presence.PRESENT and r.member_id not in guests}
    quorum = count_quorum(rules, quorum_roll(roll, present))
    before = {name: getattr(locked, name) for name in COUNT_FIELDS}
    Attendance.objects.filter(meeting=locked).delete()
    Attendance.objects.bulk_create(rows)
    locked.present_count = len(present)
    locked.excused_count = sum(1 for r in rows if r.presence == Presence.EXCUSED)
    locked.unexcused_count = sum(1 for r in rows if r.presence == Presence.UNEXCUSED)
    locked.expected_count = sum(1 for r in rows if r.member_id not in guests)
    locked.quorum_base = quorum.base
    locked.attendance_recorded_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=[*COUNT_FIELDS, "attendance_recorded_at", "version", "updated_at"])
    absent = [
        {"member_id": r.member_id, "presence": r.presence, "reason": r.reason}
        for r in rows
        if r.presence != Presence.PRESENT
    ]
    audit(
        "attendance_saved", actor=actor, meeting=locked, before=before,
        after={name: getattr(locked, name) for name in COUNT_FIELDS},
        data={"absent": absent, "exempt_present": quorum.exempt_present},
    )  # fmt: skip
    refresh(locked)
    return locked
