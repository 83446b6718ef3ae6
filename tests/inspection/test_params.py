"""The inspection rule set's parameters: the shipped JSON parses on each side of 30/05/2025 (QĐ 22 → QĐ 296),
every problem is listed in Vietnamese, unknown keys are refused, [assumed] values say so; a broken set refuses
with its code instead of computing a deadline from made-up numbers."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from dangbo.core.errors import DomainError
from dangbo.inspection.models import InspectionRuleSet
from dangbo.inspection.params import ParamsError, parse_params
from dangbo.inspection.rules import rules_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> dict[str, Any]:
    return copy.deepcopy(InspectionRuleSet.objects.get(code="KTGS-2025").params)


def errors_of(raw: Any) -> list[str]:
    with pytest.raises(ParamsError) as caught:
        parse_params(raw, citation="Quy định 296-QĐ/TW")
    return caught.value.errors


def test_the_rule_set_in_force_on_each_side_of_30_may_2025() -> None:
    old, new = rules_in_force(dt.date(2025, 5, 29)), rules_in_force(dt.date(2025, 5, 30))
    assert (old.code, new.code) == ("KTGS-2021", "KTGS-2025")
    finance = new.kind("party_finance")
    assert finance.subjects == ("organization",) and finance.levels == ("upper", "grassroots")
    assert new.kind("suspected_violation").records_violation and not new.kind("routine_supervision").may_discipline
    assert new.bodies["below"] == ("committee",)
    assert new.stage_days["grassroots"]["conclusion"] == 40
    assert "giả định: chưa tìm thấy văn bản quy định thời hạn từng bước" in new.stage_sources["upper"].cite("X")
    assert new.kind("duty_execution").source.cite("X").startswith("X (Quy định 296-QĐ/TW; chưa thật chắc chắn")
    assert old.kind("suspected_violation").source.cite("X") == "X (Quy định 22-QĐ/TW)"


def test_every_problem_is_listed(shipped: dict[str, Any]) -> None:
    shipped["party_finance"]["subjects"] = ["member", "nobody"]
    shipped["stages_below"]["draft"] = 2
    shipped["bodies"]["upper"] = []
    shipped["typo"] = {}
    del shipped["thematic_supervision"]["may_discipline"]
    errors = errors_of(shipped)
    assert "Nhóm tham số “typo” không được hỗ trợ." in errors
    assert any(e.startswith("Tham số “party_finance.subjects” phải là danh sách") for e in errors)
    assert "Tham số “thematic_supervision.may_discipline” phải là true hoặc false." in errors
    assert not any("tăng dần" in e for e in errors)  # the order is checked once every value is valid
    assert any("“bodies.upper” không có chủ thể nào" in e for e in errors)


def test_stages_out_of_order_are_refused(shipped: dict[str, Any]) -> None:
    shipped["stages_below"]["draft"] = 2
    assert errors_of(shipped) == [
        "Thời hạn các bước trong “stages_below” phải tăng dần theo thứ tự: notice, report, verification, draft, "
        "conclusion, conclusion_notice, follow_up."
    ]


def test_unknown_key_and_not_an_object_are_refused(shipped: dict[str, Any]) -> None:
    shipped["stages_upper"]["lunch"] = 1
    assert errors_of(shipped) == ["Tham số “stages_upper.lunch” không được hỗ trợ."]
    assert errors_of([]) == ["Tham số của bộ quy tắc kiểm tra, giám sát phải là một đối tượng JSON."]


def test_broken_rule_set_refuses_with_its_code() -> None:
    InspectionRuleSet.objects.filter(code="KTGS-2025").update(params={"x": 1})
    with pytest.raises(DomainError, match="Bộ quy tắc kiểm tra, giám sát “KTGS-2025” có tham số không hợp lệ"):
        rules_in_force(dt.date(2026, 1, 5))
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc kiểm tra, giám sát nào có hiệu lực ngày 01/01/2020"):
        rules_in_force(dt.date(2020, 1, 1))
