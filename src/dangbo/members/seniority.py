"""Party seniority (tuổi đảng): from the admission decision, minus the gaps (rules.md §2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dangbo.core.dates import add_months, full_months_between

from .enums import SENIORITY_GAP_STATUSES


def seniority_months(
    *, admission_decision_date: dt.date, periods: Iterable[tuple[str, dt.date, dt.date | None]], on: dt.date
) -> int:
    """Whole months of membership on `on`: months since admission minus months spent in gap statuses
    (struck off, expelled, discharged) before `on`. `periods` are (status, start, end-exclusive)."""
    if on < admission_decision_date:
        return 0
    total = full_months_between(admission_decision_date, on)
    gap = 0
    for status, start, end in periods:
        if status not in SENIORITY_GAP_STATUSES or start >= on:
            continue
        gap += full_months_between(start, min(end or on, on))
    return max(total - gap, 0)


def seniority_years(
    *, admission_decision_date: dt.date, periods: Iterable[tuple[str, dt.date, dt.date | None]], on: dt.date
) -> int:
    """Whole years of membership on `on` (see `seniority_months`)."""
    return seniority_months(admission_decision_date=admission_decision_date, periods=periods, on=on) // 12


def party_age_reached(
    *, admission_decision_date: dt.date, periods: Iterable[tuple[str, dt.date, dt.date | None]], years: int
) -> dt.date:
    """The day party age reaches `years` whole years: `years` after admission, later by the months spent in gap
    statuses before then (see `seniority_months`). The one "party age reached" event: the 50-year dues
    exemption starts the month it falls in, and badges read the same day."""
    periods = list(periods)
    need = years * 12
    day = add_months(admission_decision_date, need)
    for _ in range(need + 1):  # each step adds the months still missing; gaps are finite, so it settles
        have = seniority_months(admission_decision_date=admission_decision_date, periods=periods, on=day)
        if have >= need:
            return day
        day = add_months(day, need - have)
    return day  # pragma: no cover
