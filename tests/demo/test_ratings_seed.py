"""The demo's rating rounds are reproducible from the seed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from dangbo.demo.generator import build_demo
from dangbo.discipline.models import Discipline
from dangbo.evaluations.models import Designation, Rating

TODAY = dt.date(2026, 11, 27)
SMALL = 150


def _fingerprint(seed: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with transaction.atomic():
        build_demo(members=SMALL, seed=seed, today=TODAY)
        ratings = list(
            Rating.objects.order_by("year", "member__citizen_id", "organization__code").values_list(
                "year", "member__citizen_id", "organization__code", "step", "self_level", "review_level",
                "proposed_level", "final_level", "score", "reasons",
            )
        )  # fmt: skip
        others = list(
            Discipline.objects.order_by("decision_number").values_list(
                "decision_number", "decision_date", "form", "member__citizen_id", "organization__code"
            )
        ) + list(Designation.objects.order_by("year", "organization__code").values_list("year", "organization__code"))
        transaction.set_rollback(True)
    return ratings, others


@pytest.mark.django_db
def test_ratings_same_seed_gives_same_rounds() -> None:
    first = _fingerprint(2024)
    second = _fingerprint(2024)
    assert len(first[0]) > SMALL * 3
    assert first == second


@pytest.mark.django_db
def test_ratings_other_seed_gives_other_rounds() -> None:
    first = _fingerprint(2024)
    other = _fingerprint(11)
    assert [row[7] for row in first[0]] != [row[7] for row in other[0]]
