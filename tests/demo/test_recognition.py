"""The demo's badges and commendations: every award date 2024–2026 has its list, some rows blocked by a discipline,
an early award, a posthumous one, the past dates' awards recorded, commendations; the awards agree with the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.demo.generator import build_demo
from dangbo.recognition import badge_list
from dangbo.recognition.enums import BadgeKind, BadgeState, Verdict
from dangbo.recognition.models import Badge, Commendation
from dangbo.recognition.rules import rules_in_force

TODAY = dt.date(2026, 11, 27)
SIZE = 1500


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=SIZE, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def verdicts(demo: Any, day: dt.date) -> dict[str, int]:
    return badge_list.compute(path=demo.bloc.path, award_date=day, rules=rules_in_force(day)).counts()


def test_the_facts_behind_the_verdicts(demo: Any) -> None:
    r = demo.recognition
    assert len(r.ill) == 2 and len(r.deceased) == 1 and len(r.disciplined) == 3 and len(r.confirmed) == 1


def test_past_dates_awarded_with_early_posthumous_and_blocked_rows(demo: Any) -> None:
    kinds = set(Badge.objects.filter(state=BadgeState.AWARDED).values_list("kind", flat=True))
    assert kinds == set(BadgeKind.values)
    assert Badge.objects.filter(award_date__year=2024, state=BadgeState.AWARDED).count() > 10
    assert verdicts(demo, dt.date(2025, 5, 19))[Verdict.BLOCKED] == 2
    assert verdicts(demo, dt.date(2026, 9, 2))[Verdict.BLOCKED] >= 2  # one waits for the cell, one newly
    confirmed = demo.recognition.confirmed[0]
    carried = Badge.objects.get(member_id=confirmed, state=BadgeState.AWARDED)
    assert carried.award_date == dt.date(2026, 5, 19)


def test_every_past_list_is_decided_but_the_last_few_and_the_next_half_proposed(demo: Any) -> None:
    for day in (dt.date(2024, 2, 3), dt.date(2025, 11, 7), dt.date(2026, 9, 2)):
        counts = verdicts(demo, day)
        assert counts[Verdict.DUE] == counts[Verdict.EARLY] == counts[Verdict.POSTHUMOUS] == 0
    assert verdicts(demo, dt.date(2026, 11, 7))[Verdict.PROPOSED] == 3
    upcoming = verdicts(demo, dt.date(2027, 2, 3))
    assert upcoming[Verdict.PROPOSED] > 0 and upcoming[Verdict.DUE] > 0


def test_commendations_exist(demo: Any) -> None:
    assert demo.recognition.commendations == Commendation.objects.count() > 0
