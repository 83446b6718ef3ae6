"""Reads of committees (cấp ủy): the committee in office with its seats and the shares of women and of members
under 40, and the oversight assignments (phụ trách cơ sở); always limited to a scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.dates import age_on
from dangbo.members.enums import Gender
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, OversightAssignment


@dataclass(frozen=True)
class CommitteeShares:
    """Women and under-40 shares of the seated members (percent, one decimal; None when nobody is seated)."""

    seated: int
    women: int
    under_40: int

    @property
    def women_percent(self) -> float | None:
        return round(100 * self.women / self.seated, 1) if self.seated else None

    @property
    def under_40_percent(self) -> float | None:
        return round(100 * self.under_40 / self.seated, 1) if self.seated else None


@dataclass(frozen=True)
class CommitteeOverview:
    committee: Committee
    seats: list[CommitteeSeat]
    shares: CommitteeShares


def committee_shares(seats: Iterable[CommitteeSeat], *, on: dt.date) -> CommitteeShares:
    """Shares over distinct seated members (a member with two seats counts once)."""
    members = {s.member_id: s.member for s in seats}
    women = sum(1 for m in members.values() if m.gender == Gender.FEMALE)
    under_40 = sum(1 for m in members.values() if age_on(m.birth_date, on) < 40)
    return CommitteeShares(seated=len(members), women=women, under_40=under_40)


def current_committee(scope: Scope, *, org: Organization, on: dt.date) -> CommitteeOverview | None:
    """The committee in office on `on` with its open seats (secretary first) and shares.

    None when there is none, or when the organization is outside the scope.
    """
    if not scope.covers_path(Right.VIEW_ORGS, org.path):
        return None
    committee = (
        Committee.objects.filter(organization=org, term_start__lte=on)
        .filter(Q(term_end__isnull=True) | Q(term_end__gt=on))
        .order_by("-term_start")
        .first()
    )
    if committee is None:
        return None
    order = {p: i for i, p in enumerate(CommitteePosition.values)}
    seats = list(
        committee.seats.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on)).select_related("member")
    )
    seats.sort(key=lambda s: (order.get(s.position, 99), s.member.sort_key))
    return CommitteeOverview(committee=committee, seats=seats, shares=committee_shares(seats, on=on))


def oversight_of(scope: Scope, *, org: Organization, on: dt.date) -> list[OversightAssignment]:
    """Upper-level committee members assigned to follow `org` on `on`."""
    if not scope.covers_path(Right.VIEW_ORGS, org.path):
        return []
    return list(
        OversightAssignment.objects.filter(organization=org, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .select_related("member")
        .order_by("start", "pk")
    )
