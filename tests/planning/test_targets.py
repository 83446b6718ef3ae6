"""The seed plan's targets, preloaded by the migration, and how a value is judged against a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from dangbo.planning.enums import Comparison, Metric, TargetStatus
from dangbo.planning.grading import count_achieved, grade
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
    assert plan.targets.count() == 8  # six of section II, two cell-life measures (decision 0025)


@pytest.mark.parametrize(
    ("metric", "year", "comparison", "low", "high"),
    [
        (Metric.GRASSROOTS_GOOD_OR_BETTER, 2024, Comparison.GT, "90", None),
        (Metric.MEMBERS_GOOD_OR_BETTER, 2025, Comparison.GT, "90", None),
        (Metric.GRASSROOTS_GOOD_OR_BETTER, 2026, Comparison.GT, "95", None),
        (Metric.MEMBERS_GOOD_OR_BETTER, 2030, Comparison.GT, "95", None),
        (Metric.MODEL_CELLS, 2027, Comparison.GT, "20", None),
        (Metric.ADMISSION_RATE, 2024, Comparison.BETWEEN, "3", "4"),
        (Metric.CELLS_THEMATIC, 2026, Comparison.GTE, "100", None),
        (Metric.MEMBERS_WITH_TASK, 2030, Comparison.GTE, "100", None),
    ],
)
def test_seed_targets_per_year(metric: str, year: int, comparison: str, low: str, high: str | None) -> None:
    target = seed_target(metric, year)
    assert target.comparison == comparison
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
    assert "sinh hoạt chuyên đề ít nhất 01 lần/quý" in seed_target(Metric.CELLS_THEMATIC, 2025).source_text
    assert (
        "tất cả đảng viên đang sinh hoạt đều được phân công nhiệm vụ"
        in seed_target(Metric.MEMBERS_WITH_TASK, 2025).source_text
    )


def test_average_attendance_has_no_plan_target() -> None:
    """Hướng dẫn 12's 85% is a rule shown beside the figure, not a target of the plan."""
    assert not Target.objects.filter(metric=Metric.MEETING_ATTENDANCE).exists()


def test_no_seed_target_outside_the_plans_years() -> None:
    assert not Target.objects.filter(year_from__lte=2023, year_to__gte=2023).exists()
    assert not Target.objects.filter(year_from__lte=2031, year_to__gte=2031).exists()


def test_seed_targets_quote_phan_dau_spelled_right() -> None:
    texts = " ".join(Target.objects.values_list("source_text", flat=True))
    assert "phấn đấu trên 20% số chi bộ" in texts and "phần đầu" not in texts


def test_grade_exactly_90_under_greater_than_90_is_not_met_amber_within_margin() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert target.amber_margin == Decimal("2")
    g = grade(target, 9, 10)
    assert (g.status, g.achieved, g.comparison) == (TargetStatus.NEAR, False, "90,0% ≤ 90%")
    assert g.text == "Gần đạt chỉ tiêu: 90,0% ≤ 90% (cần > 90%)"


def test_grade_exactly_90_is_red_without_margin() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    target.amber_margin = Decimal("0")
    assert grade(target, 9, 10).status == TargetStatus.MISSED


def test_grade_exactly_90_meets_at_least_90() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    target.comparison = Comparison.GTE
    g = grade(target, 9, 10)
    assert (g.status, g.text) == (TargetStatus.MET, "Đạt chỉ tiêu: 90,0% ≥ 90%")
    assert grade(target, 899_999, 1_000_000).status == TargetStatus.NEAR


def test_grade_just_above_90_is_met() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert grade(target, 901, 1000).text == "Đạt chỉ tiêu: 90,1% > 90%"
    assert grade(target, 90001, 100000).status == TargetStatus.MET  # shows 90,0% but is above 90%
    assert percent_text(percent_of(90001, 100000)) == "90,0%"


def test_grade_margin_boundary_amber_then_red() -> None:
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025)
    assert grade(target, 88, 100).status == TargetStatus.NEAR
    g = grade(target, 8799, 10000)
    assert (g.status, g.text) == (TargetStatus.MISSED, "Chưa đạt chỉ tiêu: 88,0% < 90% (cần > 90%)")


