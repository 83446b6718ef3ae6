"""Deadlines in working days (the shipped 2023–2026 calendar): across a weekend, across Tết and the April
holidays, escalation after three votes, and what each reader sees in their scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.admissions.deadlines import deadlines
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import Candidate
from dangbo.admissions.selectors import counts_by_stage, due_this_week, full_members_of_cell_on

from .pipeline import advance, propose_one, take

pytestmark = pytest.mark.django_db


def at_stage(world: Any, stage: str, **fields: Any) -> Candidate:
    """A candidacy put straight at a stage (the deadlines only read it)."""
    candidate = propose_one(world, sheet={"citizen_id": f"0340990{Candidate.objects.count():05d}"})
    Candidate.objects.filter(pk=candidate.pk).update(stage=stage, **fields)
    return Candidate.objects.get(pk=candidate.pk)


def only(candidate: Candidate, today: dt.date) -> Any:
    [deadline] = deadlines(Candidate.objects.filter(pk=candidate.pk), today=today)
    return deadline


def test_ceremony_within_30_working_days_across_tet(world: Any) -> None:
    # Received Thursday 29/1/2026; Tết 2026 takes 16–20/2 (a Saturday-to-Sunday break): 30th working day 19/3.
    candidate = at_stage(world, Stage.DECIDED, decided_on=dt.date(2026, 1, 27),
                         decision_received_on=dt.date(2026, 1, 29))  # fmt: skip
    deadline = only(candidate, dt.date(2026, 3, 19))
    assert (deadline.kind, deadline.due, deadline.overdue) == ("ceremony", dt.date(2026, 3, 19), False)
    assert "30 ngày làm việc" in deadline.rule and "29/01/2026" in deadline.rule and "294-QĐ/TW" in deadline.rule
    assert only(candidate, dt.date(2026, 3, 20)).overdue


def test_ceremony_counts_from_the_decision_when_the_receipt_is_not_recorded(world: Any) -> None:
    # Decided Friday 3/10/2025: the count starts on Monday 6/10 (the weekend skipped); 30th working day 14/11.
    candidate = at_stage(world, Stage.DECIDED, decided_on=dt.date(2025, 10, 3))
    deadline = only(candidate, dt.date(2025, 10, 6))
    assert deadline.due == dt.date(2025, 11, 14)
    assert "chưa ghi ngày chi bộ nhận" in deadline.rule


def test_recognition_vote_within_30_working_days_across_the_april_holidays(world: Any) -> None:
    # Probation ends Tuesday 21/4/2026; 27/4 (Hùng Kings, moved), 30/4 and 1/5 are off: 30th working day 5/6.
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    deadline = only(candidate, dt.date(2026, 6, 8))
    assert (deadline.kind, deadline.due, deadline.overdue) == ("recognition", dt.date(2026, 6, 5), True)
    assert "kể cả khi biểu quyết muộn" in deadline.rule


def test_after_three_votes_without_two_thirds_the_escalation_is_due(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    for day in (dt.date(2026, 5, 5), dt.date(2026, 6, 2)):
        candidate = take(candidate, Step.RECOGNITION_VOTE, held_on=day, votes_for=1, votes_against=1)
    assert only(candidate, dt.date(2026, 6, 3)).label.endswith("(lần 3)")
    candidate = take(candidate, Step.RECOGNITION_VOTE, held_on=dt.date(2026, 7, 7), votes_for=1, votes_against=1)
    deadline = only(candidate, dt.date(2026, 7, 8))
    assert deadline.kind == "escalation" and "Cấp ủy cấp trên" in deadline.label
    assert deadline.due == dt.date(2026, 8, 18)  # 30 working days after Tuesday 7/7/2026
    assert "giả định" in deadline.rule


def test_overdue_first_then_by_date_and_only_until(world: Any) -> None:
    late = at_stage(world, Stage.DECIDED, decided_on=dt.date(2025, 10, 3))  # due 14/11/2025
    soon = at_stage(world, Stage.DECIDED, decided_on=dt.date(2026, 1, 27), decision_received_on=dt.date(2026, 1, 29))
    at_stage(world, Stage.VERIFIED)  # no deadline at this stage
    today = dt.date(2026, 3, 16)
    listed = deadlines(Candidate.objects.all(), today=today)
    assert [d.candidate.pk for d in listed] == [late.pk, soon.pk]
    assert [d.candidate.pk for d in deadlines(Candidate.objects.all(), today=today, until=dt.date(2026, 3, 18))] == [
        late.pk
    ]


def test_each_reader_sees_the_deadlines_and_stages_of_their_scope(world: Any) -> None:
    at_stage(world, Stage.DECIDED, decided_on=dt.date(2025, 10, 3))
    today = dt.date(2026, 3, 16)
    assert len(due_this_week(scope_for(world.officer), today=today)) == 1
    assert len(due_this_week(scope_for(world.bloc_officer), today=today)) == 1
    assert due_this_week(scope_for(world.outsider), today=today) == []
    assert counts_by_stage(scope_for(world.officer))[Stage.DECIDED] == 1
    assert counts_by_stage(scope_for(world.outsider))[Stage.DECIDED] == 0


def test_the_cell_full_members_on_a_day_are_the_voters(world: Any) -> None:
    assert set(full_members_of_cell_on(world.cell_a1, dt.date(2025, 3, 3))) == {world.m1, world.m2}
    assert set(full_members_of_cell_on(world.cell_a1, dt.date(2006, 1, 1))) == set()  # both probationary then


def test_the_date_prefilter_of_until_keeps_exactly_the_deadlines_due_by_then(world: Any) -> None:
    """`until` narrows the rows in SQL before the calendar is counted: day by day, it must list exactly the
    deadlines of the whole list that fall due by then (ceremony from the receipt or the decision, recognition,
    escalation from the last vote)."""
    escalated = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    for day in (dt.date(2026, 5, 5), dt.date(2026, 6, 2), dt.date(2026, 7, 7)):
        escalated = take(escalated, Step.RECOGNITION_VOTE, held_on=day, votes_for=1, votes_against=1)
    at_stage(world, Stage.DECIDED, decided_on=dt.date(2026, 1, 27), decision_received_on=dt.date(2026, 1, 29))
    at_stage(world, Stage.DECIDED, decided_on=dt.date(2026, 2, 13))
    at_stage(world, Stage.PROBATION, probation_ends_on=dt.date(2026, 7, 31))
    at_stage(world, Stage.PROBATION, probation_ends_on=dt.date(2026, 2, 16))
    today = dt.date(2026, 3, 1)
    everything = deadlines(Candidate.objects.all(), today=today)
    assert {d.kind for d in everything} == {"ceremony", "recognition", "escalation"} and len(everything) == 5
    day = dt.date(2026, 3, 1)
    while day <= dt.date(2026, 9, 30):
        expected = [(d.candidate.pk, d.due) for d in everything if d.due <= day]
        assert [(d.candidate.pk, d.due) for d in deadlines(Candidate.objects.all(), today=today, until=day)] == expected
        day += dt.timedelta(days=1)
