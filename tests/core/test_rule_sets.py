"""The rule sets' shared base: which rule set is in force on a day (both ends of the range count, an open end
runs on), and the overlap check the administrator's form relies on. Shown on the two shipped admission rule
sets (KN-2021 up to 30/06/2025, KN-2025 from 01/07/2025, open) and on the rating rule sets."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.admissions.models import AdmissionRuleSet
from dangbo.evaluations.models import RuleSet

pytestmark = pytest.mark.django_db


def _codes(day: dt.date) -> list[str]:
    return list(AdmissionRuleSet.objects.in_force_on(day).values_list("code", flat=True))


def test_both_ends_of_the_range_are_in_force_and_the_open_end_runs_on() -> None:
    assert _codes(dt.date(2021, 7, 30)) == ["KN-2021"]
    assert _codes(dt.date(2025, 6, 30)) == ["KN-2021"]
    assert _codes(dt.date(2025, 7, 1)) == ["KN-2025"]
    assert _codes(dt.date(2040, 1, 1)) == ["KN-2025"]


def test_before_the_first_rule_set_none_is_in_force() -> None:
    assert _codes(dt.date(2021, 7, 29)) == []


def test_overlapping_rule_sets_come_latest_first_and_each_sees_the_other() -> None:
    old = AdmissionRuleSet.objects.get(code="KN-2021")
    AdmissionRuleSet.objects.filter(pk=old.pk).update(effective_to=dt.date(2025, 12, 31))
    old.refresh_from_db()
    assert _codes(dt.date(2025, 9, 1)) == ["KN-2025", "KN-2021"]
    assert list(old.overlapping().values_list("code", flat=True)) == ["KN-2025"]
    assert list(AdmissionRuleSet.objects.get(code="KN-2025").overlapping().values_list("code", flat=True)) == [
        "KN-2021"
    ]


def test_the_rating_rule_sets_answer_the_same_query_from_their_own_table() -> None:
    day = dt.date(2024, 12, 31)
    in_force = list(RuleSet.objects.in_force_on(day))
    assert len(in_force) == 1
    assert in_force[0].effective_from <= day
    assert in_force[0].effective_to is None or in_force[0].effective_to >= day
    assert not in_force[0].overlapping().exists()
