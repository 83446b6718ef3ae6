"""The admission workflow end to end: every step through `workflow.perform`, the member it puts in the registry,
the refusals (nothing written), stale versions and corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from dangbo.admissions import workflow
from dangbo.admissions.enums import ConsentKind, DossierItem, Stage, Step
from dangbo.admissions.models import AdmissionRuleSet, Candidate, Transition
from dangbo.admissions.rules import RuleRefusal
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from tests.factories import make_member

from .pipeline import TODAY, advance, attach, database_state, propose_one, step_data, take


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


# Bad input: a clear Vietnamese message, and nothing written.
@pytest.mark.django_db
def test_a_step_out_of_order_names_the_stage_and_the_expected_step(world: Any) -> None:
    candidate = propose_one(world)
    message = refused(candidate, Step.CELL_VOTE, **step_data(Step.CELL_VOTE, world))
    assert "Được giới thiệu (quần chúng ưu tú)" in message
    assert "Ghi nhận hoàn thành lớp bồi dưỡng" in message
    assert "nonsense" in refused(candidate, "nonsense")


@pytest.mark.django_db
def test_a_probationary_sponsor_is_refused(world: Any) -> None:
    newcomer = make_member(organization=world.cell_a1, admission_decision_date=dt.date(2024, 6, 1),
                           ceremony_date=dt.date(2024, 6, 10), full_membership_date=None)  # fmt: skip
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = newcomer.pk
    message = refused(candidate, Step.SPONSORS, RuleRefusal, **data)
    assert newcomer.full_name in message and "đảng viên chính thức" in message and "dự bị" in message


@pytest.mark.django_db
def test_a_sponsor_outside_the_grassroots_organization_is_refused(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = world.m3.pk  # cell B1, another grassroots organization
    assert "cùng đảng bộ" in refused(candidate, Step.SPONSORS, RuleRefusal, **data)


@pytest.mark.django_db
def test_a_sponsor_who_knew_the_candidate_for_11_months_is_refused(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][0]["known_since"] = dt.date(2024, 2, 4)  # 11 months and 30 days before 3/2/2025
    message = refused(candidate, Step.SPONSORS, RuleRefusal, **data)
    assert "ít nhất 12 tháng" in message and "mới 11 tháng" in message
    data["sponsors"][0]["known_since"] = dt.date(2024, 2, 3)  # 12 months
    assert take(candidate, Step.SPONSORS, **data).stage == Stage.SPONSORED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("born", "fragment"), [(dt.date(2007, 4, 4), "17 tuổi 10 tháng"), (dt.date(2007, 3, 4), "17 tuổi 11 tháng"),
                           (dt.date(1965, 2, 2), "60 tuổi 1 tháng")],
)  # fmt: skip
def test_a_candidate_too_young_or_too_old_at_the_cell_review_is_refused(
    world: Any, born: dt.date, fragment: str
) -> None:
    candidate = advance(propose_one(world, sheet={"birth_date": born}), world, to=Step.CELL_VOTE)
    message = refused(candidate, Step.CELL_VOTE, RuleRefusal, **step_data(Step.CELL_VOTE, world))
    assert fragment in message and "Quy định 24-QĐ/TW" in message


@pytest.mark.django_db
def test_over_60_passes_with_the_provincial_consent_attached(world: Any) -> None:
    candidate = advance(propose_one(world, sheet={"birth_date": dt.date(1965, 2, 2)}), world, to=Step.CELL_VOTE)
    attach(candidate, DossierItem.CONSENT, ConsentKind.OVER_AGE)
    assert take(candidate, Step.CELL_VOTE, **step_data(Step.CELL_VOTE, world)).stage == Stage.CELL_RESOLVED


@pytest.mark.django_db
def test_an_expired_certificate_is_refused_at_the_cell_vote(world: Any) -> None:
    candidate = propose_one(world)
    candidate = take(candidate, Step.COURSE, certificate_number="GCN-1", course_passed_on=dt.date(2020, 3, 3))
    for step in (Step.APPLICATION, Step.VERIFY, Step.SPONSORS):
        candidate = take(candidate, step, **step_data(step, world))
    message = refused(candidate, Step.CELL_VOTE, RuleRefusal, **step_data(Step.CELL_VOTE, world))
    assert "hết hạn từ ngày 03/03/2025" in message and "giả định" in message


@pytest.mark.django_db
def test_vote_counts_larger_than_the_cell_full_members_are_refused(world: Any) -> None:
    make_member(
        organization=world.cell_a1,
        admission_decision_date=dt.date(2024, 6, 1),
        ceremony_date=dt.date(2024, 6, 10),
        full_membership_date=None,
    )  # a probationary member: no vote
    candidate = advance(propose_one(world), world, to=Step.CELL_VOTE)
    data = {**step_data(Step.CELL_VOTE, world), "votes_for": 3}
    assert "vượt số đảng viên chính thức của chi bộ (2)" in refused(candidate, Step.CELL_VOTE, RuleRefusal, **data)
    data = {**step_data(Step.CELL_VOTE, world), "votes_for": 1, "votes_against": 1}
    assert "chưa đạt tỷ lệ ít nhất 2/3" in refused(candidate, Step.CELL_VOTE, RuleRefusal, **data)
    assert "số nguyên" in refused(candidate, Step.CELL_VOTE, **{**data, "votes_for": "hai"})


@pytest.mark.django_db
def test_a_recognition_before_12_months_is_refused(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    data = {**step_data(Step.RECOGNITION_VOTE, world), "held_on": dt.date(2026, 4, 20)}
    message = refused(candidate, Step.RECOGNITION_VOTE, RuleRefusal, **data)
    assert "21/04/2026" in message and "12 tháng dự bị" in message


@pytest.mark.django_db
def test_a_ceremony_date_before_the_decision_is_refused(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.CEREMONY)
    message = refused(candidate, Step.CEREMONY, ceremony_on=dt.date(2025, 3, 31))
    assert "không được trước ngày quyết định kết nạp (01/04/2025)" in message
    assert "sau ngày hôm nay" in refused(candidate, Step.CEREMONY, ceremony_on=dt.date(2026, 12, 1))
    assert "Chưa nhập" in refused(candidate, Step.CEREMONY)


@pytest.mark.django_db
def test_a_decision_before_the_committee_resolution_is_refused(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.DECISION)
    data = {**step_data(Step.DECISION, world), "decided_on": dt.date(2025, 3, 16)}
    assert "17/03/2025" in refused(candidate, Step.DECISION, **data)


@pytest.mark.django_db
def test_a_citizen_id_already_in_the_registry_is_refused(world: Any) -> None:
    before = database_state()
    with pytest.raises(DomainError) as info:
        propose_one(world, sheet={"citizen_id": world.m1.citizen_id})
    assert "đã có trong danh sách đảng viên" in info.value.message
    with pytest.raises(DomainError):
        propose_one(world, sheet={"citizen_id": "12345"})
    assert database_state() == before


@pytest.mark.django_db
def test_a_second_active_candidacy_is_refused_until_the_first_ends(world: Any) -> None:
    first = propose_one(world)
    before = database_state()
    with pytest.raises(DomainError) as info:
        propose_one(world, cell=world.cell_a2)
    assert "đang có hồ sơ kết nạp chưa kết thúc" in info.value.message
    assert database_state() == before
    take(first, Step.WITHDRAW, on=dt.date(2024, 10, 1), reason="Chuyển công tác")
    assert propose_one(world, cell=world.cell_a2).stage == Stage.PROPOSED


@pytest.mark.django_db
def test_the_database_also_refuses_a_second_active_candidacy(world: Any) -> None:
    first = propose_one(world)
    twin = Candidate.objects.get(pk=first.pk)
    twin.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.stage = Stage.WITHDRAWN  # a closed candidacy of the same person is fine
    twin.save()


@pytest.mark.django_db
def test_a_proposal_to_a_grassroots_committee_or_in_the_future_is_refused(world: Any) -> None:
    with pytest.raises(DomainError) as info:
        propose_one(world, cell=world.org_a)
    assert "không phải chi bộ" in info.value.message
    with pytest.raises(DomainError):
        propose_one(world, proposed_on=dt.date(2027, 1, 1))
    with pytest.raises(DomainError):
        propose_one(world, sheet={"given_name": "  "})
    assert not Candidate.objects.exists()


@pytest.mark.django_db
def test_a_stale_version_is_refused(world: Any) -> None:
    candidate = propose_one(world)
    fresh = take(candidate, Step.COURSE, **step_data(Step.COURSE, world))
    before = database_state()
    with pytest.raises(ConcurrentEditError):
        workflow.perform(actor=None, candidate=fresh, step=Step.APPLICATION, expected_version=candidate.version,
                         data=step_data(Step.APPLICATION, world), today=TODAY)  # fmt: skip
    assert database_state() == before
