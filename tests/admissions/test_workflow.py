"""The admission workflow end to end: every step through `workflow.perform`, the member it puts in the registry,
the refusals (nothing written), stale versions and corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.admissions import workflow
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import AdmissionRuleSet, Candidate, Transition
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member

from .pipeline import advance, database_state, propose_one, step_data, take


def refused(candidate: Candidate, step: Step, exc: type[Exception] = DomainError, **data: Any) -> str:
    """Take a step that must be refused; assert nothing was written; return the message."""
    before = database_state()
    with pytest.raises(exc) as info:
        take(candidate, step, **data)
    assert database_state() == before
    return str(getattr(info.value, "message", info.value))


@pytest.mark.django_db
def test_proposal_to_full_member_puts_the_member_in_the_registry(world: Any) -> None:
    candidate = propose_one(world)
    assert candidate.stage == Stage.PROPOSED
    assert workflow.available_steps(candidate) == [Step.COURSE, Step.WITHDRAW, Step.REJECT]
    candidate = advance(candidate, world, to=Step.CEREMONY)
    assert candidate.stage == Stage.DECIDED
    assert candidate.deciding_committee == world.bloc  # the grassroots organization's parent
    candidate = take(candidate, Step.CEREMONY, world.officer, ceremony_on=dt.date(2025, 4, 21))
    assert candidate.stage == Stage.PROBATION
    assert candidate.probation_ends_on == dt.date(2026, 4, 21)
    member = Member.objects.get(citizen_id="034098000123")
    assert candidate.member == member
    assert (member.status, member.organization) == (MemberStatus.PROBATIONARY, world.cell_a1)
    assert member.admission_decision_date == dt.date(2025, 4, 1)
    assert member.ceremony_date == dt.date(2025, 4, 21)
    assert member.full_name == "Lê Thị Mai"

    candidate = take(candidate, Step.RECOGNITION_VOTE, world.officer, **step_data(Step.RECOGNITION_VOTE, world))
    assert candidate.stage == Stage.FULL
    member.refresh_from_db()
    assert member.status == MemberStatus.FULL
    # Full from the day the 12 months end, although the cell voted two weeks later.
    assert member.full_membership_date == dt.date(2026, 4, 21)
    periods = [(p.status, p.start, p.end) for p in member.status_periods.order_by("start")]
    assert periods == [
        (MemberStatus.PROBATIONARY, dt.date(2025, 4, 1), dt.date(2026, 4, 21)),
        (MemberStatus.FULL, dt.date(2026, 4, 21), None),
    ]
    steps = list(Transition.objects.filter(candidate=candidate).values_list("step", flat=True))
    assert steps == [str(s) for s in (*list(Step)[:9],)]
    cell_vote = Transition.objects.get(candidate=candidate, step=Step.CELL_VOTE)
    assert cell_vote.rule_set == AdmissionRuleSet.objects.get(code="KN-2021")
    assert cell_vote.data["voters"] == 2 and cell_vote.data["held_on"] == "2025-03-03"
    recognition = Transition.objects.get(candidate=candidate, step=Step.RECOGNITION_VOTE)
    assert recognition.rule_set == AdmissionRuleSet.objects.get(code="KN-2025")
    actions = list(
        AuditEntry.objects.filter(object_type="candidate", object_id=str(candidate.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["admissions.candidate.proposed", *(f"admissions.candidate.{s}" for s in steps)]
    assert workflow.available_steps(candidate) == [Step.CORRECT]
