"""Meetings made through the services, on fixed past days under the 2025 rule set (in force from 28/10/2025)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dangbo.meetings import services
from dangbo.meetings.attendance import Mark, save_attendance
from dangbo.meetings.enums import MeetingKind
from dangbo.meetings.models import Meeting
from dangbo.organizations.models import Organization

DAY = dt.date(2026, 3, 10)  # a Tuesday of the first quarter of 2026, under SH-2025
TODAY = dt.date(2026, 11, 27)


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def plan(
    org: Organization,
    *,
    actor: Any = None,
    kind: str = MeetingKind.REGULAR,
    day: dt.date = DAY,
    topic: str = "Sinh hoạt thường kỳ",
    **extra: Any,
) -> Meeting:
    return services.schedule_meeting(actor=actor, organization=org, kind=kind, planned_start=at(day),
                                     topic=topic, today=TODAY, **extra)  # fmt: skip


def hold(meeting: Meeting, *, minutes: int = 120, actor: Any = None) -> Meeting:
    start = at(meeting.day)
    return services.record_held(actor=actor, meeting=meeting, expected_version=meeting.version, started_at=start,
                                ended_at=start + dt.timedelta(minutes=minutes))  # fmt: skip


def attend(meeting: Meeting, exceptions: dict[int, Mark] | None = None, *, actor: Any = None) -> Meeting:
    return save_attendance(actor=actor, meeting=meeting, expected_version=meeting.version,
                           exceptions=exceptions or {}, today=TODAY)  # fmt: skip
