"""The demo's training records are reproducible from the seed (apart from the module that builds one demo for
all its tests, whose transaction is open while its tests run)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from dangbo.demo.generator import build_demo
from dangbo.training.models import Enrollment, Qualification

TODAY = dt.date(2026, 11, 27)


def test_same_seed_same_training_records(db: None) -> None:
    def fingerprint() -> list[Any]:
        with transaction.atomic():
            build_demo(members=200, seed=11, today=TODAY, ratings=False)
            rows = list(Enrollment.objects.order_by("course__starts_on", "course__kind", "sort_key", "birth_date")
                        .values_list("course__kind", "course__starts_on", "full_name", "result",
                                     "certificate__number", "certificate__valid_until"))  # fmt: skip
            rows += list(Qualification.objects.order_by("member__citizen_id", "level").values_list(
                "member__citizen_id", "level", "issued_on", "institution"))  # fmt: skip
            transaction.set_rollback(True)
        return rows

    assert fingerprint() == fingerprint()
