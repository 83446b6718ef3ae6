"""What the member's handbook page shows, each part read from the app that owns it (the member's own records
only: every read here is by the member's id, so a page costs a handful of indexed queries whatever the size of the
tree)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.accounts.scope import scope_for
from dangbo.assignments.selectors import MyTasks, my_tasks_card
from dangbo.dues.selectors import member_totals
from dangbo.evaluations.models import Rating
from dangbo.library.models import StudyMark
from dangbo.library.selectors import documents_published_to_member
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors import next_meeting_for
from dangbo.members.models import Member
from dangbo.members.seniority import SeniorityYMD, seniority_ymd
from dangbo.movements.models import Movement
from dangbo.movements.selectors import describe
from dangbo.questions.enums import QuestionState
from dangbo.questions.selectors import own_questions
from dangbo.recognition.models import Badge
from dangbo.recognition.selectors import member_badges

RATINGS_SHOWN = 5
MOVEMENTS_SHOWN = 5


@dataclass(frozen=True)
class MovementLine:
    movement: Movement
    text: str


@dataclass(frozen=True)
class Handbook:
    """The summary the national member handbook shows, and the member's own records beside it."""

    member: Member
    seniority: SeniorityYMD
    badges: list[Badge]
    ratings: list[Rating]
    tasks: MyTasks
    dues_owed: int
    movements: list[MovementLine]
    next_meeting: Meeting | None  # the member's cell's next meeting
    to_study: int  # documents published to the member not marked studied
    questions_waiting: int  # the member's questions not yet answered


def member_of(user: Any) -> Member | None:
    """The signed-in user's own member record; None for an anonymous user or an account that is no member."""
    if not user.is_authenticated or scope_for(user).member_id is None:
        return None
    return Member.objects.select_related("organization").filter(user=user).first()


def handbook(member: Member, *, today: dt.date) -> Handbook:
    periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
    ratings = Rating.objects.filter(member=member).select_related("unit").order_by("-year")[:RATINGS_SHOWN]
    movements = Movement.objects.filter(member=member).order_by("-start", "-id")[:MOVEMENTS_SHOWN]
    return Handbook(
        member=member,
        seniority=seniority_ymd(admission_decision_date=member.admission_decision_date, periods=periods, on=today),
        badges=list(member_badges(member)),
        ratings=list(ratings),
        tasks=my_tasks_card(member.pk, today=today),
        dues_owed=member_totals(member)["owed"],
        movements=[MovementLine(m, describe(m)) for m in movements],
        next_meeting=next_meeting_for(member, today=today),
        to_study=documents_published_to_member(member.pk)
        .exclude(pk__in=StudyMark.objects.filter(member=member).values("document_id"))
        .count(),
        questions_waiting=own_questions(member.pk).filter(state=QuestionState.OPEN).count(),
    )
