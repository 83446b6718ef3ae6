"""A member's tasks given by the cell feed the 2025 rating (QĐ 366, HD 43): "excellent" needs 100% of tasks on time
and at least 30% exceeded, "good" 100% on time. The boundaries are compared on the counts, exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangbo.assignments import services as task_services
from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.explanations import explain_rating
from dangbo.evaluations.facts import facts_for_ratings
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import TaskFacts, evaluate

from .conftest import member, member_sheet, rating_of, take

pytestmark = pytest.mark.django_db
ALL = (Level.EXCELLENT, Level.GOOD, Level.FULFILLED, Level.UNFULFILLED)


def tasks(assigned: int, on_time: int, exceeded: int = 0, late: int = 0, not_done: int = 0) -> TaskFacts:
    return TaskFacts(assigned=assigned, on_time=on_time, exceeded=exceeded, late=late, not_done=not_done)


def verdict_of(rules: RuleSetData, t: TaskFacts | None, total: str = "95", **sheet: str):
    return evaluate(rules, member(year=2025, tasks=t), sheet=member_sheet(rules, total, **sheet))


def test_all_on_time_and_30_percent_exceeded_is_excellent(rules_366):
    verdict = verdict_of(rules_366, tasks(10, 10, exceeded=3))
    assert verdict.proposed_level == Level.EXCELLENT and verdict.allowed_levels == ALL


@pytest.mark.parametrize(("assigned", "exceeded"), [(17, 5), (7, 2), (100, 29)])  # 29.4%, 28.6%, 29%
def test_under_30_percent_exceeded_is_good(rules_366, assigned, exceeded):
    verdict = verdict_of(rules_366, tasks(assigned, assigned, exceeded=exceeded))
    assert verdict.proposed_level == Level.GOOD
    refusal = verdict.refusals("excellent")[0]
    assert f"{exceeded}/{assigned} nhiệm vụ (" in refusal and "hoàn thành vượt mức, dưới 30%" in refusal


def test_one_late_task_of_ten_rules_out_good(rules_366):
    on_time = verdict_of(rules_366, tasks(10, 10, exceeded=3))
    one_late = verdict_of(rules_366, tasks(10, 9, exceeded=3, late=1))
    assert on_time.proposed_level == Level.EXCELLENT
    assert one_late.proposed_level == Level.FULFILLED
    assert one_late.refusals("good") == [
        "Không thể xếp loại Hoàn thành tốt nhiệm vụ: 9/10 nhiệm vụ (90%) hoàn thành đúng tiến độ, chưa đạt 100% "
        "(Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW: Hoàn thành tốt nhiệm vụ khi đạt từ 70 đến dưới 90 điểm và "
        "100% nhiệm vụ hoàn thành đúng tiến độ)"
    ]


def test_a_task_without_a_result_is_not_on_time(rules_366):
    verdict = verdict_of(rules_366, tasks(3, 2, exceeded=1))
    assert verdict.proposed_level == Level.FULFILLED
    note = next(r for r in verdict.reasons if r.rule == "score.tasks")
    assert "1 chưa ghi kết quả cuối năm (chưa tính là đúng tiến độ)" in note.message


def test_the_tasks_replace_the_figures_typed_on_the_sheet(rules_366):
    verdict = verdict_of(rules_366, tasks(4, 4, exceeded=2), on_time="0", exceeding="0")
    assert verdict.proposed_level == Level.EXCELLENT
    note = next(r for r in verdict.reasons if r.rule == "score.tasks")
    assert note.message.startswith(
        "Tỷ lệ nhiệm vụ tính từ 4 nhiệm vụ chi bộ giao năm 2025 (Phân công nhiệm vụ): 4 đúng tiến độ (trong đó 2 vượt "
        "mức), 0 chậm tiến độ, 0 không hoàn thành; tỷ lệ ghi trên phiếu không dùng (Quy định 366-QĐ/TW"
    )


def test_without_assigned_tasks_the_typed_figures_still_count(rules_366):
    typed = verdict_of(rules_366, None, on_time="100", exceeding="30")
    assert typed.proposed_level == Level.EXCELLENT
    assert not [r for r in typed.reasons if r.rule == "score.tasks"]
    none_assigned = verdict_of(rules_366, tasks(0, 0), on_time="99")
    assert none_assigned.proposed_level == Level.FULFILLED


def test_the_four_level_rules_do_not_read_tasks(rules_124):
    verdict = evaluate(rules_124, member(year=2024, tasks=tasks(2, 0, late=2)), proposed_level=Level.EXCELLENT)
    assert verdict.allowed_levels == ALL and not verdict.reasons


def test_inconsistent_task_counts_are_refused(rules_366):
    from dangbo.core.errors import DomainError

    with pytest.raises(DomainError, match="không khớp"):
        verdict_of(rules_366, tasks(2, 1, exceeded=2))


# Through the round: the tasks of 2025 given to m1 by cell A1, with their results.


def _give(world, result: str, completed_on: dt.date | None) -> None:
    task = task_services.assign_task(
        actor=world.officer, cell=world.cell_a1, members=[world.m1], title="Nhiệm vụ 2025", kind=TaskKind.PROFESSIONAL,
        assigned_on=dt.date(2025, 2, 3), deadline=dt.date(2025, 11, 28), today=dt.date(2025, 12, 10),
    )[0]  # fmt: skip
    task_services.record_result(actor=world.officer, task=task, expected_version=1, result=result,
                                completed_on=completed_on, today=dt.date(2025, 12, 10))  # fmt: skip


def _scores(rules: RuleSetData, total: str) -> dict[str, Decimal]:
    sheet = member_sheet(rules, total)
    return {c.code: c.score for c in sheet.criteria}


def test_the_round_reads_the_members_tasks(world, round_2025, rules_366):
    from dangbo.evaluations.facts import RatingInputs

    for _ in range(7):
        _give(world, TaskResult.ON_TIME, dt.date(2025, 11, 20))
    for _ in range(3):
        _give(world, TaskResult.EXCEEDED, dt.date(2025, 10, 1))
    rating = rating_of(round_2025, member=world.m1)
    facts = facts_for_ratings(round_2025, [rating])[rating.pk]
    assert facts.tasks == tasks(10, 10, exceeded=3)
    sheet = RatingInputs(scores=_scores(rules_366, "95"), on_time_pct=Decimal(0), exceeding_pct=Decimal(0))
    rating = take(world.officer, rating, RatingStep.SELF_ASSESSED, sheet=sheet)
    assert rating.self_level == Level.EXCELLENT  # 100% on time, 30% exceeded: the typed 0% are not used
    assert any("tính từ 10 nhiệm vụ chi bộ giao năm 2025" in r for r in rating.reasons)
    other = rating_of(round_2025, member=world.m2)
    assert facts_for_ratings(round_2025, [other])[other.pk].tasks is None


def test_one_late_task_in_the_round_and_the_page_says_where_the_figures_come_from(world, round_2025, rules_366,
                                                                                   as_officer):  # fmt: skip
    from dangbo.evaluations.facts import RatingInputs

    for _ in range(9):
        _give(world, TaskResult.EXCEEDED, dt.date(2025, 11, 1))
    _give(world, TaskResult.LATE, dt.date(2025, 12, 5))
    rating = rating_of(round_2025, member=world.m1)
    sheet = RatingInputs(scores=_scores(rules_366, "95"), on_time_pct=Decimal(100), exceeding_pct=Decimal(100))
    rating = take(world.officer, rating, RatingStep.SELF_ASSESSED, sheet=sheet)
    assert rating.self_level == Level.FULFILLED
    explanation = explain_rating(rating)
    assert Level.GOOD not in explanation.allowed_levels
    assert any("9/10 nhiệm vụ (90%) hoàn thành đúng tiến độ" in m for m in explanation.restrictions)
    body = as_officer.get(reverse("evaluations:rating", args=[rating.pk])).content.decode()
    assert "Tỷ lệ nhiệm vụ tính từ 10 nhiệm vụ chi bộ giao năm 2025 (Phân công nhiệm vụ)" in body
    assert "Tỷ lệ nhiệm vụ lấy từ 10 nhiệm vụ chi bộ giao trong năm" in body  # the step form asks no figures
    assert "Nhiệm vụ đúng tiến độ (%)" not in body


def test_a_member_without_tasks_is_asked_the_figures(world, round_2025, as_officer):
    rating = rating_of(round_2025, member=world.m2)
    body = as_officer.get(reverse("evaluations:rating", args=[rating.pk])).content.decode()
    assert "Nhiệm vụ đúng tiến độ (%)" in body and "Tỷ lệ nhiệm vụ lấy từ" not in body