def test_grade_range_bounds_are_in_range() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    assert target.condition_text() == "3%–4%"
    low, high = grade(target, 3, 100), grade(target, 4, 100)
    assert (low.status, high.status) == (TargetStatus.MET, TargetStatus.MET)
    assert high.text == "Đạt chỉ tiêu: 4,0% trong khoảng 3–4%"


def test_grade_above_range_is_exceeded_and_achieved() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    g = grade(target, 401, 10000)  # 4,01%
    assert (g.status, g.achieved) == (TargetStatus.EXCEEDED, True)
    assert g.text == "Vượt chỉ tiêu: 4,01% trên khoảng 3–4%"  # two decimals where one would read 4,0%
    assert grade(target, 42, 1000).text == "Vượt chỉ tiêu: 4,2% trên khoảng 3–4%"


def test_grade_below_range_near_then_missed() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    near = grade(target, 299, 10000)
    assert (near.status, near.text) == (TargetStatus.NEAR, "Gần đạt chỉ tiêu: 2,99% < 3% (cần 3%–4%)")
    assert grade(target, 5, 1000).status == TargetStatus.MISSED  # 0,5% is 2,5 points short


def test_grade_at_least_lower_bound_of_a_range() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    target.comparison = Comparison.AT_LEAST_LOW
    assert target.condition_text() == "≥ 3% (3%–4%)"
    assert grade(target, 3, 100).status == TargetStatus.MET
    above = grade(target, 42, 1000)
    assert (above.status, above.text) == (TargetStatus.MET, "Đạt chỉ tiêu: 4,2% ≥ 3% (mức dưới của khoảng 3–4%)")
    assert grade(target, 299, 10000).status == TargetStatus.NEAR


def test_grade_without_data_or_target() -> None:
    target = seed_target(Metric.MODEL_CELLS, 2025)
    assert (grade(target, 0, 0).status, grade(target, 0, 0).text) == (TargetStatus.NO_DATA, "Chưa có số liệu")
    assert grade(None, 1, 2).text == "Chưa có chỉ tiêu áp dụng cho năm này"
    assert grade(None, 1, 2).status == TargetStatus.NO_DATA


def test_grade_exact_for_a_million_members() -> None:
    """64-bit sized products: 950,001 of 1,000,000 is above 95%, 950,000 is not."""
    target = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2026)
    assert grade(target, 950_001, 1_000_000).status == TargetStatus.MET
    assert grade(target, 950_000, 1_000_000).status == TargetStatus.NEAR


def test_count_achieved_counts_met_and_exceeded() -> None:
    members, admissions = seed_target(Metric.MEMBERS_GOOD_OR_BETTER, 2025), seed_target(Metric.ADMISSION_RATE, 2025)
    grades = [grade(members, 95, 100), grade(admissions, 42, 1000), grade(members, 9, 10), grade(None, 0, 0)]
    assert count_achieved(grades) == 2


def test_range_without_top_refused_by_the_database() -> None:
    plan = Plan.objects.get(document_number="20-KH/ĐUK")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(plan=plan, metric=Metric.ADMISSION_RATE, comparison=Comparison.BETWEEN,
                              threshold=Decimal("3"), year_from=2031, year_to=2031)  # fmt: skip
    assert not Target.objects.filter(year_from=2031).exists()


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [(26, 30, "86,7%"), (2, 3, "66,7%"), (1, 8, "12,5%"), (1, 16, "6,3%"), (1, 1, "100,0%"), (0, 0, "—")],
)
def test_percent_text_rounds_half_up_with_decimal_comma(numerator: int, denominator: int, text: str) -> None:
    assert percent_text(percent_of(numerator, denominator)) == text


def test_grade_explained_in_english_too() -> None:
    target = seed_target(Metric.ADMISSION_RATE, 2025)
    with translation.override("en"):
        assert grade(target, 42, 1000).text == "Target exceeded: 4,2% above the range 3–4%"
        assert str(TargetStatus.EXCEEDED.label) == "Exceeded"
