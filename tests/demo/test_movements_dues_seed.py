"""The demo's movements and dues are reproducible from the seed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from dangbo.demo.generator import build_demo
from dangbo.dues.models import DuesMonth
from dangbo.movements.models import Movement

TODAY = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_same_seed_same_movements_and_dues(db: None) -> None:
    def fingerprint() -> tuple[list[Any], list[Any]]:
        with transaction.atomic():
            build_demo(members=300, seed=7, today=TODAY, ratings=False)
            moves = list(Movement.objects.order_by("kind", "start", "member__citizen_id", "person_name").values_list(
                "kind", "start", "member__citizen_id", "person_name", "state"))  # fmt: skip
            ledger = list(DuesMonth.objects.order_by("member__citizen_id", "month").values_list(
                "member__citizen_id", "month", "due", "paid", "paid_on"))  # fmt: skip
            transaction.set_rollback(True)
        return moves, ledger

    assert fingerprint() == fingerprint()
