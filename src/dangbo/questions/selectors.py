"""Reading questions: a member's own, what an officer may answer (addressed inside their `answer_questions` part
of the tree), the inbox order (open first, the oldest deadline first), and where a member may address one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.models import Member
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import QuestionState
from .models import Question

STEP = PATH_SEGMENT_WIDTH + 1


def own_questions(member_id: int) -> QuerySet[Question]:
    return Question.objects.filter(member_id=member_id).select_related("addressee")


def questions_in_scope(scope: Scope) -> QuerySet[Question]:
    """The questions addressed inside the officer's part of the tree (none without `answer_questions`)."""
    return Question.objects.filter(scope.path_q(Right.ANSWER_QUESTIONS)).select_related("addressee", "member")


def may_answer(scope: Scope) -> bool:
    return scope.has_right(Right.ANSWER_QUESTIONS)


def inbox_order(qs: QuerySet[Question]) -> QuerySet[Question]:
    rank = Case(
        When(state=QuestionState.OPEN, then=Value(0)), When(state=QuestionState.ANSWERED, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )  # fmt: skip
    return qs.annotate(state_rank=rank).order_by("state_rank", "due_on", "id")


def filter_inbox(qs: QuerySet[Question], data: dict[str, Any], today: dt.date) -> QuerySet[Question]:
    if data.get("state") == "overdue":
        return qs.filter(state=QuestionState.OPEN, due_on__lt=today)
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    return qs


def addressees_for(member: Member) -> QuerySet[Organization]:
    """The organizations a member may address: their cell and the units above it, the nearest first."""
    path = member.organization.path if member.organization_id else ""
    lines = [path[:i] for i in range(STEP, len(path) + 1, STEP)]
    return Organization.objects.filter(path__in=lines).order_by("-depth")


def open_count(scope: Scope) -> int:
    return questions_in_scope(scope).filter(state=QuestionState.OPEN).count()
