"""The cap on "excellent": at most 20% of those rated good or better, rounded down."""

from __future__ import annotations

import copy

import pytest

from dangbo.core.errors import DomainError
from dangbo.evaluations.models import RuleSet
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import check_excellent_cap
from dangbo.evaluations.selectors import rule_set_for_year


@pytest.mark.parametrize(
    ("good_or_better", "excellent", "allowed", "limit", "remaining"),
    [
        (5, 0, True, 1, 1),  # exactly 20%: 1 of 5
        (5, 1, False, 1, 0),  # a second would be 40%
        (4, 0, False, 0, 0),  # 20% of 4 is 0.8, rounded down to 0
        (9, 1, False, 1, 0),  # 20% of 9 is 1.8, rounded down to 1
        (10, 1, True, 2, 1),  # exactly 20%: 2 of 10
        (10, 2, False, 2, 0),
        (20, 3, True, 4, 1),
        (0, 0, False, 0, 0),
    ],
)
def test_cap_is_20_percent_of_good_or_better_rounded_down(
    rules_124: RuleSetData, good_or_better: int, excellent: int, allowed: bool, limit: int, remaining: int
) -> None:
    check = check_excellent_cap(rules_124, good_or_better, excellent)
    assert (check.allowed, check.limit, check.used, check.remaining) == (allowed, limit, excellent, remaining)


def test_cap_message_says_how_many_are_used_and_left(rules_124: RuleSetData) -> None:
    check = check_excellent_cap(rules_124, 20, 4)
    assert check.allowed is False
    assert check.message == (
        "Đã dùng 4/4 suất Hoàn thành xuất sắc nhiệm vụ (tối đa 20% số được xếp loại Hoàn thành tốt nhiệm vụ trở lên; "
        "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW). Còn lại 0 suất."
    )
    assert check_excellent_cap(rules_124, 20, 1).message.endswith("Còn lại 3 suất.")


def test_cap_under_366_says_it_is_an_assumption(rules_366: RuleSetData) -> None:
    check = check_excellent_cap(rules_366, 5, 0)
    assert check.allowed is True
    assert check.message.startswith(
        "Đã dùng 0/1 suất Hoàn thành xuất sắc nhiệm vụ (tối đa 20% số được xếp loại Hoàn thành tốt nhiệm vụ trở lên; "
        "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW; giả định: Quy định 366-QĐ/TW"
    )


def test_cap_over_used_reports_zero_left(rules_124: RuleSetData) -> None:
    check = check_excellent_cap(rules_124, 5, 3)
    assert (check.allowed, check.remaining) == (False, 0)
    assert "Đã dùng 3/1 suất" in check.message


def test_cap_follows_an_administrators_ratio(rules_124: RuleSetData) -> None:
    rule_set = RuleSet.objects.get(code="QD124-2023")
    params = copy.deepcopy(rule_set.params)
    params["excellent_cap"]["ratio"] = 0.25
    rule_set.params = params
    rule_set.save()
    changed = rule_set_for_year(2024)
    check = check_excellent_cap(changed, 8, 1)
    assert (check.allowed, check.limit) == (True, 2)
    assert "tối đa 25% số được xếp loại" in check.message


def test_cap_refuses_negative_counts(rules_124: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Số lượng xếp loại không được âm"):
        check_excellent_cap(rules_124, -1, 0)
