"""Reads of badges and commendations, always limited to a scope (viewing them needs `view_members` over the member's
cell, or the unit it was proposed in), and the award dates the pages offer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.models import Member

from .enums import BadgeState
from .models import Badge, Commendation
from .rules import award_dates_between

FIRST_YEAR_SHOWN = 2024


def badges_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS) -> QuerySet[Badge]:
    q = scope.path_q(right, "unit_path") | scope.path_q(right, "member__organization__path")
    if scope.member_id is not None and right == Right.VIEW_MEMBERS:
        q |= Q(member_id=scope.member_id)
    return Badge.objects.filter(q)


def commendations_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS) -> QuerySet[Commendation]:
    q = scope.path_q(right, "unit_path")
    if scope.member_id is not None and right == Right.VIEW_MEMBERS:
        q |= Q(member_id=scope.member_id)
    return Commendation.objects.filter(q)


def member_badges(member: Member) -> QuerySet[Badge]:
    """A member's badges proposed or awarded, the latest milestone first."""
    return member.badges.filter(state__in=[BadgeState.PROPOSED, BadgeState.AWARDED]).order_by("-milestone")


def award_dates_shown(today: dt.date) -> list[dt.date]:
    """The award dates the pages offer: from 2024 to the year after today, in order."""
    return award_dates_between(FIRST_YEAR_SHOWN, today.year + 1)


def nearest_award_date(today: dt.date) -> dt.date | None:
    """The first award date on or after today (the last one shown when none is)."""
    dates = award_dates_shown(today)
    return next((d for d in dates if d >= today), dates[-1] if dates else None)
