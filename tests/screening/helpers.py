"""Records the screening signals read, written directly (meetings and attendance, ratings, reviews)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dangbo.evaluations.enums import SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign, RuleSet
from dangbo.meetings.enums import AbsenceReason, MeetingKind, MeetingStatus, Presence
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.screening.enums import Outcome
from dangbo.screening.models import Review, ScreeningRound, ScreeningRuleSet

YEAR = 2025


def held_meeting(cell: Organization, day: dt.date, *, kind: str = MeetingKind.REGULAR) -> Meeting:
    found = Meeting.objects.filter(organization=cell, day=day).first()
    if found is not None:
        return found
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    return Meeting.objects.create(
        organization=cell, kind=kind, status=MeetingStatus.HELD, planned_start=start, day=day,
        topic="Sinh hoạt chi bộ", started_at=start, ended_at=start + dt.timedelta(minutes=120),
    )  # fmt: skip


def mark(
    member: Member, day: dt.date, *, cell: Organization | None = None, presence: str = Presence.UNEXCUSED,
    member_status: str = "full",
) -> Attendance:  # fmt: skip
    """One attendance row of `member` at `cell`'s meeting on `day` (the member's current cell by default)."""
    cell = cell or member.organization
    meeting = held_meeting(cell, day)
    reason = AbsenceReason.WORK if presence == Presence.EXCUSED else ""
    return Attendance.objects.create(meeting=meeting, member=member, organization=cell, day=day,
                                     member_status=member_status, presence=presence, reason=reason)  # fmt: skip


def absent_in_months(member: Member, months: list[int], *, year: int = YEAR, day: int = 10, **kw: Any) -> None:
    for month in months:
        mark(member, dt.date(year, month, day), **kw)


def campaign_for(org: Organization, year: int) -> RatingCampaign:
    found = RatingCampaign.objects.filter(organization=org, year=year).first()
    if found:
        return found
    day = dt.date(year, 12, 31)
    return RatingCampaign.objects.create(
        year=year, organization=org, rule_set=RuleSet.objects.order_by("effective_from").last(),
        reference_date=day, self_assessment_due=day, review_due=day, proposal_due=day, decision_due=day,
        verification_due=day,
    )  # fmt: skip


def rate(member: Member, level: str, year: int) -> Rating:
    """A decided yearly rating of `member` (the final level the signal reads)."""
    unit = member.organization
    grassroots = unit.parent or unit
    return Rating.objects.create(
        campaign=campaign_for(grassroots.parent or grassroots, year), year=year, subject_kind=SubjectKind.MEMBER,
        member=member, unit=unit, unit_path=unit.path, grassroots=grassroots, org_type=grassroots.org_type,
        decided_level=level, final_level=level,
    )  # fmt: skip


def helping(member: Member, help_from: dt.date, *, year: int | None = None) -> Review:
    """A review that put `member` on the help list from `help_from` (written directly: the vote's record)."""
    year = year or help_from.year
    cell = member.organization
    round_, _ = ScreeningRound.objects.get_or_create(
        organization=cell, year=year,
        defaults={"opened_on": help_from, "rule_set": ScreeningRuleSet.objects.get(code="SL-2021")},
    )  # fmt: skip
    return Review.objects.create(round=round_, member=member, vote_date=help_from, eligible=3, votes_for=3,
                                 help_from=help_from, help_until=help_from + dt.timedelta(days=364),
                                 outcome=Outcome.HELPING)  # fmt: skip
