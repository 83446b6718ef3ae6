"""The demo's discipline decisions: every form, an organization's, each appeal result and a pending one, lapsed
decisions, an expulsion that takes the member off the rolls; the same data for the same seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.demo.generator import DemoResult, build_demo
from dangbo.discipline.enums import AppealResult, DisciplineState
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import disciplines_for, lapses_on, state_on
from dangbo.members.enums import MemberStatus

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoResult]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=200, seed=2024, today=TODAY)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_every_form_and_state_is_in_the_demo(demo: DemoResult) -> None:
    assert demo.discipline is not None
    decisions = Discipline.objects.select_related("member", "organization")
    assert {d.form for d in decisions} == {"reprimand", "warning", "dismissal", "expulsion", "dissolution"}
    assert decisions.filter(organization__isnull=False).count() >= 2
    # "upheld": the complaints demo settles an appeal against one of the rating rounds' decisions
    assert {d.appeal_result for d in decisions if d.appealed_on} == {"", "upheld", "changed", "annulled"}
    states = {state_on(d, TODAY, lapses_on(d)) for d in decisions}
    assert states == set(DisciplineState.values)
    expelled = decisions.get(form="expulsion")
    assert expelled.member is not None and expelled.member.status == MemberStatus.EXPELLED
    paper = [d for d in demo.discipline.decisions if d.votes_for is None]
    assert len(paper) == 1 and "hồ sơ lưu trữ" in paper[0].note
    changed = decisions.get(appeal_result=AppealResult.CHANGED)
    assert (changed.original_form, changed.form) == ("warning", "reprimand")


def test_the_demo_cell_secretary_sees_a_decision_in_force(demo: DemoResult) -> None:
    secretary = User.objects.get(username="chibo")
    seen = list(disciplines_for(scope_for(secretary)))
    assert any(state_on(d, TODAY, lapses_on(d)) == DisciplineState.IN_FORCE for d in seen)
