"""Writes of screening: a cell's round for a year and what the cell decides for each member in it.

One entry point per state change, each keyword-only, in one transaction, audited once, with the record's
version compared (`ConcurrentEditError` when someone saved meanwhile):

- `open_round`: the cell's round for a year, proposing the members with signals in the cell today;
- `add_member`: the cell adds a member the system did not propose, with its reason;
- `record_vote`: the secret ballot's result for one member (the eligible voters counted by the system);
- `record_outcome`: after the education period, improved / strike-off proposed / discipline proposed, only
  for a member the vote put on the help list;
- `close_round`: the round ends once every member in it has been voted on.

Each decision records who took it and when. The system proposes; people decide: nothing here changes a
member's status (a strike-off or a discipline is decided by the competent committee, in its own records).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import diff, log_action, log_denied, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import Outcome, RoundStatus
from .models import Review, ScreeningRound
from .params import ScreeningRules
from .selectors import as_rules, eligible_voters, rules_for_year
from .signals import compute

EARLIEST_YEAR = 2019  # Chỉ thị 28-CT/TW
AFTER_HELP = (Outcome.IMPROVED, Outcome.STRIKE_OFF_PROPOSED, Outcome.DISCIPLINE_PROPOSED)
REVIEW_AUDITED = ["votes_for", "eligible", "vote_date", "help_from", "help_until", "outcome", "outcome_on",
                  "outcome_note", "decided_by_id", "vote_recorded_by_id"]  # fmt: skip
MAX_TEXT = 500


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _audit(action: str, *, actor: Any, obj: ScreeningRound | Review, cell: Organization, repr_: str,
           **entry: Any) -> None:  # fmt: skip
    log_action(
        f"screening.{action}",
        actor=actor,
        object_type="screening_round" if isinstance(obj, ScreeningRound) else "screening_review",
        object_id=obj.pk,
        object_repr=repr_,
        scope_path=cell.path,
        **entry,
    )


def check_may_manage(actor: Any, cell: Organization) -> None:
    """The actor holds MANAGE_SCREENING over the cell; one who only reads it is refused, one who cannot see it
    is logged and answered "not found". Called before the transaction, so the logged attempt stays."""
    scope = scope_for(actor)
    if scope.covers_path(Right.MANAGE_SCREENING, cell.path):
        return
    if scope.covers_path(Right.VIEW_SCREENING, cell.path):
        raise DomainError("Chỉ chi bộ (bí thư chi bộ) hoặc đảng ủy cơ sở ghi kết quả rà soát, sàng lọc.",
                          code="forbidden")  # fmt: skip
    log_denied(actor=actor, what="organization", object_id=cell.pk)
    raise DomainError("Không tìm thấy chi bộ này trong phạm vi của bạn.", code="not_found")


def _clean_text(text: str, *, field: str, required: bool, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if required and not cleaned:
        raise DomainError(f"Hãy ghi {what}.", field=field)
    if len(cleaned) > MAX_TEXT:
        raise DomainError(f"{what.capitalize()} dài quá {MAX_TEXT} ký tự.", field=field)
    return cleaned


def round_rules(round_: ScreeningRound) -> ScreeningRules:
    return as_rules(round_.rule_set) if round_.rule_set is not None else rules_for_year(round_.year)


def open_round(*, actor: Any, cell: Organization, year: int, today: dt.date | None = None) -> ScreeningRound:
    """Open `cell`'s screening round for `year`, proposing every member of the cell today with a signal (computed
    live, each signal with its explanation and evidence).

    Refuses (DomainError, nothing saved): an actor who may not manage the cell's screening; a unit that is not
    an active cell; a year before Chỉ thị 28-CT/TW, in the future, or with no rule set; a second round for the
    same cell and year.
    """
    today = today or timezone.localdate()
    check_may_manage(actor, cell)
    with transaction.atomic():
        if not cell.holds_members or not cell.is_active:
            raise DomainError(f"“{cell.name}” không phải chi bộ đang hoạt động: rà soát, sàng lọc tại chi bộ.",
                              field="cell")  # fmt: skip
        if not EARLIEST_YEAR <= year <= today.year:
            raise DomainError(f"Năm rà soát phải từ {EARLIEST_YEAR} đến {today.year}.", field="year")
        existing = ScreeningRound.objects.filter(organization=cell, year=year).first()
        if existing is not None:
            raise DomainError(f"Chi bộ đã mở đợt rà soát năm {year} ngày {_d(existing.opened_on)}.", field="year")
        computed = compute(year, cell, today=today)
        by_member = computed.by_member()
        members = Member.objects.filter(pk__in=list(by_member), organization=cell, status__in=sorted(ON_ROLLS))
        try:
            with transaction.atomic():
                round_ = ScreeningRound.objects.create(organization=cell, year=year, opened_on=today,
                                                       rule_set_id=computed.rules.rule_set_id,
                                                       opened_by=actor if _is_user(actor) else None)  # fmt: skip
        except IntegrityError as error:  # opened by someone else meanwhile
            raise ConcurrentEditError() from error
        reviews = [Review(round=round_, member=m, signals=[h.as_json() for h in by_member[m.pk]]) for m in members]
        Review.objects.bulk_create(reviews)
        _audit("round.opened", actor=actor, obj=round_, cell=cell, repr_=f"Rà soát năm {year}: {cell.name}",
               after={"year": year, "opened_on": today.isoformat(), "rule_set_id": computed.rules.rule_set_id},
               data={"proposed": sorted(m.pk for m in members), "dues_available": computed.dues_available})  # fmt: skip
        return round_


def _locked_round(round_: ScreeningRound, expected_version: int | None) -> ScreeningRound:
    locked = (
        ScreeningRound.objects.select_for_update(of=("self",))
        .select_related("organization", "rule_set")
        .get(pk=round_.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def add_member(*, actor: Any, round_: ScreeningRound, member: Member, reason: str, expected_version: int) -> Review:
    """The cell adds a member of the cell the system did not propose, with its reason (required).

    Refuses: a closed round; a member who is not on the cell's rolls today; a member already in the round; no
    reason; a stale round (ConcurrentEditError).
    """
    check_may_manage(actor, round_.organization)
    with transaction.atomic():
        locked = _locked_round(round_, expected_version)
        if locked.status != RoundStatus.OPEN:
            raise DomainError("Đợt rà soát đã kết thúc: không thể bổ sung đảng viên.", code="closed")
        if member.organization_id != locked.organization_id or member.status not in ON_ROLLS:
            raise DomainError(f"{member.full_name} không sinh hoạt tại {locked.organization.name}.", field="member")
        if locked.reviews.filter(member=member).exists():
            raise DomainError(f"{member.full_name} đã có trong danh sách rà soát của đợt này.", field="member")
        cleaned = _clean_text(reason, field="reason", required=True, what="lý do chi bộ bổ sung đảng viên này")
        review = Review.objects.create(round=locked, member=member, added_by_cell=True, added_reason=cleaned,
                                       added_by=actor if _is_user(actor) else None)  # fmt: skip
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        _audit("review.added", actor=actor, obj=review, cell=locked.organization,
               repr_=f"Rà soát năm {locked.year}: {member.full_name}",
               after={"member_id": member.pk, "added_reason": cleaned})  # fmt: skip
        return review


def _locked_review(review: Review, expected_version: int) -> Review:
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("round__organization", "round__rule_set", "member")
        .get(pk=review.pk)
    )
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def record_vote(
    *,
    actor: Any,
    review: Review,
    vote_date: dt.date,
    votes_for: int,
    expected_version: int,
    help_until: dt.date | None = None,
    today: dt.date | None = None,
) -> Review:
    """Record the cell's secret ballot on one member: `votes_for` of the eligible voters, whom the system counts
    (full members of the cell on the vote day; probationary and exempt members do not vote). Reaching the rule
    set's fraction (2/3) puts the member on the "needs education and help" list from the vote day until
    `help_until` (by default `help.default_months` later); otherwise the member is not listed.

    Refuses: a closed round; an outcome already recorded after the help period; a vote day before the round's
    year or after today; a cell with no full member that day; a negative count or one above the eligible
    voters; a help end not after its start; a stale review (ConcurrentEditError).
    """
    today = today or timezone.localdate()
    check_may_manage(actor, review.round.organization)
    with transaction.atomic():
        locked = _locked_review(review, expected_version)
        round_, cell = locked.round, locked.round.organization
        if round_.status != RoundStatus.OPEN:
            raise DomainError("Đợt rà soát đã kết thúc: không thể ghi kết quả biểu quyết.", code="closed")
        if locked.outcome in AFTER_HELP:
            raise DomainError(
                f"Đã ghi kết quả “{locked.get_outcome_display()}”: không thể sửa kết quả biểu quyết.", code="order"
            )
        if vote_date.year < round_.year or vote_date > today:
            raise DomainError(f"Ngày biểu quyết phải trong năm {round_.year} trở đi và không sau hôm nay.",
                              field="vote_date")  # fmt: skip
        eligible = eligible_voters(cell, vote_date).count()
        if eligible == 0:
            raise DomainError(f"Ngày {_d(vote_date)} {cell.name} không có đảng viên chính thức nào để biểu quyết.",
                              field="vote_date")  # fmt: skip
        if votes_for < 0:
            raise DomainError("Số phiếu không được là số âm.", field="votes_for")
        if votes_for > eligible:
            raise DomainError(
                f"Số phiếu đồng ý ({votes_for}) lớn hơn số đảng viên chính thức có quyền biểu quyết của chi bộ "
                f"ngày {_d(vote_date)} ({eligible}; không tính đảng viên dự bị, đảng viên được miễn công tác và sinh "
                "hoạt đảng).",
                field="votes_for",
            )
        rules = round_rules(round_)
        before = snapshot(locked, REVIEW_AUDITED)
        locked.vote_date, locked.eligible, locked.votes_for = vote_date, eligible, votes_for
        if rules.passes(votes_for, eligible):
            until = help_until or rules.help_until(vote_date)
            if until <= vote_date:
                raise DomainError("Ngày kết thúc giúp đỡ phải sau ngày biểu quyết.", field="help_until")
            locked.outcome, locked.help_from, locked.help_until = Outcome.HELPING, vote_date, until
        else:
            locked.outcome, locked.help_from, locked.help_until = Outcome.NOT_LISTED, None, None
        locked.vote_recorded_by, locked.vote_recorded_at = actor if _is_user(actor) else None, timezone.now()
        locked.version += 1
        locked.save()
        old, new = diff(before, snapshot(locked, REVIEW_AUDITED))
        _audit("review.voted", actor=actor, obj=locked, cell=cell,
               repr_=f"Rà soát năm {round_.year}: {locked.member.full_name}", before=old, after=new,
               data={"fraction": rules.vote_fraction, "passes": locked.outcome == Outcome.HELPING})  # fmt: skip
        return locked


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def record_outcome(
    *,
    actor: Any,
    review: Review,
    outcome: str,
    on: dt.date,
    expected_version: int,
    note: str = "",
    today: dt.date | None = None,
) -> Review:
    """Record what became of a member on the help list: improved, strike-off proposed or discipline proposed
    (a proposal: the competent committee decides, in its own records).

    Refuses: an outcome not among those three; a member the vote did not put on the list (no vote, or a vote
    below the fraction); a day before help began or after today; a strike-off proposed before the education
    period ends; a stale review (ConcurrentEditError). The round may already be closed: help outlasts it.
    """
    today = today or timezone.localdate()
    check_may_manage(actor, review.round.organization)
    with transaction.atomic():
        locked = _locked_review(review, expected_version)
        round_, cell = locked.round, locked.round.organization
        if outcome not in AFTER_HELP:
            raise DomainError("Hãy chọn kết quả: đã tiến bộ, đề nghị xóa tên hoặc đề nghị xem xét kỷ luật.",
                              field="outcome")  # fmt: skip
        if locked.help_from is None or locked.outcome not in (Outcome.HELPING, *AFTER_HELP):
            raise DomainError(
                f"Chưa có kết quả biểu quyết đưa {locked.member.full_name} vào diện giáo dục, giúp đỡ (từ "
                f"{round_rules(round_).vote_fraction} số đảng viên chính thức đồng ý): không thể ghi kết quả sau thời "
                "gian giúp đỡ.",
                field="outcome",
                code="no_vote",
            )
        if on < locked.help_from or on > today:
            raise DomainError(f"Ngày ghi kết quả phải từ {_d(locked.help_from)} đến hôm nay.", field="on")
        if outcome == Outcome.STRIKE_OFF_PROPOSED and locked.help_until and on < locked.help_until:
            raise DomainError(
                f"Chỉ đề nghị xóa tên khi hết thời gian giáo dục, giúp đỡ (đến {_d(locked.help_until)}) mà không "
                "tiến bộ.",
                field="outcome",
            )
        cleaned = _clean_text(note, field="note", required=False, what="ghi chú")
        before = snapshot(locked, REVIEW_AUDITED)
        locked.outcome, locked.outcome_on, locked.outcome_note = outcome, on, cleaned
        locked.decided_by, locked.outcome_recorded_at = actor if _is_user(actor) else None, timezone.now()
        locked.version += 1
        locked.save()
        old, new = diff(before, snapshot(locked, REVIEW_AUDITED))
        _audit("review.outcome", actor=actor, obj=locked, cell=cell,
               repr_=f"Rà soát năm {round_.year}: {locked.member.full_name}", before=old, after=new)  # fmt: skip
        return locked


def close_round(
    *, actor: Any, round_: ScreeningRound, expected_version: int, today: dt.date | None = None
) -> ScreeningRound:
    """End the round once every member in it has been voted on. Those on the help list stay on it: their outcome
    is recorded when the education period ends. Refuses: a closed round, members not yet voted on, a stale
    round (ConcurrentEditError)."""
    today = today or timezone.localdate()
    check_may_manage(actor, round_.organization)
    with transaction.atomic():
        locked = _locked_round(round_, expected_version)
        if locked.status != RoundStatus.OPEN:
            raise DomainError("Đợt rà soát đã kết thúc.", code="closed")
        waiting = locked.reviews.filter(votes_for__isnull=True).count()
        if waiting:
            raise DomainError(f"Còn {waiting} đảng viên chưa có kết quả biểu quyết: chưa thể kết thúc đợt rà soát.",
                              code="order")  # fmt: skip
        locked.status, locked.closed_on = RoundStatus.CLOSED, today
        locked.closed_by = actor if _is_user(actor) else None
        locked.version += 1
        locked.save()
        _audit("round.closed", actor=actor, obj=locked, cell=locked.organization,
               repr_=f"Rà soát năm {locked.year}: {locked.organization.name}",
               before={"status": RoundStatus.OPEN},
               after={"status": RoundStatus.CLOSED, "closed_on": today.isoformat()})  # fmt: skip
        return locked
