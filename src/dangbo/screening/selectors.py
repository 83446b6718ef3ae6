"""Reads of screening: the rule set of a year, rounds and stored signals in the user's scope, the voters of a
cell on the vote day, and the screening card of a cell secretary's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .enums import Outcome, RoundStatus
from .models import Review, ScreeningRound, ScreeningRuleSet, SignalHit
from .params import ScreeningRules, parse_params


def as_rules(rule_set: ScreeningRuleSet) -> ScreeningRules:
    return parse_params(rule_set.params, citation=rule_set.citation, code=rule_set.code, rule_set_id=rule_set.pk)


def rules_for_year(year: int) -> ScreeningRules:
    """The rule set in force on 31/12 of `year` (the signals of a year and its rounds use it)."""
    rule_set = ScreeningRuleSet.objects.in_force_on(dt.date(year, 12, 31)).first()
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc rà soát, sàng lọc áp dụng cho năm {year}.", field="year")
    return as_rules(rule_set)


def rounds_for(scope: Scope, right: str = Right.VIEW_SCREENING) -> QuerySet[ScreeningRound]:
    return ScreeningRound.objects.filter(scope.path_q(right, "organization__path"))


def reviews_for(scope: Scope, right: str = Right.VIEW_SCREENING) -> QuerySet[Review]:
    return Review.objects.filter(scope.path_q(right, "round__organization__path"))


def hits_for(scope: Scope, right: str = Right.VIEW_SCREENING) -> QuerySet[SignalHit]:
    return SignalHit.objects.filter(scope.path_q(right))


def cells_for(scope: Scope, right: str = Right.VIEW_SCREENING) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(right))


def eligible_voters(cell: Organization, day: dt.date) -> QuerySet[Member]:
    """Who votes in the cell's secret ballot on `day`: its full members that day, from the dated cell membership
    and status history. Probationary members do not vote; exempt members (their own status) are left out."""
    in_cell = CellMembership.objects.filter(organization=cell, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )
    full = MemberStatusPeriod.objects.filter(status=MemberStatus.FULL, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )
    return Member.objects.filter(pk__in=in_cell.values("member_id")).filter(pk__in=full.values("member_id"))


@dataclass(frozen=True)
class ScreeningCard:
    """What the home page says about screening this year: for a cell (its secretary), the round and the members
    still to vote on or on the help list; above a cell, the members with signals stored for the subtree."""

    year: int
    cell: Organization | None = None
    round: ScreeningRound | None = None
    to_vote: int = 0
    helping: int = 0
    stored_signals: int = 0


def screening_card(scope: Scope, unit: Organization | None, *, today: dt.date) -> ScreeningCard | None:
    """The home page's screening card (two queries), for a user who may see screening over `unit`: a cell's open
    round (whatever its year), else this year's round, else the way to this year's signals."""
    if unit is None or not scope.covers_path(Right.VIEW_SCREENING, unit.path):
        return None
    year = today.year
    if not unit.holds_members:
        stored = hits_for(scope).filter(year=year).values("member_id").distinct().count()
        return ScreeningCard(year=year, stored_signals=stored)
    found = (
        ScreeningRound.objects.filter(organization=unit)
        .filter(Q(year=year) | Q(status=RoundStatus.OPEN))
        .order_by("-status", "-year")  # an open round first ("open" > "closed"), then the latest
        .first()
    )
    card = ScreeningCard(year=found.year if found else year, cell=unit, round=found)
    if found is not None:
        counts = found.reviews.aggregate(
            to_vote=Count("pk", filter=Q(votes_for__isnull=True)),
            helping=Count("pk", filter=Q(outcome=Outcome.HELPING)),
        )
        card = ScreeningCard(
            year=found.year, cell=unit, round=found, to_vote=counts["to_vote"], helping=counts["helping"]
        )
    return card


def open_round_of(cell: Organization, year: int) -> ScreeningRound | None:
    return ScreeningRound.objects.filter(organization=cell, year=year, status=RoundStatus.OPEN).first()
