"""The demo's meeting replies and notifications (issue 12 items 3 and 6):

- replies to the invitations of the meetings planned in the next two weeks: in each cell about half of the members
  on the rolls have answered, most "will attend", about one in ten absent with a reason; the demo member
  `dangvien` has not answered yet, so the demo shows the one-tap buttons;
- one run of the daily notifications on the demo's day, by the app's own `run_daily`: every demo account finds its
  due and overdue items under "Thông báo", and the run is recorded.

    build_notices(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dangbo.meetings.enums import MeetingStatus, ReplyAnswer
from dangbo.meetings.models import Meeting, MeetingReply
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.notifications.daily import run_daily
from dangbo.organizations.models import Organization

AHEAD = dt.timedelta(days=14)
ANSWERED = 0.5
ABSENT = 0.1
REASONS = ["Đi công tác", "Nghỉ ốm", "Trực cơ quan", "Việc gia đình", "Đi học lớp bồi dưỡng"]
BATCH = 5000


@dataclass
class NoticesResult:
    replies: int
    meetings: int
    notifications: int


def build_notices(*, bloc: Organization, seed: int, today: dt.date) -> NoticesResult:
    rng = random.Random(seed + 12)
    meetings = list(
        Meeting.objects.filter(organization__path__startswith=bloc.path, day__gte=today, day__lte=today + AHEAD)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("pk", "organization_id")
    )
    demo_member = Member.objects.filter(user__username="dangvien").values_list("pk", flat=True).first()
    members: dict[int, list[int]] = {}
    for pk, organization_id in Member.objects.filter(
        organization_id__in={o for _m, o in meetings}, status__in=ON_ROLLS
    ).values_list("pk", "organization_id"):
        members.setdefault(organization_id, []).append(pk)
    rows = []
    for meeting_id, organization_id in meetings:
        for member_id in members.get(organization_id, []):
            if member_id == demo_member or rng.random() >= ANSWERED:
                continue
            if rng.random() < ABSENT:
                rows.append(MeetingReply(meeting_id=meeting_id, member_id=member_id, answer=ReplyAnswer.ABSENT,
                                         reason=rng.choice(REASONS)))  # fmt: skip
            else:
                rows.append(MeetingReply(meeting_id=meeting_id, member_id=member_id, answer=ReplyAnswer.ATTEND))
    MeetingReply.objects.bulk_create(rows, batch_size=BATCH)
    run = run_daily(today=today, trigger="demo")
    made = sum((run.counts or {}).get("new", {}).values())
    return NoticesResult(replies=len(rows), meetings=len(meetings), notifications=made)
