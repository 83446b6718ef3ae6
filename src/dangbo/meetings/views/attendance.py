"""The attendance page, made for a cell secretary on a phone: the whole roll of the meeting's day, everyone who
must attend marked present, one tap per exception (absent with a reason, whose kind is then chosen; absent
without one), exempt members ticked only when they came. It works without JavaScript (plain radio buttons and a
select); `static/js/meetings.js` only keeps the running count and moves the focus to the reason.

Each member is one field `m-<id>` (present, excused, unexcused), with `r-<id>` (the reason's kind) and `n-<id>`
(a note). An id of a member the user may not see answers 404 and is logged; anyone else not on the roll of the
day is refused by the service with nothing saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError

from .. import services
from ..attendance import Mark, save_attendance
from ..enums import AbsenceReason, MeetingStatus, Presence
from ..models import Meeting
from ..replies import absences_replied
from ..selectors import RollEntry, roll_of
from .common import meeting_in_scope, refuse_hidden_members

FIELD = re.compile(r"^m-(\d{1,12})$")


@dataclass
class Line:
    """One member's line on the page: what is marked now (posted, saved, or the default)."""

    entry: RollEntry
    presence: str
    reason: str = ""
    note: str = ""


def read_marks(post: QueryDict, roll: list[RollEntry]) -> dict[int, Mark]:
    """The exceptions to "present" posted for the roll, and any mark posted for someone not on it."""
    on_roll = {e.member.pk: e for e in roll}
    marks: dict[int, Mark] = {}
    for key in post:
        match = FIELD.match(key)
        if not match:
            continue
        pk = int(match.group(1))
        presence = post.get(key, "")
        mark = Mark(presence, post.get(f"r-{pk}", "") if presence == Presence.EXCUSED else "", post.get(f"n-{pk}", ""))
        entry = on_roll.get(pk)
        exception = entry.expected and presence != Presence.PRESENT if entry else True
        came = entry is not None and entry.optional and presence == Presence.PRESENT
        if exception or came:
            marks[pk] = mark
    return marks


def _lines(meeting: Meeting, roll: list[RollEntry], marks: dict[int, Mark] | None) -> list[Line]:
    if marks is None:  # not posted: what was saved, else a replied absence, else everyone who must come present
        saved = {a.member_id: a for a in meeting.attendances.all()}
        absent = {} if saved else absences_replied(meeting)
        lines = []
        for e in roll:
            row = saved.get(e.member.pk)
            if row is not None:
                lines.append(Line(e, row.presence, row.reason, row.reason_note))
            elif e.member.pk in absent and e.expected:
                lines.append(Line(e, Presence.EXCUSED, AbsenceReason.OTHER, absent[e.member.pk]))
            else:
                lines.append(Line(e, Presence.PRESENT if e.expected else ""))
        return lines
    out = []
    for e in roll:
        mark = marks.get(e.member.pk)
        default = Presence.PRESENT if e.expected else ""
        out.append(Line(e, mark.presence, mark.reason, mark.note) if mark else Line(e, default))
    return out


def _render(
    request: HttpRequest, meeting: Meeting, lines: list[Line], *, error: str = "", version: int | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    """The page; after a refusal it keeps what was marked and the version the form was opened with (a stale form
    stays stale until the page is loaded again)."""
    expected = [ln for ln in lines if ln.entry.expected]
    context: dict[str, Any] = {
        "meeting": meeting,
        "expected": expected,
        "optional": [ln for ln in lines if ln.entry.optional],
        "not_counted": [ln for ln in lines if not ln.entry.markable],
        "present": sum(1 for ln in expected if ln.presence == Presence.PRESENT),
        "reasons": AbsenceReason.choices,
        "error": error,
        "version": meeting.version if version is None else version,
    }
    return render(request, "meetings/attendance.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("Buổi sinh hoạt đã hủy: không điểm danh."))
        return redirect("meetings:detail", pk=meeting.pk)
    roll = roll_of(meeting)
    if request.method != "POST":  # the roll with each member's saved mark: a full-record view, audited
        services.audit("viewed", actor=request.user, meeting=meeting, data={"page": "attendance"}, request=request)
        return _render(request, meeting, _lines(meeting, roll, None))
    marks = read_marks(request.POST, roll)
    on_roll = {e.member.pk for e in roll}
    refuse_hidden_members(request, scope, [pk for pk in marks if pk not in on_roll])
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    try:
        saved = save_attendance(actor=request.user, meeting=meeting, expected_version=version, exceptions=marks)
    except DomainError as error:
        return _render(request, meeting, _lines(meeting, roll, marks), error=error.message, version=version, status=400)
    messages.success(
        request,
        _("Đã lưu điểm danh: có mặt %(present)s/%(expected)s.")
        % {"present": saved.present_count, "expected": saved.expected_count},
    )
    return redirect("meetings:detail", pk=meeting.pk)
