"""Corrections (a recorded step that undoes the last one, registry included), recognition votes without 2/3
either way, strike-offs, re-admission and the deciding committee."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.admissions import workflow
from dangbo.admissions.enums import ConsentKind, DossierItem, Stage, Step
from dangbo.admissions.models import Candidate, DecidingCommittee, Sponsor, Transition, Vote
from dangbo.core.errors import DomainError
from dangbo.members import services as member_services
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from tests.factories import make_member

from .pipeline import TODAY, advance, attach, database_state, propose_one, step_data, take
from .view_helpers import stored_candidate

INCONCLUSIVE = {"votes_for": 1, "votes_against": 1, "resolution_number": ""}


@pytest.mark.django_db
def test_correcting_the_sponsors_removes_them_and_the_step_can_be_taken_again(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.CELL_VOTE)
    assert Sponsor.objects.filter(candidate=candidate).count() == 2
    candidate = take(candidate, Step.CORRECT, world.officer, reason="Nhập nhầm ngày")
    assert candidate.stage == Stage.VERIFIED
    assert not Sponsor.objects.filter(candidate=candidate).exists()
    correction = Transition.objects.get(candidate=candidate, step=Step.CORRECT)
    assert correction.corrects.step == Step.SPONSORS and correction.note == "Nhập nhầm ngày"
    assert correction.to_stage == Stage.VERIFIED
    # A second correction undoes the step before (the verification), restoring its date.
    candidate = take(candidate, Step.CORRECT, reason="Thẩm tra chưa xong")
    assert (candidate.stage, candidate.verified_on) == (Stage.APPLIED, None)
    for step in (Step.VERIFY, Step.SPONSORS):
        candidate = take(candidate, step, **step_data(step, world))
    assert candidate.stage == Stage.SPONSORED


@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_something_to_undo(world: Any) -> None:
    candidate = propose_one(world)
    assert Step.CORRECT not in workflow.available_steps(candidate)
    with pytest.raises(DomainError):
        take(candidate, Step.CORRECT, reason="x")
    candidate = take(candidate, Step.COURSE, **step_data(Step.COURSE, world))
    before = database_state()
    with pytest.raises(DomainError) as info:
        take(candidate, Step.CORRECT, reason=" ")
    assert "lý do đính chính" in info.value.message
    assert database_state() == before


@pytest.mark.django_db
def test_correcting_the_ceremony_takes_the_new_member_out_of_the_registry(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    member_pk = candidate.member_id
    candidate = take(candidate, Step.CORRECT, reason="Sai ngày lễ")
    assert (candidate.stage, candidate.member_id, candidate.ceremony_on) == (Stage.DECIDED, None, None)
    assert not Member.objects.filter(pk=member_pk).exists()
    candidate = take(candidate, Step.CEREMONY, ceremony_on=dt.date(2025, 4, 22))
    assert candidate.member.ceremony_date == dt.date(2025, 4, 22)


@pytest.mark.django_db
def test_a_ceremony_correction_is_refused_once_the_member_record_changed(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    member = candidate.member
    member_services.update_member(actor=None, member=member, expected_version=member.version,
                                  data={"card_number": "09000001"}, today=TODAY)  # fmt: skip
    candidate.refresh_from_db()
    before = database_state()
    with pytest.raises(DomainError) as info:
        take(candidate, Step.CORRECT, reason="Sai ngày lễ")
    assert "đã được cập nhật" in info.value.message
    assert database_state() == before


@pytest.mark.django_db
def test_correcting_a_recognition_makes_the_member_probationary_again(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    candidate = take(candidate, Step.RECOGNITION_VOTE, **step_data(Step.RECOGNITION_VOTE, world))
    candidate = take(candidate, Step.CORRECT, reason="Biểu quyết chưa hợp lệ")
    assert (candidate.stage, candidate.full_membership_on) == (Stage.PROBATION, None)
    member = Member.objects.get(pk=candidate.member_id)
    assert (member.status, member.full_membership_date) == (MemberStatus.PROBATIONARY, None)
    assert list(member.status_periods.values_list("status", "end")) == [(MemberStatus.PROBATIONARY, None)]
    assert not Vote.objects.filter(candidate=candidate, kind="recognition").exists()


@pytest.mark.django_db
def test_three_votes_without_two_thirds_leave_only_the_higher_decision(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    for day in (dt.date(2026, 5, 5), dt.date(2026, 6, 2), dt.date(2026, 7, 7)):
        assert Step.RECOGNITION_VOTE in workflow.available_steps(candidate)
        candidate = take(candidate, Step.RECOGNITION_VOTE, held_on=day, **INCONCLUSIVE)
        assert candidate.stage == Stage.PROBATION
    assert workflow.available_steps(candidate) == [Step.HIGHER_DECISION, Step.REJECT, Step.CORRECT]
    with pytest.raises(DomainError) as info:
        take(candidate, Step.RECOGNITION_VOTE, held_on=dt.date(2026, 8, 4), **INCONCLUSIVE)
    assert "Ghi nhận quyết định của cấp ủy cấp trên" in info.value.message
    candidate = take(candidate, Step.HIGHER_DECISION, on=dt.date(2026, 8, 10), recognized=True, decision_number="9")
    assert candidate.stage == Stage.FULL
    member = Member.objects.get(pk=candidate.member_id)
    assert (member.status, member.full_membership_date) == (MemberStatus.FULL, dt.date(2026, 4, 21))


@pytest.mark.django_db
def test_a_recognition_rejected_by_two_thirds_strikes_the_member_off(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    candidate = take(candidate, Step.RECOGNITION_VOTE, held_on=dt.date(2026, 5, 5), votes_for=0, votes_against=2)
    assert (candidate.stage, candidate.closed_on) == (Stage.STRUCK_OFF, dt.date(2026, 5, 5))
    member = Member.objects.get(pk=candidate.member_id)
    assert member.status == MemberStatus.STRUCK_OFF
    assert not member.memberships.filter(end__isnull=True).exists()
    # Undone: probationary again, back in the cell.
    candidate = take(candidate, Step.CORRECT, reason="Nhầm kết quả")
    member.refresh_from_db()
    assert (candidate.stage, member.status) == (Stage.PROBATION, MemberStatus.PROBATIONARY)
    assert member.memberships.get(end__isnull=True).organization == world.cell_a1


@pytest.mark.django_db
def test_a_probationary_member_rejected_is_struck_off(world: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    candidate = take(candidate, Step.REJECT, on=dt.date(2025, 12, 1), reason="Vi phạm tư cách đảng viên")
    assert candidate.stage == Stage.STRUCK_OFF
    assert Member.objects.get(pk=candidate.member_id).status == MemberStatus.STRUCK_OFF
    assert workflow.available_steps(candidate) == [Step.CORRECT]


@pytest.mark.django_db
def test_a_deciding_committee_entry_overrides_the_parent(world: Any) -> None:
    DecidingCommittee.objects.create(subtree=world.org_a, decider=world.org_a)
    candidate = advance(propose_one(world), world, to=Step.CEREMONY)
    assert candidate.deciding_committee == world.org_a
    assert Transition.objects.get(candidate=candidate, step=Step.DECISION).data["deciding_committee_id"] == (
        world.org_a.pk
    )


def former_member(world: Any, *, left: dt.date = dt.date(2021, 6, 1)) -> Member:
    member = make_member(organization=world.cell_a2, citizen_id="034070000777", birth_date=dt.date(1970, 1, 1))
    return member_services.change_status(actor=None, member=member, status=MemberStatus.STRUCK_OFF, on=left,
                                         reason="Xóa tên")  # fmt: skip


def readmission(world: Any, member: Member, **overrides: Any) -> Any:
    args = {
        "sheet": {"citizen_id": member.citizen_id, "birth_date": member.birth_date, "family_name": member.family_name,
                  "middle_name": member.middle_name, "given_name": member.given_name, "gender": "male"},
        "former_member": member, "left_party_on": dt.date(2021, 6, 1), "exit_reason": "other",
    }  # fmt: skip
    args.update(overrides)
    return propose_one(world, **args)


@pytest.mark.django_db
def test_readmission_returns_the_former_member_to_probation_in_the_cell(world: Any) -> None:
    member = former_member(world)
    candidate = readmission(world, member)
    candidate = advance(candidate, world, to=Step.CELL_VOTE)
    # 3/3/2025 is 45 months after leaving, but the provincial consent is missing.
    with pytest.raises(DomainError) as info:
        take(candidate, Step.CELL_VOTE, **step_data(Step.CELL_VOTE, world))
    assert "Ban Thường vụ Tỉnh ủy" in info.value.message
    attach(candidate, DossierItem.CONSENT, ConsentKind.READMISSION)
    candidate = advance(candidate, world, to=Step.RECOGNITION_VOTE)
    member.refresh_from_db()
    assert candidate.member == member
    assert (member.status, member.organization) == (MemberStatus.PROBATIONARY, world.cell_a1)
    assert member.admission_decision_date == dt.date(2005, 5, 19)  # seniority counts from the first decision
    # Only once: a second re-admission is refused.
    take(candidate, Step.REJECT, on=dt.date(2025, 12, 1), reason="Vi phạm")
    with pytest.raises(DomainError) as again:
        readmission(world, Member.objects.get(pk=member.pk), proposed_on=dt.date(2025, 12, 2))
    assert "đã được kết nạp lại" in again.value.message


@pytest.mark.django_db
def test_readmission_of_a_member_whose_first_candidacy_is_recorded_reuses_the_record(world: Any) -> None:
    member = former_member(world)
    first = stored_candidate(cell=world.cell_a2, stage=Stage.FULL, citizen_id=member.citizen_id, member=member)
    candidate = readmission(world, member)
    attach(candidate, DossierItem.CONSENT, ConsentKind.READMISSION)
    candidate = advance(candidate, world, to=Step.RECOGNITION_VOTE)
    assert candidate.stage == Stage.PROBATION and candidate.member == member
    first.refresh_from_db()
    assert first.member == member
    assert set(member.candidacies.values_list("pk", flat=True)) == {first.pk, candidate.pk}


@pytest.mark.django_db
def test_readmission_of_a_member_still_on_the_rolls_is_refused(world: Any) -> None:
    with pytest.raises(DomainError) as info:
        readmission(world, world.m2, sheet={"citizen_id": world.m2.citizen_id})
    assert info.value.field == "former_member" and "đang có tên trong danh sách" in info.value.message
    assert not Candidate.objects.exists()
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.FULL


@pytest.mark.django_db
def test_readmission_barred_by_the_exit_reason_is_refused_at_the_proposal(world: Any) -> None:
    member = former_member(world)
    with pytest.raises(DomainError) as info:
        readmission(world, member, exit_reason="corruption_conviction")
    assert "tham nhũng" in info.value.message


@pytest.mark.django_db
def test_readmission_35_months_after_leaving_is_refused_at_the_cell_vote(world: Any) -> None:
    member = former_member(world, left=dt.date(2022, 4, 4))
    candidate = readmission(world, member, left_party_on=dt.date(2022, 4, 4))
    attach(candidate, DossierItem.CONSENT, ConsentKind.READMISSION)
    candidate = advance(candidate, world, to=Step.CELL_VOTE)
    with pytest.raises(DomainError) as info:  # 3/3/2025: 34 months
        take(candidate, Step.CELL_VOTE, **step_data(Step.CELL_VOTE, world))
    assert "ít nhất 36 tháng" in info.value.message


@pytest.mark.django_db
def test_who_may_take_which_step(world: Any) -> None:
    from dangbo.accounts.scope import scope_for

    candidate = propose_one(world)
    officer, bloc, outsider = (scope_for(u) for u in (world.officer, world.bloc_officer, world.outsider))
    assert workflow.may_take(officer, candidate, Step.COURSE)
    assert not workflow.may_take(officer, candidate, Step.DECISION)  # a grassroots officer does not decide
    assert workflow.may_take(bloc, candidate, Step.DECISION)
    assert not workflow.may_take(outsider, candidate, Step.COURSE)
    assert not workflow.may_take(scope_for(world.member_user), candidate, Step.COURSE)
