"""The round's decisions: opening (the proposed list), adding a member, the secret ballot against the eligible
voters the system counts, the outcome only after a vote that allows it, closing; who decided, audit, races."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.screening import services
from dangbo.screening.enums import Outcome, RoundStatus, Signal
from dangbo.screening.models import Review, ScreeningRound
from dangbo.screening.selectors import eligible_voters

from .conftest import Cell
from .helpers import absent_in_months

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)
VOTE_DAY = dt.date(2026, 2, 20)


def open_2025(cell: Cell) -> ScreeningRound:
    return services.open_round(actor=cell.secretary, cell=cell.world.cell_a1, year=2025, today=TODAY)


def review_of(round_: ScreeningRound, member) -> Review:  # type: ignore[no-untyped-def]
    return round_.reviews.get(member=member)


def vote(cell: Cell, review: Review, votes: int, **kw) -> Review:  # type: ignore[no-untyped-def]
    return services.record_vote(actor=cell.secretary, review=review, vote_date=kw.pop("on", VOTE_DAY),
                                votes_for=votes, expected_version=review.version, today=TODAY, **kw)  # fmt: skip


# --- opening ---------------------------------------------------------------------------------------------------


def test_opening_proposes_the_members_with_signals(cell: Cell) -> None:
    absent_in_months(cell.world.m1, [1, 4, 8])
    absent_in_months(cell.world.m2, [1, 4])
    round_ = open_2025(cell)
    assert round_.status == RoundStatus.OPEN and round_.opened_by == cell.secretary
    assert round_.rule_set is not None and round_.rule_set.code == "SL-2021"
    review = round_.reviews.get()
    assert review.member == cell.world.m1 and not review.added_by_cell
    assert review.signals[0]["signal"] == Signal.ABSENT_UNEXCUSED
    assert "3 tháng" in review.signals[0]["explanation"]
    entry = AuditEntry.objects.get(action="screening.round.opened")
    assert entry.actor == cell.secretary and entry.data["proposed"] == [cell.world.m1.pk]


def test_a_second_round_for_the_same_year_is_refused(cell: Cell) -> None:
    open_2025(cell)
    with pytest.raises(DomainError, match="đã mở đợt rà soát năm 2025"):
        open_2025(cell)


def test_a_year_in_the_future_or_a_unit_that_is_not_a_cell_is_refused(cell: Cell) -> None:
    with pytest.raises(DomainError, match="Năm rà soát"):
        services.open_round(actor=cell.secretary, cell=cell.world.cell_a1, year=2027, today=TODAY)
    with pytest.raises(DomainError, match="không phải chi bộ"):
        services.open_round(actor=cell.world.officer, cell=cell.world.org_a, year=2025, today=TODAY)


def test_an_officer_who_only_reads_or_cannot_see_the_cell_is_refused(cell: Cell) -> None:
    with pytest.raises(DomainError) as readonly:
        services.open_round(actor=cell.world.bloc_officer, cell=cell.world.cell_a1, year=2025, today=TODAY)
    assert readonly.value.code == "forbidden"
    with pytest.raises(DomainError) as hidden:
        services.open_round(actor=cell.world.outsider, cell=cell.world.cell_a1, year=2025, today=TODAY)
    assert hidden.value.code == "not_found"
    assert AuditEntry.objects.filter(action="core.access.denied", actor=cell.world.outsider).exists()
    assert not ScreeningRound.objects.exists()


# --- adding a member -------------------------------------------------------------------------------------------


def test_the_cell_adds_a_member_with_a_reason(cell: Cell) -> None:
    round_ = open_2025(cell)
    review = services.add_member(actor=cell.secretary, round_=round_, member=cell.world.m2,
                                 reason="  Nhiều lần  không   nhận nhiệm vụ ",
                                 expected_version=round_.version)  # fmt: skip
    assert review.added_by_cell and review.added_reason == "Nhiều lần không nhận nhiệm vụ"
    assert review.added_by == cell.secretary and review.signals == []
    round_.refresh_from_db()
    with pytest.raises(DomainError, match="đã có trong danh sách"):
        services.add_member(actor=cell.secretary, round_=round_, member=cell.world.m2, reason="x",
                            expected_version=round_.version)  # fmt: skip


def test_adding_needs_a_reason_and_a_member_of_the_cell(cell: Cell) -> None:
    round_ = open_2025(cell)
    with pytest.raises(DomainError, match="lý do"):
        services.add_member(actor=cell.secretary, round_=round_, member=cell.world.m2, reason="  ",
                            expected_version=round_.version)  # fmt: skip
    with pytest.raises(DomainError, match="không sinh hoạt tại"):
        services.add_member(actor=cell.world.officer, round_=round_, member=cell.world.m3, reason="Lý do",
                            expected_version=round_.version)  # fmt: skip
    assert not round_.reviews.exists()


def test_adding_with_a_stale_round_is_refused(cell: Cell) -> None:
    round_ = open_2025(cell)
    services.add_member(actor=cell.secretary, round_=round_, member=cell.world.m2, reason="Lý do",
                        expected_version=round_.version)  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        services.add_member(actor=cell.secretary, round_=round_, member=cell.world.m1, reason="Lý do",
                            expected_version=round_.version)  # fmt: skip


# --- the vote --------------------------------------------------------------------------------------------------


def test_the_eligible_voters_are_the_full_members_on_the_vote_day(cell: Cell) -> None:
    voters = set(eligible_voters(cell.world.cell_a1, VOTE_DAY))
    assert voters == set(cell.full)
    assert cell.probationary not in voters and cell.exempt not in voters


@pytest.fixture
def listed(cell: Cell) -> Review:
    absent_in_months(cell.world.m1, [1, 4, 8])
    return review_of(open_2025(cell), cell.world.m1)


def test_exactly_two_thirds_puts_the_member_on_the_help_list(cell: Cell, listed: Review) -> None:
    saved = vote(cell, listed, 4)  # 4 of 6 full members
    assert (saved.eligible, saved.votes_for, saved.outcome) == (6, 4, Outcome.HELPING)
    assert saved.help_from == VOTE_DAY and saved.help_until == dt.date(2027, 2, 19)
    assert saved.vote_recorded_by == cell.secretary and saved.vote_recorded_at is not None
    entry = AuditEntry.objects.get(action="screening.review.voted")
    assert entry.data == {"fraction": "2/3", "passes": True} and entry.after["votes_for"] == 4


def test_below_two_thirds_the_member_is_not_listed(cell: Cell, listed: Review) -> None:
    saved = vote(cell, listed, 3)
    assert saved.outcome == Outcome.NOT_LISTED and saved.help_from is None and saved.help_until is None


def test_a_vote_count_above_the_eligible_voters_is_refused(cell: Cell, listed: Review) -> None:
    with pytest.raises(DomainError, match=r"Số phiếu đồng ý \(7\) lớn hơn .*\(6;"):
        vote(cell, listed, 7)
    listed.refresh_from_db()
    assert listed.votes_for is None and listed.version == 1


def test_the_count_follows_the_vote_day(cell: Cell, listed: Review) -> None:
    from dangbo.members.services import change_status

    change_status(actor=None, member=cell.probationary, status=MemberStatus.FULL, on=dt.date(2026, 3, 1))
    assert vote(cell, listed, 4).eligible == 6  # still probationary on 20/02: did not vote
    listed.refresh_from_db()
    again = vote(cell, listed, 4, on=dt.date(2026, 3, 2))  # corrected: the vote was on 02/03, with 7 voters
    assert (again.eligible, again.outcome, again.help_from) == (7, Outcome.NOT_LISTED, None)


def test_concurrent_votes_the_second_is_refused(cell: Cell, listed: Review) -> None:
    stale = Review.objects.get(pk=listed.pk)
    vote(cell, listed, 4)
    with pytest.raises(ConcurrentEditError):
        vote(cell, stale, 2)
    listed.refresh_from_db()
    assert listed.votes_for == 4


def test_a_help_end_before_the_vote_is_refused(cell: Cell, listed: Review) -> None:
    with pytest.raises(DomainError, match="Ngày kết thúc giúp đỡ"):
        vote(cell, listed, 5, help_until=VOTE_DAY)
    saved = vote(cell, Review.objects.get(pk=listed.pk), 5, help_until=dt.date(2026, 8, 20))
    assert saved.help_until == dt.date(2026, 8, 20)


# --- the outcome -----------------------------------------------------------------------------------------------


def outcome(cell: Cell, review: Review, value: str, on: dt.date = TODAY, **kw) -> Review:  # type: ignore[no-untyped-def]
    return services.record_outcome(actor=cell.secretary, review=review, outcome=value, on=on,
                                   expected_version=review.version, today=kw.pop("today", TODAY), **kw)  # fmt: skip


def test_an_outcome_without_the_vote_that_allows_it_is_refused(cell: Cell, listed: Review) -> None:
    with pytest.raises(DomainError, match=r"Chưa có kết quả biểu quyết đưa .* vào diện giáo dục, giúp đỡ") as no_vote:
        outcome(cell, listed, Outcome.DISCIPLINE_PROPOSED)
    assert no_vote.value.code == "no_vote"
    not_listed = vote(cell, listed, 3)
    with pytest.raises(DomainError, match="Chưa có kết quả biểu quyết"):
        outcome(cell, not_listed, Outcome.IMPROVED)
    not_listed.refresh_from_db()
    assert not_listed.outcome == Outcome.NOT_LISTED and not_listed.outcome_on is None


def test_the_outcome_after_the_help_period_records_who_decided(cell: Cell, listed: Review) -> None:
    helped = vote(cell, listed, 6, help_until=dt.date(2026, 2, 28))
    saved = outcome(cell, helped, Outcome.STRIKE_OFF_PROPOSED, note="Không tiến bộ")
    assert (saved.outcome, saved.outcome_on, saved.decided_by) == (Outcome.STRIKE_OFF_PROPOSED, TODAY, cell.secretary)
    cell.world.m1.refresh_from_db()
    assert cell.world.m1.status == MemberStatus.FULL  # people decide: the status is not touched
    assert AuditEntry.objects.filter(action="screening.review.outcome", actor=cell.secretary).count() == 1
    with pytest.raises(DomainError, match="không thể sửa kết quả biểu quyết"):
        vote(cell, saved, 2)


def test_a_strike_off_before_the_help_period_ends_is_refused(cell: Cell, listed: Review) -> None:
    helped = vote(cell, listed, 6)  # help until 19/02/2027
    with pytest.raises(DomainError, match="hết thời gian giáo dục, giúp đỡ"):
        outcome(cell, helped, Outcome.STRIKE_OFF_PROPOSED)
    assert outcome(cell, helped, Outcome.IMPROVED).outcome == Outcome.IMPROVED


def test_an_outcome_before_help_began_or_an_unknown_one_is_refused(cell: Cell, listed: Review) -> None:
    helped = vote(cell, listed, 6)
    with pytest.raises(DomainError, match="Ngày ghi kết quả"):
        outcome(cell, helped, Outcome.IMPROVED, on=dt.date(2026, 1, 1))
    with pytest.raises(DomainError, match="Hãy chọn kết quả"):
        outcome(cell, helped, Outcome.HELPING)


def test_concurrent_outcomes_the_second_is_refused(cell: Cell, listed: Review) -> None:
    helped = vote(cell, listed, 6)
    stale = Review.objects.get(pk=helped.pk)
    outcome(cell, helped, Outcome.IMPROVED)
    with pytest.raises(ConcurrentEditError):
        outcome(cell, stale, Outcome.DISCIPLINE_PROPOSED)


# --- closing ---------------------------------------------------------------------------------------------------


def test_closing_waits_for_every_vote_and_help_outlasts_the_round(cell: Cell, listed: Review) -> None:
    round_ = listed.round
    with pytest.raises(DomainError, match="Còn 1 đảng viên chưa có kết quả biểu quyết"):
        services.close_round(actor=cell.secretary, round_=round_, expected_version=round_.version, today=TODAY)
    helped = vote(cell, listed, 5)
    closed = services.close_round(actor=cell.secretary, round_=round_, expected_version=round_.version, today=TODAY)
    assert (closed.status, closed.closed_on, closed.closed_by) == (RoundStatus.CLOSED, TODAY, cell.secretary)
    with pytest.raises(DomainError, match="Đợt rà soát đã kết thúc"):
        vote(cell, helped, 6)
    assert outcome(cell, helped, Outcome.IMPROVED).outcome == Outcome.IMPROVED
    with pytest.raises(ConcurrentEditError):
        services.close_round(actor=cell.secretary, round_=round_, expected_version=round_.version, today=TODAY)
