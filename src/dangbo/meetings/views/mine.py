"""The member's page "Sinh hoạt chi bộ của tôi", `/sinh-hoat/cua-toi/`, made for a phone: the next meetings of
their own cell (topic, time, place, the documents to read once published, their reply with one tap each way)
and the meetings held, with their minutes once recorded.

Only a user who is a member reaches it (403 otherwise). A reply names a meeting by id: one not of the member's own
cell answers 404 and is logged before any rule is checked; a refused reply shows the page again with the
Vietnamese reason (status 400), nothing saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.members.models import Member

from ..enums import ReplyAnswer
from ..models import Meeting, MeetingReply
from ..replies import REASON_LIMIT, may_reply, replies_by_member, reply_to_meeting
from ..selectors import past_for, upcoming_for

UPCOMING_SHOWN = 10
PAST_SHOWN = 12


@dataclass
class Invitation:
    """One meeting ahead with the member's reply (None: not answered yet) and whether they may still answer."""

    meeting: Meeting
    reply: MeetingReply | None
    open: bool


def own_member(request: HttpRequest) -> Member:
    """The user's own member record (403 for a user who is not a member)."""
    member_id = scope_for(request.user).member_id
    if member_id is None:
        raise PermissionDenied
    return Member.objects.select_related("organization__parent").get(pk=member_id)


def invitations(member: Member, *, now: dt.datetime) -> list[Invitation]:
    meetings = list(upcoming_for(member, today=timezone.localdate(now))[:UPCOMING_SHOWN])
    replies = replies_by_member(member, [m.pk for m in meetings])
    return [Invitation(m, replies.get(m.pk), may_reply(m, member, now=now)) for m in meetings]


def _render(request: HttpRequest, member: Member, *, error: str = "", error_meeting: int | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    now = timezone.now()
    context: dict[str, Any] = {
        "member": member,
        "invitations": invitations(member, now=now),
        "past": list(past_for(member, today=timezone.localdate(now))[:PAST_SHOWN]),
        "error": error,
        "error_meeting": error_meeting,
        "reason_limit": REASON_LIMIT,
    }
    return render(request, "meetings/mine.html", context, status=status)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return _render(request, own_member(request))


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: `answer` = attend, or absent with `reason`."""
    member = own_member(request)
    meeting = get_in_scope_or_404(
        request, Meeting.objects.filter(organization_id=member.organization_id), pk, what="meeting"
    )
    answer = request.POST.get("answer", "")
    try:
        reply_to_meeting(actor=request.user, member=member, meeting=meeting, answer=answer,
                         reason=request.POST.get("reason", ""))  # fmt: skip
    except DomainError as error:
        return _render(request, member, error=error.message, error_meeting=meeting.pk, status=400)
    if answer == ReplyAnswer.ATTEND:
        messages.success(request, _("Đã xác nhận: đồng chí sẽ dự buổi sinh hoạt."))
    else:
        messages.success(request, _("Đã gửi lý do vắng mặt tới chi ủy."))
    return redirect(reverse("meetings:mine") + f"#moi-{meeting.pk}")
