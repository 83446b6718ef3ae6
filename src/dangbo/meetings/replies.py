"""A member's reply to a meeting's invitation: "I will attend" or "absent, because …", one per member and meeting,
changed as often as wanted until the meeting starts.

Refused with a Vietnamese `DomainError`, nothing saved: a meeting of another cell (the views answer 404 and log it
before asking), a cancelled meeting, one already held or whose attendance is recorded, one that has started, an
unknown answer, an absence without a reason, a reason longer than `REASON_LIMIT`. Each write is audited
(`meetings.reply.recorded`). The replies inform the secretary: the meeting's page lists them and the attendance
page pre-fills a replied absence as "absent with a reason" (the secretary's roll is the record; decision 0046).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.members.models import Member

from .enums import MeetingStatus, ReplyAnswer
from .models import Meeting, MeetingReply
from .selectors import COMMITTEE_KINDS

REASON_LIMIT = 255  # the column's length


def replies_of(meeting: Meeting) -> QuerySet[MeetingReply]:
    """The meeting's replies in the members' name order."""
    return meeting.replies.select_related("member").order_by("member__sort_key", "member_id")


def replies_by_member(member: Member, meeting_ids: list[int]) -> dict[int, MeetingReply]:
    """The member's own replies to these meetings, by meeting id (one query)."""
    rows = MeetingReply.objects.filter(member=member, meeting_id__in=meeting_ids)
    return {r.meeting_id: r for r in rows}


def absences_replied(meeting: Meeting) -> dict[int, str]:
    """The members who replied they will be absent, with their reason (what pre-fills the attendance roll)."""
    rows = meeting.replies.filter(answer=ReplyAnswer.ABSENT).values_list("member_id", "reason")
    return {member_id: reason for member_id, reason in rows}


def check_open(meeting: Meeting, member: Member, *, now: dt.datetime) -> None:
    """Why the member may not reply to this meeting now (DomainError), or nothing."""
    if meeting.organization_id != member.organization_id:
        raise DomainError("Buổi sinh hoạt không thuộc chi bộ của đồng chí.")
    if meeting.kind in COMMITTEE_KINDS:
        raise DomainError("Cuộc họp của cấp ủy: chỉ các cấp ủy viên được triệu tập, không trả lời ở đây.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy.")
    if meeting.status == MeetingStatus.HELD or meeting.attendance_recorded_at is not None:
        raise DomainError("Buổi sinh hoạt đã tổ chức, đã điểm danh: không còn trả lời được.")
    if meeting.planned_start <= now:
        raise DomainError(
            f"Buổi sinh hoạt đã bắt đầu lúc {timezone.localtime(meeting.planned_start):%H:%M %d/%m/%Y}: "
            "không còn trả lời được."
        )


def may_reply(meeting: Meeting, member: Member, *, now: dt.datetime) -> bool:
    try:
        check_open(meeting, member, now=now)
    except DomainError:
        return False
    return True


@transaction.atomic
def reply_to_meeting(
    *, actor: Any, member: Member, meeting: Meeting, answer: str, reason: str = "", now: dt.datetime | None = None
) -> MeetingReply:
    """Record (or change) the member's reply. Audited with the answer before and after."""
    now = now or timezone.now()
    locked = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    check_open(locked, member, now=now)
    if answer not in ReplyAnswer.values:
        raise DomainError("Câu trả lời không hợp lệ: chọn “Sẽ dự” hoặc “Xin vắng”.", field="answer")
    text = " ".join((reason or "").split())
    if answer == ReplyAnswer.ABSENT and not text:
        raise DomainError("Xin vắng phải ghi lý do.", field="reason")
    if len(text) > REASON_LIMIT:
        raise DomainError(f"Lý do vắng dài quá {REASON_LIMIT} ký tự.", field="reason")
    if answer == ReplyAnswer.ATTEND:
        text = ""
    row = MeetingReply.objects.filter(meeting=locked, member=member).first()
    before = {"answer": row.answer, "reason": row.reason} if row else {}
    if row is None:
        row = MeetingReply(meeting=locked, member=member)
    row.answer, row.reason = answer, text
    row.save()
    log_action(
        "meetings.reply.recorded", actor=actor, object_type="meeting", object_id=locked.pk,
        object_repr=f"{locked} — {locked.organization.name}", scope_path=locked.organization.path,
        before=before, after={"answer": answer, "reason": text}, data={"member_id": member.pk},
    )  # fmt: skip
    return row
