"""The verdict engine under the 366 rules (ratings from 2025): the 100-point sheet and its bands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangbo.core.errors import DomainError
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import CriterionScore, ScoreSheet, SubjectFacts, evaluate, sheet_from_scores

from .conftest import RULES_124, RULES_366, collective, disciplined, member, member_sheet

ALL = (Level.EXCELLENT, Level.GOOD, Level.FULFILLED, Level.UNFULFILLED)


def m25(**overrides: Any) -> SubjectFacts:
    return member(year=2025, **overrides)


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("100", Level.EXCELLENT),
        ("90", Level.EXCELLENT),
        ("89.5", Level.GOOD),
        ("70", Level.GOOD),
        ("69.5", Level.FULFILLED),
        ("50", Level.FULFILLED),
        ("49.5", Level.UNFULFILLED),
        ("0", Level.UNFULFILLED),
    ],
)
def test_score_bands_at_their_boundaries(rules_366: RuleSetData, total: str, level: Level) -> None:
    verdict = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, total))
    assert verdict.score == Decimal(total)
    assert verdict.proposed_level == level
    assert verdict.allowed_levels == ALL[ALL.index(level) :]


def test_score_89_5_explains_why_it_is_not_excellent(rules_366: RuleSetData) -> None:
    verdict = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, "89.5"))
    assert verdict.refusals("excellent") == [
        "Không thể xếp loại Hoàn thành xuất sắc nhiệm vụ: tổng điểm 89,5 dưới 90 điểm (Quy định 366-QĐ/TW, "
        "Hướng dẫn 43-HD/BTCTW: Hoàn thành xuất sắc nhiệm vụ khi đạt từ 90 điểm, 100% nhiệm vụ hoàn thành đúng "
        "tiến độ và từ 30% nhiệm vụ hoàn thành vượt mức)"
    ]


def test_score_49_5_explains_the_unfulfilled_band(rules_366: RuleSetData) -> None:
    verdict = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, "49.5"))
    assert verdict.refusals("fulfilled")[-1] == (
        "Không thể xếp loại Hoàn thành nhiệm vụ: tổng điểm 49,5 dưới 50 điểm (Quy định 366-QĐ/TW, Hướng dẫn "
        "43-HD/BTCTW: Hoàn thành nhiệm vụ khi đạt từ 50 đến dưới 70 điểm; dưới 50 điểm thì Không hoàn thành "
        "nhiệm vụ)"
    )
    assert verdict.forced_level is None


def test_excellent_needs_all_tasks_on_time(rules_366: RuleSetData) -> None:
    on_time = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, "95", on_time="100"))
    late = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, "95", on_time="99"))
    assert on_time.proposed_level == Level.EXCELLENT
    # 99% on time misses both "excellent" and "good" (each needs 100%); a member has no late limit.
    assert late.proposed_level == Level.FULFILLED
    assert late.refusals("good") == [
        "Không thể xếp loại Hoàn thành tốt nhiệm vụ: 99% nhiệm vụ hoàn thành đúng tiến độ, chưa đạt 100% "
        "(Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW: Hoàn thành tốt nhiệm vụ khi đạt từ 70 đến dưới 90 điểm và "
        "100% nhiệm vụ hoàn thành đúng tiến độ)"
    ]


@pytest.mark.parametrize(("exceeding", "level"), [("30", Level.EXCELLENT), ("29", Level.GOOD)])
def test_excellent_needs_30_percent_of_tasks_exceeded(rules_366: RuleSetData, exceeding: str, level: Level) -> None:
    verdict = evaluate(rules_366, member(year=2025), sheet=member_sheet(rules_366, "92", exceeding=exceeding))
    assert verdict.proposed_level == level
    if level == Level.GOOD:
        assert "29% nhiệm vụ hoàn thành vượt mức, dưới 30%" in verdict.refusals("excellent")[0]


@pytest.mark.parametrize(("late", "level"), [("20", Level.FULFILLED), ("21", Level.UNFULFILLED)])
def test_collective_fulfilled_allows_at_most_20_percent_late(rules_366: RuleSetData, late: str, level: Level) -> None:
    sheet = member_sheet(rules_366, "60", on_time=str(100 - int(late)), late=late, kind=SubjectKind.CELL)
    verdict = evaluate(rules_366, collective(year=2025, kind=SubjectKind.CELL), sheet=sheet)
    assert verdict.proposed_level == level
    if level == Level.UNFULFILLED:
        assert verdict.refusals("fulfilled") == [
            "Không thể xếp loại Hoàn thành nhiệm vụ: 21% nhiệm vụ chậm tiến độ, vượt 20% (Quy định 366-QĐ/TW, "
            "Hướng dẫn 43-HD/BTCTW: Hoàn thành nhiệm vụ khi đạt từ 50 đến dưới 70 điểm, tập thể không quá 20% "
            "nhiệm vụ chậm tiến độ; dưới 50 điểm thì Không hoàn thành nhiệm vụ)"
        ]


def test_member_with_many_late_tasks_may_still_be_fulfilled(rules_366: RuleSetData) -> None:
    sheet = member_sheet(rules_366, "60", on_time="50", late="50")
    assert evaluate(rules_366, m25(), sheet=sheet).proposed_level == Level.FULFILLED


def test_late_share_defaults_to_tasks_not_on_time(rules_366: RuleSetData) -> None:
    sheet = member_sheet(rules_366, "75", on_time="79", kind=SubjectKind.GRASSROOTS)
    verdict = evaluate(rules_366, collective(year=2025), sheet=sheet)
    assert verdict.proposed_level == Level.UNFULFILLED
    assert "21% nhiệm vụ chậm tiến độ" in verdict.refusals("fulfilled")[0]


def test_disciplined_member_with_a_high_score_is_forced_unfulfilled_as_an_assumption(rules_366: RuleSetData) -> None:
    facts = m25(disciplines=disciplined(dt.date(2025, 5, 12)))
    verdict = evaluate(rules_366, facts, sheet=member_sheet(rules_366, "95"))
    assert verdict.proposed_level == Level.EXCELLENT
    assert verdict.forced_level == Level.UNFULFILLED
    assert verdict.suggested_level == Level.UNFULFILLED
    assert verdict.refusals("good") == [
        "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2025 (Quy định 124-QĐ/TW, Hướng dẫn "
        "25-HD/BTCTW: bị kỷ luật trong năm thì xếp loại Không hoàn thành nhiệm vụ; giả định: Quy định 366-QĐ/TW, "
        "Hướng dẫn 43-HD/BTCTW chưa thấy nêu quy định này; tạm giữ như Quy định 124-QĐ/TW, quản trị viên có thể "
        "sửa trong bộ quy tắc)"
    ]


def test_366_rules_keep_the_collective_triggers_as_assumptions(rules_366: RuleSetData) -> None:
    verdict = evaluate(rules_366, collective(year=2025, subordinate_units=5, subordinate_units_disciplined=2))
    assert verdict.forced_level == Level.UNFULFILLED
    assert all(RULES_124 in m and "giả định:" in m for m in verdict.messages)


def test_366_not_rated_and_sick_leave_cite_the_366_documents(rules_366: RuleSetData) -> None:
    young = evaluate(rules_366, m25(admitted_on=dt.date(2025, 6, 16)))
    assert young.not_rated is True
    assert RULES_366 in young.messages[0]
    sick = evaluate(rules_366, m25(sick_leave_months=Decimal(3)), sheet=member_sheet(rules_366, "95"))
    assert sick.proposed_level == Level.EXCELLENT
    assert sick.allowed_levels == (Level.FULFILLED, Level.UNFULFILLED)
    assert sick.suggested_level == Level.FULFILLED
    assert RULES_366 in sick.refusals("good")[0]


def test_366_without_a_sheet_checks_the_proposed_level(rules_366: RuleSetData) -> None:
    verdict = evaluate(rules_366, m25(), proposed_level="good")
    assert verdict.proposed_level == Level.GOOD
    assert verdict.allowed_levels == ALL


def test_criterion_over_its_weight_is_refused(rules_366: RuleSetData) -> None:
    scores = {
        "political": Decimal("8.5"),
        "ethics": 8,
        "discipline": 8,
        "style": 6,
        "assigned_tasks": 40,
        "party_tasks": 20,
    }
    with pytest.raises(DomainError) as info:
        sheet_from_scores(rules_366, SubjectKind.MEMBER, scores, on_time_pct=Decimal(100), exceeding_pct=Decimal(0))
    assert info.value.message == "Điểm tiêu chí “Tư tưởng chính trị” là 8,5, vượt điểm tối đa 8 của tiêu chí."
    hand_made = ScoreSheet(
        criteria=(CriterionScore("political", "Tư tưởng chính trị", Decimal(9), Decimal(8)),),
        on_time_pct=Decimal(100),
        exceeding_pct=Decimal(0),
    )
    with pytest.raises(DomainError, match="Điểm tiêu chí “Tư tưởng chính trị” là 9, vượt điểm tối đa 8"):
        evaluate(rules_366, m25(), sheet=hand_made)


def test_total_outside_0_to_100_is_refused(rules_366: RuleSetData) -> None:
    over = ScoreSheet(
        criteria=(
            CriterionScore("a", "Tiêu chí A", Decimal(60), Decimal(60)),
            CriterionScore("b", "Tiêu chí B", Decimal("40.5"), Decimal(50)),
        ),
        on_time_pct=Decimal(100),
        exceeding_pct=Decimal(50),
    )
    with pytest.raises(DomainError, match="Tổng điểm 100,5 nằm ngoài thang 0–100 điểm"):
        evaluate(rules_366, m25(), sheet=over)
    negative = ScoreSheet(
        criteria=(CriterionScore("a", "Tiêu chí A", Decimal(-1), Decimal(60)),),
        on_time_pct=Decimal(100),
        exceeding_pct=Decimal(50),
    )
    with pytest.raises(DomainError, match="Điểm tiêu chí “Tiêu chí A” không được âm"):
        evaluate(rules_366, m25(), sheet=negative)


def test_task_percentages_outside_0_to_100_are_refused(rules_366: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Tỷ lệ nhiệm vụ hoàn thành đúng tiến độ phải từ 0 đến 100%"):
        evaluate(rules_366, m25(), sheet=member_sheet(rules_366, "80", on_time="101"))


def test_sheet_from_scores_refuses_unknown_and_missing_criteria(rules_366: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Tiêu chí “luck” không có trong bộ quy tắc QD366-2025"):
        sheet_from_scores(
            rules_366, SubjectKind.MEMBER, {"luck": Decimal(1)}, on_time_pct=Decimal(100), exceeding_pct=Decimal(0)
        )
    with pytest.raises(DomainError, match="Chưa chấm điểm tiêu chí “Phẩm chất đạo đức, lối sống”"):
        sheet_from_scores(
            rules_366, SubjectKind.MEMBER, {"political": Decimal(8)}, on_time_pct=Decimal(100), exceeding_pct=Decimal(0)
        )


def test_collectives_use_the_collective_criteria(rules_366: RuleSetData) -> None:
    sheet = member_sheet(rules_366, "91", kind=SubjectKind.GRASSROOTS)
    assert [c.code for c in sheet.criteria][-1] == "political_tasks"
    assert evaluate(rules_366, collective(year=2025), sheet=sheet).proposed_level == Level.EXCELLENT


def test_366_rules_refuse_a_year_before_they_took_effect(rules_366: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Bộ quy tắc QD366-2025 không có hiệu lực ngày 31/12/2024"):
        evaluate(rules_366, member(year=2024))
