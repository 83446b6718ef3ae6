"""The screening rule set's parameters: the shipped JSON parses, every problem is listed in Vietnamese, unknown
keys are refused, each group's source and confidence reach the explanations."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dangbo.screening.models import ScreeningRuleSet
from dangbo.screening.params import ParamsError, parse_params
from dangbo.screening.selectors import as_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> dict[str, Any]:
    return copy.deepcopy(ScreeningRuleSet.objects.get(code="SL-2021").params)


def errors_of(raw: Any) -> list[str]:
    with pytest.raises(ParamsError) as caught:
        parse_params(raw, citation="Chỉ thị 28-CT/TW")
    return caught.value.errors


def test_the_shipped_rule_set_parses(shipped: dict[str, Any]) -> None:
    rules = as_rules(ScreeningRuleSet.objects.get(code="SL-2021"))
    assert (rules.absence_months, rules.dues_months, rules.unfulfilled_years, rules.no_progress_months) == (3, 3, 2, 12)
    assert rules.vote_fraction == "2/3" and rules.help_months == 12
    assert rules.unfulfilled_source.confidence == "assumed"
    assert "giả định: cách hiểu của hệ thống" in rules.unfulfilled_source.cite("X")
    assert rules.absence_source.cite("X") == "X (Chỉ thị 28-CT/TW, Hướng dẫn 02-HD/BTCTW)"
    assert rules.help_until(dt.date(2026, 2, 20)) == dt.date(2027, 2, 19)
    assert rules.passes(4, 6) and not rules.passes(3, 6) and not rules.passes(0, 0)


def test_not_an_object() -> None:
    assert errors_of([1, 2]) == ["Tham số của bộ quy tắc rà soát, sàng lọc phải là một đối tượng JSON."]


def test_unknown_groups_and_keys_are_refused(shipped: dict[str, Any]) -> None:
    shipped["bonus"] = {}
    shipped["absence"]["weeks"] = 2
    assert errors_of(shipped) == ["Nhóm tham số “bonus” không được hỗ trợ.",
                                  "Tham số “absence.weeks” không được hỗ trợ."]  # fmt: skip


def test_every_problem_is_listed(shipped: dict[str, Any]) -> None:
    del shipped["dues"]
    shipped["absence"]["months"] = 13
    shipped["unfulfilled"]["years"] = True
    shipped["no_progress"]["months"] = "12"
    shipped["vote"] = {"numerator": 3, "denominator": 2, "confidence": "maybe", "source": " "}
    shipped["help"]["note"] = 5
    errors = errors_of(shipped)
    assert errors == [
        "Thiếu nhóm tham số “dues” (phải là một đối tượng JSON).",
        "Tham số “absence.months” phải là số nguyên từ 1 đến 12.",
        "Tham số “dues.months” phải là số nguyên từ 1 đến 12.",
        "Tham số “unfulfilled.years” phải là số nguyên từ 1 đến 10.",
        "Tham số “no_progress.months” phải là số nguyên từ 1 đến 60.",
        "Tham số “vote.source” phải nêu văn bản quy định.",
        "Tham số “vote.confidence” phải là một trong: sure, likely, assumed.",
        "Tham số “help.note” phải là một đoạn chữ.",
        "Tỷ lệ biểu quyết (vote.numerator/vote.denominator) không được lớn hơn 1.",
    ]


def test_a_group_may_name_its_own_source(shipped: dict[str, Any]) -> None:
    shipped["dues"] = {"months": 3, "source": "Quy định 01-QĐ/TW", "confidence": "likely", "note": "chờ xác minh"}
    rules = parse_params(shipped, citation="Chỉ thị 28-CT/TW")
    assert rules.dues_source.cite("X") == "X (Quy định 01-QĐ/TW; chưa thật chắc chắn: chờ xác minh)"


def test_the_admin_check_refuses_bad_parameters(shipped: dict[str, Any]) -> None:
    shipped["absence"]["months"] = 0
    rule_set = ScreeningRuleSet(code="SL-2030", name="Thử", source_documents="x", citation="x",
                                effective_from=dt.date(2030, 1, 1), params=shipped)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        rule_set.full_clean()
    assert caught.value.message_dict["params"] == ["Tham số “absence.months” phải là số nguyên từ 1 đến 12."]
