"""The seed plan's targets, preloaded by the migration, and how a value is judged against a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangbo.planning.enums import Comparator, Metric, TargetStatus
from dangbo.planning.models import Plan, Target, percent_of, percent_text

pytestmark = pytest.mark.django_db


def seed_target(metric: str, year: int) -> Target:
    return Target.objects.get(plan__document_number="20-KH/ĐUK", metric=metric, year_from__lte=year, year_to__gte=year)


def test_seed_plan_preloaded_with_issuer_and_date() -> None:
    plan = Plan.objects.get(document_number="20-KH/ĐUK")
    assert plan.issued_on == dt.date(2024, 4, 23)
    assert plan.issuer_name == "Ban Thường vụ Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình"
    assert plan.implements == "Nghị quyết 21-NQ/TW; Kế hoạch 146-KH/TU"
    assert plan.title.startswith("Kế hoạch thực hiện Nghị quyết số 21-NQ/TW")
    assert plan.targets.count() == 6


@pytest.mark.parametrize(
    ("metric", "year", "comparator", "low", "high"),
    [
        (Metric.GRASSROOTS_GOOD_OR_BETTER, 2024, Comparator.GT, "90", None),
        (Metric.MEMBERS_GOOD_OR_BETTER, 2025, Comparator.GT, "90", None),
        (Metric.GRASSROOTS_GOOD_OR_BETTER, 2026, Comparator.GT, "95", None),
        (Metric.MEMBERS_GOOD_OR_BETTER, 2030, Comparator.GT, "95", None),
        (Metric.MODEL_CELLS, 2027, Comparator.GT, "20", None),
        (Metric.ADMISSION_RATE, 2024, Comparator.BETWEEN, "3", "4"),
    ],
)
def test_seed_targets_per_year(metric: str, year: int, comparator: str, low: str, high: str | None) -> None:
    target = seed_target(metric, year)
    assert target.comparator == comparator
    assert target.threshold == Decimal(low)
    assert target.threshold_high == (Decimal(high) if high else None)


def test_seed_targets_quote_the_plan() -> None:
    assert (
        "Hằng năm có trên 90% tổ chức cơ sở đảng, đảng viên"
        in seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025).source_text
    )
    assert "trên 95%" in seed_target(Metric.GRASSROOTS_GOOD_OR_BETTER, 2028).source_text
    assert "trên 20% số chi bộ đạt mô hình chi bộ kiểu mẫu" in seed_target(Metric.MODEL_CELLS, 2024).source_text
    assert "từ 3% đến 4% tổng số đảng viên" in seed_target(Metric.ADMISSION_RATE, 2030).source_text


def test_no_seed_target_outside_the_plans_years() -> None:
    assert not Target.objects.filter(year_from__lte=2023, year_to__gte=2023).exists()
    assert not Target.objects.filter(year_from__lte=2031, year_to__gte=2031).exists()


def test_status_exactly_90_is_not_above_90_amber_within_margin() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert target.amber_margin == Decimal("2")
    assert target.status_for(percent_of(9, 10)) == TargetStatus.NEAR
    assert target.shortfall_text(percent_of(9, 10)) == "90,0% ≤ 90%"  # type: ignore[arg-type]


def test_status_exactly_90_is_red_without_margin() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    target.amber_margin = Decimal("0")
    assert target.status_for(percent_of(9, 10)) == TargetStatus.MISSED


def test_status_just_above_90_is_green() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert target.status_for(percent_of(901, 1000)) == TargetStatus.MET
    assert target.status_for(percent_of(90001, 100000)) == TargetStatus.MET  # shows 90,0% but is above 90%
    assert percent_text(percent_of(90001, 100000)) == "90,0%"


def test_status_margin_boundary_amber_then_red() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert target.status_for(Decimal("88")) == TargetStatus.NEAR
    assert target.status_for(Decimal("87.99")) == TargetStatus.MISSED


def test_status_between_range() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    assert target.condition_text() == "3%–4%"
    assert target.status_for(Decimal("3")) == TargetStatus.MET
    assert target.status_for(Decimal("4")) == TargetStatus.MET
    assert target.status_for(Decimal("2.5")) == TargetStatus.NEAR
    assert target.status_for(Decimal("0.5")) == TargetStatus.MISSED
    assert target.status_for(Decimal("4.5")) == TargetStatus.NEAR
    assert target.shortfall_text(Decimal("4.5")) == "4,5% > 4%"


def test_status_without_data_is_none() -> None:
    assert seed_target(Metric.MODEL_CELLS, 2025).status_for(percent_of(0, 0)) == TargetStatus.NO_DATA


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [(26, 30, "86,7%"), (2, 3, "66,7%"), (1, 8, "12,5%"), (1, 16, "6,3%"), (1, 1, "100,0%"), (0, 0, "—")],
)
def test_percent_text_rounds_half_up_with_decimal_comma(numerator: int, denominator: int, text: str) -> None:
    assert percent_text(percent_of(numerator, denominator)) == text
