"""The demo's admissions are reproducible: the same seed and day give the same candidacies and steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from dangbo.admissions.models import Candidate, Transition, Vote
from dangbo.demo.generator import build_demo

TODAY = dt.date(2026, 11, 27)


def _fingerprint() -> list[tuple[Any, ...]]:
    return list(
        Candidate.objects.order_by("citizen_id", "stage").values_list(
            "citizen_id", "stage", "proposed_on", "decided_on", "cell__code"
        )
    )


@pytest.mark.django_db
def test_demo_admissions_same_seed_same_candidacies() -> None:
    prints = []
    for _ in range(2):
        with transaction.atomic():
            build_demo(members=300, seed=2024, today=TODAY, ratings=False)
            prints.append((_fingerprint(), Transition.objects.count(), Vote.objects.count()))
            transaction.set_rollback(True)
    assert prints[0] == prints[1] and prints[0][0]
