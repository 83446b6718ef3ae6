"""The member page's panel of badges and commendations (registered in `apps.py` through `members.panels`): the
next milestone and its award date, the badges proposed or awarded, the commendations decided; officers who propose
get the link to record a seriously-ill certificate. Seniority itself is in the page's summary
(`members.seniority.seniority_ymd`), the same figure the badge list shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.panels import PanelContext
from dangbo.members.seniority import months_reached

from .enums import CommendationState
from .rules import rules_in_force
from .selectors import member_badges


def next_milestone(ctx: PanelContext, awarded: set[int]) -> dict[str, Any] | None:
    """The next milestone not yet given, the day it is reached and the award date on or after it."""
    member = ctx.member
    if member.status not in ON_ROLLS:
        return None
    try:
        rules = rules_in_force(ctx.today)
    except DomainError:
        return None
    periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
    for years in rules.milestones:
        if years in awarded:
            continue
        day = months_reached(admission_decision_date=member.admission_decision_date, periods=periods,
                             months=years * 12)  # fmt: skip
        if day is None:
            return None
        if day >= ctx.today - dt.timedelta(days=366):
            return {"years": years, "day": day, "award_date": rules.next_award_date(day)}
    return None


def context(ctx: PanelContext) -> dict[str, Any] | None:
    badges = list(member_badges(ctx.member))
    commendations = ctx.member.commendations.filter(state=CommendationState.DECIDED).select_related("kind", "level")
    return {
        "badges": badges,
        "commendations": list(commendations.order_by("-year")),
        "next": next_milestone(ctx, {b.milestone for b in badges}),
        "can_propose": ctx.scope.covers_path(Right.PROPOSE_RECOGNITION, ctx.member.organization.path),
    }
