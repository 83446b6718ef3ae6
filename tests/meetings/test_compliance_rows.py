"""A cell's quarter (`meetings.compliance`): every colour at its boundary, the reasons naming the rules, the
bulk recompute agreeing with the one-cell refresh, and quarters across a transfer and a restructuring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangbo.meetings.compliance import recompute, refresh_cell_quarter
from dangbo.meetings.enums import Compliance, MeetingKind, MeetingStatus
from dangbo.meetings.models import CellQuarter, Meeting, MeetingGuest
from dangbo.organizations.models import Organization

from ..conftest import World
from ..factories import make_org

# Quarter 1 of 2026 has ended, quarter 2 is running (April has ended, May has not).
TODAY = dt.date(2026, 5, 15)
TZ = timezone.get_current_timezone()


def held(
    cell: Organization, day: dt.date, kind: str = MeetingKind.REGULAR, *, minutes: int = 120, present: int = 9,
    expected: int = 10, status: str = MeetingStatus.HELD, guest: Any = None,
) -> Meeting:  # fmt: skip
    """A meeting written directly (the meeting services are tested on their own), with its counts."""
    start = dt.datetime.combine(day, dt.time(14, 0), tzinfo=TZ)
    meeting = Meeting.objects.create(
        organization=cell, kind=kind, status=status, planned_start=start, day=day, topic="Chủ đề",
        started_at=start, ended_at=start + dt.timedelta(minutes=minutes),
        attendance_recorded_at=start if expected else None, present_count=present, expected_count=expected,
    )  # fmt: skip
    if guest is not None:
        MeetingGuest.objects.create(meeting=meeting, member=guest)
    return meeting


def row(cell: Organization, quarter: int, year: int = 2026, today: dt.date = TODAY) -> CellQuarter:
    refresh_cell_quarter(organization=cell, year=year, quarter=quarter, today=today)
    return CellQuarter.objects.get(organization=cell, year=year, quarter=quarter)


def full_quarter(cell: Organization, quarter: int = 1, year: int = 2026, **kwargs: Any) -> None:
    """Monthly meetings in every month of the quarter, the first one combined with the thematic meeting."""
    first = 3 * (quarter - 1) + 1
    held(cell, dt.date(year, first, 10), MeetingKind.COMBINED, minutes=120, **kwargs)
    held(cell, dt.date(year, first + 1, 10), **kwargs)
    held(cell, dt.date(year, first + 2, 10), **kwargs)


@pytest.mark.django_db
def test_full_quarter_green(world: World) -> None:
    full_quarter(world.cell_a1)
    r = row(world.cell_a1, 1)
    assert (r.status, r.months_due, r.monthly_held, r.thematic_held, r.meetings_held) == (Compliance.GREEN, 3, 3, 1, 3)
    assert (r.present, r.expected, r.grassroots_id, r.path) == (27, 30, world.org_a.pk, world.cell_a1.path)
    assert r.reasons == []


@pytest.mark.django_db
def test_a_missing_month_is_red_naming_the_month_and_rule(world: World) -> None:
    held(world.cell_a1, dt.date(2026, 1, 10), MeetingKind.COMBINED)
    held(world.cell_a1, dt.date(2026, 3, 10))
    r = row(world.cell_a1, 1)
    assert (r.status, r.months_due, r.monthly_held) == (Compliance.RED, 3, 2)
    assert "Tháng 02/2026 chưa có buổi sinh hoạt chi bộ thường kỳ" in r.reasons[0]
    assert "Kế hoạch 20-KH/ĐUK" in r.reasons[0]
