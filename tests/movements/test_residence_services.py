"""Residence liaison (Quy định 213-QĐ/TW): introductions, yearly feedback, what is missing, and every refusal with
nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.templatetags.audit_display import ACTION_LABELS
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members import services as member_services
from dangbo.members.enums import MemberStatus
from dangbo.movements import residence
from dangbo.movements.enums import FeedbackAssessment
from dangbo.movements.models import MovementRuleSet, ResidenceFeedback, ResidenceIntroduction
from dangbo.movements.residence_selectors import (
    ResidenceState,
    cell_rows,
    feedback_due,
    feedback_facts,
    missing_feedback,
    tallies_by_cell,
)

TODAY = dt.date(2026, 3, 10)


def introduce(world: Any, member: Any = None, **overrides: Any) -> ResidenceIntroduction:
    data: dict[str, Any] = {
        "actor": world.officer, "member": member or world.m1, "introduced_on": dt.date(2025, 2, 3),
        "ward": "Phường Ba Đình", "residence_cell": "Chi bộ Tổ dân phố số 5",
        "residence_committee": "Đảng ủy phường Ba Đình", "letter_number": "15-GGT/ĐU", "today": TODAY,
    }  # fmt: skip
    data.update(overrides)
    return residence.introduce(**data)


def feedback(world: Any, member: Any = None, **overrides: Any) -> ResidenceFeedback:
    data: dict[str, Any] = {
        "actor": world.officer, "member": member or world.m1, "year": 2025, "received_on": dt.date(2025, 11, 12),
        "assessment": FeedbackAssessment.GOOD, "content": "Gương mẫu, tham gia tốt sinh hoạt tổ dân phố.",
        "today": TODAY,
    }  # fmt: skip
    data.update(overrides)
    return residence.record_feedback(**data)


def counts() -> tuple[int, int, int]:
    return ResidenceIntroduction.objects.count(), ResidenceFeedback.objects.count(), AuditEntry.objects.count()


def test_introduce_and_feedback_record_with_the_cells_path_and_audit(world: Any) -> None:
    intro = introduce(world)
    assert intro.organization == world.cell_a1 and intro.path == world.cell_a1.path
    fb = feedback(world)
    assert fb.introduction == intro and fb.path == world.cell_a1.path
    actions = list(AuditEntry.objects.filter(action__startswith="movements.").values_list("action", flat=True))
    assert sorted(actions) == ["movements.residence_feedback.recorded", "movements.residence_introduction.created"]
    for action in actions:
        assert action in ACTION_LABELS


def test_feedback_for_a_member_never_introduced_is_refused_and_nothing_written(world: Any) -> None:
    before = counts()
    with pytest.raises(DomainError, match="chưa được giới thiệu về sinh hoạt nơi cư trú") as exc:
        feedback(world)
    assert exc.value.code == "not_introduced"
    assert counts() == before


def test_feedback_dated_before_the_introduction_is_refused(world: Any) -> None:
    introduce(world, introduced_on=dt.date(2025, 12, 1))
    before = counts()
    with pytest.raises(DomainError, match="trước ngày giới thiệu về nơi cư trú 01/12/2025"):
        feedback(world, received_on=dt.date(2025, 11, 20))
    assert counts() == before


def test_second_feedback_for_a_year_is_refused(world: Any) -> None:
    introduce(world)
    feedback(world)
    before = counts()
    with pytest.raises(DomainError, match="Đã có nhận xét nơi cư trú năm 2025") as exc:
        feedback(world, received_on=dt.date(2025, 12, 1))
    assert exc.value.code == "duplicate"
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_on": dt.date(2026, 3, 11)}, "chưa đến"),  # after today
        ({"received_on": dt.date(1899, 12, 31)}, "không hợp lệ"),
        ({"year": 2027}, "Năm 2027 không hợp lệ"),
        ({"year": 1990}, "Năm 1990 không hợp lệ"),
        ({"received_on": dt.date(2027, 1, 5), "today": dt.date(2027, 6, 1), "year": 2025}, "không khớp"),
        ({"content": "   "}, "Hãy ghi nội dung nhận xét"),
        ({"assessment": "excellent"}, "không hợp lệ"),
    ],
)
def test_absurd_feedback_is_refused(world: Any, overrides: dict[str, Any], message: str) -> None:
    introduce(world)
    before = counts()
    with pytest.raises(DomainError, match=message):
        feedback(world, **overrides)
    assert counts() == before


def test_feedback_for_a_year_before_the_introduction_is_refused(world: Any) -> None:
    introduce(world, introduced_on=dt.date(2025, 2, 3))
    with pytest.raises(DomainError, match="không được giới thiệu về nơi cư trú trong năm 2024"):
        feedback(world, year=2024, received_on=dt.date(2025, 2, 10))


def test_one_open_introduction_per_member(world: Any) -> None:
    intro = introduce(world)
    before = counts()
    with pytest.raises(DomainError, match="Hãy ghi ngày kết thúc giới thiệu đó") as exc:
        introduce(world, introduced_on=dt.date(2025, 6, 1), ward="Phường Cầu Giấy")
    assert exc.value.code == "already_introduced"
    assert counts() == before
    residence.end_introduction(actor=world.officer, introduction=intro, expected_version=intro.version,
                               ended_on=dt.date(2025, 5, 31), reason="Chuyển nơi ở", today=TODAY)  # fmt: skip
    second = introduce(world, introduced_on=dt.date(2025, 6, 1), ward="Phường Cầu Giấy")
    assert second.ended_on is None


def test_ending_checks_dates_feedback_and_version(world: Any) -> None:
    intro = introduce(world)
    feedback(world)
    with pytest.raises(DomainError, match="trước ngày nhận nhận xét năm 2025"):
        residence.end_introduction(actor=world.officer, introduction=intro, expected_version=intro.version,
                                   ended_on=dt.date(2025, 10, 1), today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="không được trước ngày giới thiệu"):
        residence.end_introduction(actor=world.officer, introduction=intro, expected_version=intro.version,
                                   ended_on=dt.date(2025, 1, 1), today=TODAY)  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        residence.end_introduction(actor=world.officer, introduction=intro, expected_version=intro.version + 1,
                                   ended_on=dt.date(2026, 1, 1), today=TODAY)  # fmt: skip
    intro.refresh_from_db()
    assert intro.ended_on is None


def test_only_a_working_member_is_introduced(world: Any) -> None:
    member_services.change_status(actor=world.officer, member=world.m2, status=MemberStatus.EXEMPT,
                                  on=dt.date(2024, 6, 1), reason="Tuổi cao")  # fmt: skip
    before = counts()
    with pytest.raises(DomainError, match="chỉ giới thiệu đảng viên dự bị hoặc chính thức") as exc:
        introduce(world, world.m2)
    assert exc.value.code == "member_not_working"
    assert counts() == before


def test_correct_feedback_keeps_member_and_year(world: Any) -> None:
    introduce(world)
    fb = feedback(world)
    fixed = residence.correct_feedback(actor=world.officer, feedback=fb, expected_version=fb.version,
                                       received_on=dt.date(2025, 11, 14), assessment=FeedbackAssessment.CONCERN,
                                       content="Chưa tham gia họp tổ dân phố.", today=TODAY)  # fmt: skip
    assert (fixed.year, fixed.assessment, fixed.version) == (2025, FeedbackAssessment.CONCERN, fb.version + 1)
    assert AuditEntry.objects.filter(action="movements.residence_feedback.corrected").count() == 1


def test_due_day_comes_from_the_rule_set(world: Any) -> None:
    due = feedback_due(2025)
    assert due.day == dt.date(2025, 11, 15)
    assert "213-QĐ/TW" in due.explain()
    rule_set = MovementRuleSet.objects.get(code="CSH-2025")
    rule_set.params["residence"]["feedback_day"] = 30
    rule_set.params["residence"]["feedback_month"] = 10
    rule_set.save()
    assert feedback_due(2025).day == dt.date(2025, 10, 30)
    assert feedback_due(2019).day == dt.date(2019, 11, 15)  # no rule set: Quy định 213's default


def test_missing_feedback_lists_not_introduced_and_overdue(world: Any) -> None:
    """m1 introduced without feedback, m2 not introduced: before the due day only m2 is missing; after it both;
    once m1's feedback is in, only m2."""
    introduce(world)
    before_due = dt.date(2025, 11, 10)
    assert list(missing_feedback(2025, world.org_a.path, today=before_due)) == [world.m2]
    after_due = dt.date(2025, 11, 20)
    assert set(missing_feedback(2025, world.org_a.path, today=after_due)) == {world.m1, world.m2}
    tally = tallies_by_cell(2025, world.org_a.path, today=after_due)[world.cell_a1.pk]
    assert (tally.working, tally.missing, tally.not_introduced, tally.to_chase) == (2, 1, 1, 2)
    feedback(world, today=after_due)
    assert list(missing_feedback(2025, world.org_a.path, today=after_due)) == [world.m2]
    rows = {r.member: r.state for r in cell_rows(world.cell_a1, 2025, today=after_due)}
    assert rows == {world.m1: ResidenceState.RECEIVED, world.m2: ResidenceState.NOT_INTRODUCED}
    assert world.cell_a1.pk in tallies_by_cell(2025, world.org_a.path, today=before_due)
    assert tallies_by_cell(2025, world.org_b.path, today=after_due)[world.cell_b1.pk].not_introduced == 1


def test_feedback_facts_for_the_rating(world: Any) -> None:
    introduce(world)
    feedback(world)
    facts = feedback_facts(2025, [world.m1.pk, world.m2.pk])
    assert facts[world.m1.pk].sentence() == (
        "Nhận xét nơi cư trú năm 2025: Gương mẫu, thực hiện tốt nghĩa vụ công dân nơi cư trú (nhận ngày 12/11/2025)"
    )
    assert facts[world.m2.pk].sentence() == "Chưa có nhận xét nơi cư trú năm 2025"


def test_selectors_cost_the_same_queries_for_one_or_three_members(world: Any, django_assert_max_num_queries: Any
                                                                  ) -> None:  # fmt: skip
    introduce(world)
    with django_assert_max_num_queries(4):
        cell_rows(world.cell_a1, 2025, today=TODAY)
    with django_assert_max_num_queries(3):
        tallies_by_cell(2025, world.bloc.path, today=TODAY)
