"""The verdict engine under the 124 rules (ratings of 2023 and 2024): each rule at its boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangbo.core.errors import DomainError
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import DisciplineFact, ReasonKind, evaluate

from .conftest import RULES_124, collective, disciplined, member

ALL = (Level.EXCELLENT, Level.GOOD, Level.FULFILLED, Level.UNFULFILLED)


def test_member_without_findings_may_be_rated_any_level(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(), proposed_level="excellent")
    assert verdict.allowed_levels == ALL
    assert verdict.forced_level is None
    assert verdict.not_rated is False
    assert verdict.proposed_level == verdict.suggested_level == Level.EXCELLENT
    assert verdict.reasons == ()


def test_member_disciplined_in_the_year_is_forced_unfulfilled(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(disciplines=disciplined(dt.date(2024, 5, 12))), proposed_level="good")
    assert verdict.forced_level == Level.UNFULFILLED
    assert verdict.allowed_levels == (Level.UNFULFILLED,)
    assert verdict.suggested_level == Level.UNFULFILLED
    assert verdict.refusals("good") == [
        "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2024 (Quy định 124-QĐ/TW, Hướng dẫn "
        "25-HD/BTCTW: bị kỷ luật trong năm thì xếp loại Không hoàn thành nhiệm vụ)"
    ]
    assert verdict.messages == [
        "Xếp loại Không hoàn thành nhiệm vụ: bị kỷ luật ngày 12/05/2024 (Quy định 124-QĐ/TW, Hướng dẫn "
        "25-HD/BTCTW: bị kỷ luật trong năm thì xếp loại Không hoàn thành nhiệm vụ)"
    ]
    with pytest.raises(DomainError) as info:
        verdict.require_allowed("fulfilled")
    assert info.value.message.startswith("Không thể xếp loại Hoàn thành nhiệm vụ: bị kỷ luật ngày 12/05/2024")
    verdict.require_allowed("unfulfilled")


def test_member_disciplined_on_the_last_day_of_the_year_counts_that_year(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(disciplines=disciplined(dt.date(2024, 12, 31))))
    assert verdict.forced_level == Level.UNFULFILLED


def test_member_disciplined_in_the_previous_year_is_not_affected(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(disciplines=disciplined(dt.date(2023, 12, 31))))
    assert verdict.forced_level is None
    assert verdict.allowed_levels == ALL
    assert verdict.reasons == ()


def test_discipline_counts_by_decision_date_not_violation_date(rules_124: RuleSetData) -> None:
    facts = member(disciplines=disciplined(dt.date(2024, 1, 10), violation_date=dt.date(2023, 11, 2)))
    assert evaluate(rules_124, facts).forced_level == Level.UNFULFILLED
    previous_year = member(year=2023, disciplines=facts.disciplines)
    assert evaluate(rules_124, previous_year).forced_level is None


def test_violation_already_counted_in_an_earlier_rating_is_not_counted_again(rules_124: RuleSetData) -> None:
    facts = member(disciplines=disciplined(dt.date(2024, 2, 1), counted_in_earlier_rating=True))
    verdict = evaluate(rules_124, facts)
    assert verdict.forced_level is None
    assert verdict.allowed_levels == ALL
    (note,) = verdict.reasons
    assert note.kind == ReasonKind.NOTE
    assert note.message == (
        "Quyết định kỷ luật ngày 01/02/2024 xử lý vi phạm đã tính khi xếp loại năm trước, không tính lại "
        "(Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: một hành vi vi phạm chỉ tính một lần khi xếp loại)"
    )


@pytest.mark.parametrize(("pct", "forced"), [("50", False), ("49.9", True), ("49", True), ("100", False)])
def test_targets_met_below_50_percent_forces_unfulfilled(rules_124: RuleSetData, pct: str, forced: bool) -> None:
    verdict = evaluate(rules_124, member(targets_met_pct=Decimal(pct)))
    assert (verdict.forced_level == Level.UNFULFILLED) is forced
    if forced:
        assert f"chỉ hoàn thành {pct.replace('.', ',')}% chỉ tiêu, nhiệm vụ" in verdict.messages[0]
        assert "(Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: hoàn thành dưới 50% chỉ tiêu" in verdict.messages[0]


def test_degeneration_forces_unfulfilled(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(degeneration=True))
    assert verdict.forced_level == Level.UNFULFILLED
    assert verdict.reasons[0].rule == "forced_unfulfilled.degeneration"
    assert RULES_124 in verdict.messages[0]


def test_member_admitted_exactly_six_months_before_the_rating_date_is_rated(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(admitted_on=dt.date(2024, 6, 15), rating_date=dt.date(2024, 12, 15)))
    assert verdict.not_rated is False
    assert verdict.allowed_levels == ALL


def test_member_admitted_one_day_less_than_six_months_is_not_rated(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(admitted_on=dt.date(2024, 6, 16), rating_date=dt.date(2024, 12, 15)))
    assert verdict.not_rated is True
    assert verdict.allowed_levels == ()
    assert verdict.suggested_level is None
    assert verdict.messages == [
        "Không xếp loại chất lượng: được kết nạp ngày 16/06/2024, chưa đủ 6 tháng đến ngày đánh giá 15/12/2024 "
        "(Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: đảng viên mới được kết nạp chưa đủ 6 tháng thì không xếp loại "
        "chất lượng, vẫn tự kiểm điểm)"
    ]
    assert verdict.refusals("fulfilled") == verdict.messages


def test_not_rated_takes_precedence_over_a_discipline(rules_124: RuleSetData) -> None:
    facts = member(status="exempt", disciplines=disciplined(dt.date(2024, 3, 1)))
    verdict = evaluate(rules_124, facts)
    assert verdict.not_rated is True
    assert verdict.forced_level is None
    assert [r.rule for r in verdict.reasons] == ["not_rated.exempt"]
    assert "đảng viên đang được miễn công tác và sinh hoạt đảng" in verdict.messages[0]


def test_suspended_member_is_not_rated(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(suspended=True))
    assert verdict.not_rated is True
    assert verdict.reasons[0].rule == "not_rated.suspended"
    assert RULES_124 in verdict.messages[0]


def test_probationary_member_is_rated(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, member(status="probationary", admitted_on=dt.date(2024, 1, 5)))
    assert verdict.not_rated is False


def test_organization_founded_six_months_to_the_day_is_rated(rules_124: RuleSetData) -> None:
    rated = evaluate(rules_124, collective(founded_on=dt.date(2024, 6, 15)))
    assert rated.not_rated is False
    young = evaluate(rules_124, collective(kind=SubjectKind.CELL, founded_on=dt.date(2024, 6, 16)))
    assert young.not_rated is True
    assert young.messages == [
        "Không xếp loại chất lượng: tổ chức đảng thành lập ngày 16/06/2024, chưa đủ 6 tháng đến ngày đánh giá "
        "15/12/2024 (Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: tổ chức đảng mới thành lập chưa đủ 6 tháng thì "
        "không xếp loại chất lượng)"
    ]


@pytest.mark.parametrize(("months", "capped"), [("3", True), ("2", False), ("2.9", False), ("12", True)])
def test_sick_leave_of_three_months_caps_at_fulfilled(rules_124: RuleSetData, months: str, capped: bool) -> None:
    verdict = evaluate(rules_124, member(sick_leave_months=Decimal(months)), proposed_level="good")
    if capped:
        assert verdict.allowed_levels == (Level.FULFILLED, Level.UNFULFILLED)
        assert verdict.forced_level is None
        assert verdict.suggested_level == Level.FULFILLED
        assert verdict.refusals("excellent") == [
            f"Không thể xếp loại Hoàn thành xuất sắc nhiệm vụ: nghỉ ốm {months} tháng trong năm (Quy định 124-QĐ/TW, "
            "Hướng dẫn 25-HD/BTCTW: nghỉ ốm từ 3 tháng trở lên trong năm thì không xếp loại Hoàn thành tốt nhiệm "
            "vụ trở lên)"
        ]
    else:
        assert verdict.allowed_levels == ALL
        assert verdict.suggested_level == Level.GOOD


def test_collective_with_leadership_disciplined_is_forced_unfulfilled(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(leadership_disciplined=True))
    assert verdict.forced_level == Level.UNFULFILLED
    assert verdict.messages == [
        "Xếp loại Không hoàn thành nhiệm vụ: tập thể cấp ủy bị kỷ luật trong năm (Quy định 124-QĐ/TW, Hướng dẫn "
        "25-HD/BTCTW: tập thể lãnh đạo bị kỷ luật thì tổ chức đảng xếp loại Không hoàn thành nhiệm vụ)"
    ]


def test_collective_with_20_percent_of_units_disciplined_is_capped_not_forced(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(subordinate_units=10, subordinate_units_disciplined=2))
    assert verdict.forced_level is None
    assert verdict.allowed_levels == (Level.FULFILLED, Level.UNFULFILLED)
    assert [r.rule for r in verdict.reasons] == ["collective_discipline"]


def test_collective_with_over_20_percent_of_units_disciplined_is_forced_unfulfilled(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(subordinate_units=9, subordinate_units_disciplined=2))
    assert verdict.forced_level == Level.UNFULFILLED
    forced = next(r for r in verdict.reasons if r.kind == ReasonKind.FORCED)
    assert forced.message == (
        "Xếp loại Không hoàn thành nhiệm vụ: 2/9 tổ chức đảng trực thuộc (22,2%) bị kỷ luật trong năm "
        "(Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: trên 20% tổ chức đảng trực thuộc bị kỷ luật thì xếp loại "
        "Không hoàn thành nhiệm vụ)"
    )


def test_collective_with_a_disciplined_unit_cannot_be_good_or_better(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(subordinate_units_disciplined=1, leadership_members_disciplined=1))
    assert verdict.allowed_levels == (Level.FULFILLED, Level.UNFULFILLED)
    assert verdict.refusals("good") == [
        "Không thể xếp loại Hoàn thành tốt nhiệm vụ: có 1 tổ chức đảng trực thuộc và 1 cấp ủy viên bị kỷ luật trong "
        "năm (Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: tổ chức đảng có tổ chức đảng trực thuộc hoặc cấp ủy viên bị "
        "kỷ luật trong năm thì không xếp loại Hoàn thành tốt nhiệm vụ trở lên, trừ khi tự phát hiện và khắc phục)"
    ]


def test_collective_that_remedied_the_fault_itself_keeps_every_level(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(leadership_members_disciplined=1, self_remedied=True))
    assert verdict.allowed_levels == ALL
    (note,) = verdict.reasons
    assert note.kind == ReasonKind.NOTE
    assert "tập thể đã tự phát hiện và khắc phục nên không bị hạ mức" in note.message
    assert RULES_124 in note.message


def test_self_remedied_does_not_lift_the_over_20_percent_trigger(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(subordinate_units=4, subordinate_units_disciplined=1, self_remedied=True))
    assert verdict.forced_level == Level.UNFULFILLED


def test_organization_disciplined_itself_is_forced_unfulfilled(rules_124: RuleSetData) -> None:
    facts = collective(kind=SubjectKind.CELL, disciplines=(DisciplineFact(dt.date(2024, 9, 9), "warning"),))
    verdict = evaluate(rules_124, facts)
    assert verdict.forced_level == Level.UNFULFILLED
    assert "bị kỷ luật ngày 09/09/2024" in verdict.messages[0]


def test_sick_leave_does_not_apply_to_collectives(rules_124: RuleSetData) -> None:
    verdict = evaluate(rules_124, collective(sick_leave_months=Decimal(6)))
    assert verdict.allowed_levels == ALL


def test_several_findings_are_all_explained(rules_124: RuleSetData) -> None:
    facts = member(disciplines=disciplined(dt.date(2024, 4, 1)), degeneration=True, sick_leave_months=Decimal(4))
    verdict = evaluate(rules_124, facts)
    assert [r.rule for r in verdict.reasons] == [
        "forced_unfulfilled.disciplined_in_year",
        "forced_unfulfilled.degeneration",
        "sick_leave",
    ]
    assert len(verdict.refusals("excellent")) == 3
    assert len(verdict.refusals("fulfilled")) == 2


def test_124_rules_refuse_a_score_sheet(rules_124: RuleSetData, rules_366: RuleSetData) -> None:
    from .conftest import member_sheet

    sheet = member_sheet(rules_366, "95")
    with pytest.raises(DomainError, match="Bộ quy tắc QD124-2023 không chấm điểm theo thang 100 điểm"):
        evaluate(rules_124, member(), sheet=sheet)


def test_124_rules_refuse_a_year_they_do_not_cover(rules_124: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Bộ quy tắc QD124-2023 không có hiệu lực ngày 31/12/2025"):
        evaluate(rules_124, member(year=2025))


def test_bad_facts_are_refused_in_vietnamese(rules_124: RuleSetData) -> None:
    with pytest.raises(DomainError, match="Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ phải từ 0 đến 100%"):
        evaluate(rules_124, member(targets_met_pct=Decimal(120)))
    with pytest.raises(DomainError, match="Số tổ chức đảng trực thuộc bị kỷ luật không được vượt"):
        evaluate(rules_124, collective(subordinate_units=2, subordinate_units_disciplined=3))
    with pytest.raises(DomainError, match="Mức xếp loại “superb” không hợp lệ"):
        evaluate(rules_124, member(), proposed_level="superb")
