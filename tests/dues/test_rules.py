"""The dues computation at its boundaries under both shipped rule sets: each category, the month on each side of
1/2/2026, reductions and exemptions, the party-age exemption from the month it is reached, rounding stated."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.core.errors import DomainError
from dangbo.dues.models import DuesRuleSet
from dangbo.dues.params import ParamsError, parse_params
from dangbo.dues.rules import due_for, format_dong, percent_text, rounded, rules_in_force

pytestmark = pytest.mark.django_db

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


@dataclass(frozen=True)
class Relief:
    kind: str
    percent: int
    start: dt.date
    end: dt.date | None
    decision_number: str = ""


def test_the_month_on_each_side_of_the_change() -> None:
    assert rules_in_force(dt.date(2026, 1, 31)).code == "DP-342"
    assert rules_in_force(JAN).code == "DP-342"
    assert rules_in_force(FEB).code == "DP-01-2026"
    assert rules_in_force(dt.date(2026, 2, 20)).code == "DP-01-2026"  # any day: the month's first day decides


@pytest.mark.parametrize("month", [JAN, FEB])
def test_insured_and_leave_are_one_percent_of_the_base(month: dt.date) -> None:
    rules = rules_in_force(month)
    amount, why = due_for(rules, "insured", 8_500_000, [], None, month)
    assert amount == 85_000
    citation = "Quyết định 342-QĐ/TW" if month == JAN else "Quy định 01-QĐ/TW"
    assert why.startswith(f"Tháng {month:%m/%Y}, tham gia bảo hiểm xã hội bắt buộc: 1% × 8.500.000 đ = 85.000 đ")
    assert "làm tròn đến 1 đồng, từ 0,5 trở lên làm tròn lên" in why and f"({citation}" in why
    assert due_for(rules, "leave", 8_500_000, [], None, month)[0] == 85_000
    assert due_for(rules, "insured", 8_500_050, [], None, month)[0] == 85_001  # 85,000.5 rounds up
    assert due_for(rules, "insured", 8_500_049, [], None, month)[0] == 85_000  # 85,000.49 rounds down


@pytest.mark.parametrize("month", [JAN, FEB])
def test_pensioners_pay_half_a_percent(month: dt.date) -> None:
    rules = rules_in_force(month)
    assert due_for(rules, "pensioner", 8_500_000, [], None, month)[0] == 42_500
    assert due_for(rules, "pensioner", 5_000_100, [], None, month)[0] == 25_001  # 25,000.5 → up
    assert due_for(rules, "pensioner", 5_000_099, [], None, month)[0] == 25_000  # 25,000.495 → down
    assert "0,5% × 8.500.000 đ = 42.500 đ" in due_for(rules, "pensioner", 8_500_000, [], None, month)[1]


def test_students_five_thousand_under_01_and_an_assumed_rate_before() -> None:
    amount, why = due_for(rules_in_force(FEB), "student", 0, [], None, FEB)
    assert (amount, why.split(";")[0]) == (5_000, "Tháng 02/2026, học sinh, sinh viên: mức cố định 5.000 đ = 5.000 đ")
    assert "giả định" not in why
    amount, why = due_for(rules_in_force(JAN), "student", 0, [], None, JAN)
    assert amount == 2_000 and "giả định" in why and "Quyết định 342-QĐ/TW" in why


def test_a_reduction_takes_its_percent_off_before_the_one_rounding() -> None:
    rules = rules_in_force(FEB)
    relief = Relief("reduction", 70, dt.date(2026, 2, 1), dt.date(2027, 1, 1), "12-QĐ/ĐU")
    amount, why = due_for(rules, "insured", 8_500_000, [relief], None, FEB)
    assert amount == 25_500
    assert "1% × 8.500.000 đ × 30% (giảm 70%, quyết định số 12-QĐ/ĐU) = 25.500 đ" in why
    # the twelfth month is still reduced, the thirteenth is not
    assert due_for(rules, "insured", 8_500_000, [relief], None, dt.date(2027, 1, 1))[0] == 25_500
    assert due_for(rules, "insured", 8_500_000, [relief], None, dt.date(2027, 2, 1))[0] == 85_000
    assert due_for(rules, "student", 0, [Relief("reduction", 30, FEB, None)], None, FEB)[0] == 3_500


def test_an_exemption_makes_the_month_nothing() -> None:
    rules = rules_in_force(FEB)
    reliefs = [Relief("reduction", 50, FEB, None), Relief("poor_household", 100, FEB, dt.date(2026, 6, 1), "7")]
    amount, why = due_for(rules, "insured", 8_500_000, reliefs, None, FEB)
    assert amount == 0 and why.startswith("Tháng 02/2026: miễn đảng phí — hộ nghèo, cận nghèo, quyết định số 7")
    assert due_for(rules, "insured", 8_500_000, reliefs, None, dt.date(2026, 7, 1))[0] == 42_500


def test_the_fifty_year_exemption_starts_the_month_it_is_reached() -> None:
    rules = rules_in_force(FEB)
    reached = dt.date(2026, 3, 17)
    assert due_for(rules, "pensioner", 6_000_000, [], reached, FEB)[0] == 30_000
    amount, why = due_for(rules, "pensioner", 6_000_000, [], reached, dt.date(2026, 3, 1))
    assert amount == 0 and "miễn đảng phí vì đủ 50 năm tuổi đảng (từ tháng 03/2026) (Quy định 01-QĐ/TW)" in why
    assert due_for(rules, "pensioner", 6_000_000, [], reached, dt.date(2026, 4, 1))[0] == 0
    # Quyết định 342 has no such exemption
    assert due_for(rules_in_force(JAN), "pensioner", 6_000_000, [], dt.date(2025, 1, 1), JAN)[0] == 30_000


def test_rounding_modes_and_units() -> None:
    assert rounded(25, 10, unit=1, mode="half_up") == 3 and rounded(24, 10, unit=1, mode="half_up") == 2
    assert rounded(21, 10, unit=1, mode="up") == 3 and rounded(29, 10, unit=1, mode="down") == 2
    assert rounded(85_499, 1, unit=1000, mode="half_up") == 85_000
    assert rounded(85_500, 1, unit=1000, mode="half_up") == 86_000
    assert percent_text(100) == "1%" and percent_text(50) == "0,5%" and percent_text(125) == "1,25%"
    assert format_dong(8_500_000) == "8.500.000 đ"


def test_no_rule_set_in_force_is_refused() -> None:
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc đảng phí nào có hiệu lực tháng 12/2010"):
        rules_in_force(dt.date(2010, 12, 1))


def errors_of(raw: object) -> list[str]:
    with pytest.raises(ParamsError) as caught:
        parse_params(raw, citation="Quy định 01-QĐ/TW")
    return caught.value.errors


def test_the_shipped_parameters_parse_and_every_problem_is_listed() -> None:
    shipped = copy.deepcopy(DuesRuleSet.objects.get(code="DP-01-2026").params)
    rules = parse_params(shipped, citation="Quy định 01-QĐ/TW")
    assert (rules.party_age_years, rules.reduction_percents, rules.reduction_max_months) == (50, (30, 50, 70), 12)
    assert rules.shares.grassroots_percents == (70, 90) and rules.shares.source.confidence == "assumed"
    assert errors_of([]) == ["Tham số của bộ quy tắc đảng phí phải là một đối tượng JSON."]
    del shipped["categories"]["abroad"]
    shipped["categories"]["student"] = {"fixed": 5000, "basis_points": 1}
    shipped["categories"]["insured"]["per"] = "month"
    shipped["rounding"] = {"unit": 0, "mode": "bankers"}
    shipped["reduction"]["percents"] = [30, 30, 100]
    shipped["shares"]["cell_default_percent"] = 60
    shipped["extra"] = {}
    assert errors_of(shipped) == [
        "Nhóm tham số “extra” không được hỗ trợ.",
        "Tham số “rounding.mode” phải là một trong: half_up, down, up.",
        "Tham số “reduction.percents” phải là danh sách không lặp các số nguyên từ 1 đến 99.",
        "Tham số “categories.insured.per” không được hỗ trợ.",
        "Tham số “categories.student” phải có đúng một trong hai: basis_points (phần vạn) hoặc fixed (đồng).",
        "Thiếu mức đóng của đối tượng “Đảng viên ở nước ngoài” (tham số “categories.abroad”).",
        "Tham số “rounding.unit” phải là số nguyên từ 1 đến 10000.",
        "Tỷ lệ chi bộ giữ lại mặc định phải nằm giữa mức thấp nhất và cao nhất (shares.cell_*).",
    ]
