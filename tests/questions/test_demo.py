"""The demo's study marks and questions: part of the members marked the whole-tree documents studied, the demo
member left to mark them; questions of the demo secretary's cell in every state, one overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.demo.generator import build_demo
from dangbo.library.models import Bookmark, PartyDocument, StudyMark
from dangbo.library.study_counts import study_counts
from dangbo.questions.enums import QuestionState
from dangbo.questions.models import Question

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=300, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_study_marks_counted_per_unit(built) -> None:
    assert built.study.documents == 3 and built.study.marks == StudyMark.objects.count() > 0
    plan = PartyDocument.objects.get(number="20", symbol="KH/ĐUK")
    counts = study_counts(plan, built.bloc)
    assert counts.total.published > 0 and 0.5 <= counts.total.studied / counts.total.published <= 0.7
    member = User.objects.get(username="dangvien").member
    assert not StudyMark.objects.filter(member=member).exists()
    assert Bookmark.objects.filter(member=member, document=plan).exists()
    assert all(m.studied_on <= TODAY for m in StudyMark.objects.all())


def test_questions_of_the_demo_cell(built) -> None:
    assert built.questions.questions == 4 and built.questions.answered == 2 and built.questions.closed == 1
    states = sorted(Question.objects.values_list("state", flat=True))
    assert states == sorted([QuestionState.CLOSED, QuestionState.ANSWERED, QuestionState.OPEN, QuestionState.OPEN])
    assert Question.objects.filter(state=QuestionState.OPEN, due_on__lt=TODAY).count() == 1
