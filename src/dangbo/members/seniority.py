"""Party seniority (tuổi đảng): from the admission decision, minus the gaps (rules.md §2).

Gaps (struck off, expelled, discharged) count in whole months. While a gap lasts the seniority stands still at its
value on the day the gap began, so it never goes down. `seniority_ymd` adds the days since the last whole month
was reached; `party_age_reached` is the one "party age reached" event (dues exemption at 50, party badges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dangbo.core.dates import add_months, full_months_between

from .enums import SENIORITY_GAP_STATUSES

Period = tuple[str, dt.date, dt.date | None]


@dataclass(frozen=True)
class SeniorityYMD:
    """Seniority on a day: whole years, the months beyond them, the days since the last whole month was reached."""

    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def label(self) -> str:
        """ "25 năm 3 tháng 12 ngày": the one wording of the member page, the badge lists and the files."""
        return _("%(y)s năm %(m)s tháng %(d)s ngày") % {"y": self.years, "m": self.months, "d": self.days}


def _gaps(periods: Iterable[Period]) -> list[tuple[dt.date, dt.date | None]]:
    return [(start, end) for status, start, end in periods if status in SENIORITY_GAP_STATUSES]


def _covering_gap(gaps: list[tuple[dt.date, dt.date | None]], on: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The gap that `on` falls strictly inside (after its first day, before its end), if any."""
    for start, end in gaps:
        if start < on and (end is None or on < end):
            return start, end
    return None


def _frozen_on(gaps: list[tuple[dt.date, dt.date | None]], on: dt.date) -> dt.date:
    """`on`, or the first day of the gap that covers it (the seniority stands still during a gap)."""
    gap = _covering_gap(gaps, on)
    return on if gap is None else gap[0]


def _months(admission: dt.date, gaps: list[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    on = _frozen_on(gaps, on)
    if on < admission:
        return 0
    gap = sum(full_months_between(start, min(end or on, on)) for start, end in gaps if start < on)
    return max(full_months_between(admission, on) - gap, 0)


def seniority_months(*, admission_decision_date: dt.date, periods: Iterable[Period], on: dt.date) -> int:
    """Whole months of membership on `on`: months since admission minus the whole months spent in gap statuses
    (struck off, expelled, discharged) before `on`. `periods` are (status, start, end-exclusive)."""
    return _months(admission_decision_date, _gaps(periods), on)


def seniority_years(*, admission_decision_date: dt.date, periods: Iterable[Period], on: dt.date) -> int:
    """Whole years of membership on `on` (see `seniority_months`)."""
    return seniority_months(admission_decision_date=admission_decision_date, periods=periods, on=on) // 12


def _first_day_of_full_months(start: dt.date, months: int) -> dt.date:
    """The first day on which `full_months_between(start, day) >= months` (31/01 + 1 month → 01/03)."""
    day = add_months(start, months)
    return day if day.day == start.day else day + dt.timedelta(days=1)


def months_reached(*, admission_decision_date: dt.date, periods: Iterable[Period], months: int) -> dt.date | None:
    """The first day on which the seniority reaches `months` whole months, or None while a gap without an end
    keeps it below. Each step jumps to the earliest day the months still missing allow, so it is exact."""
    admission, gaps = admission_decision_date, _gaps(periods)
    if months <= 0:
        return admission
    day = _first_day_of_full_months(admission, months)
    while True:
        gap = _covering_gap(gaps, day)
        if gap is not None:  # nothing moves until the gap ends
            if gap[1] is None:
                return None
            day = gap[1]
            continue
        have = _months(admission, gaps, day)
        if have >= months:
            return day
        day = _first_day_of_full_months(admission, full_months_between(admission, day) + months - have)


def party_age_reached(*, admission_decision_date: dt.date, periods: Iterable[Period], years: int) -> dt.date:
    """The day party age reaches `years` whole years: `years` after admission, later by the whole months spent in
    gap statuses before then (see `seniority_months`). The one "party age reached" event: the 50-year dues
    exemption starts the month it falls in, and badges read the same day. A gap that has not ended keeps the day
    out of reach (`date.max`)."""
    day = months_reached(admission_decision_date=admission_decision_date, periods=periods, months=years * 12)
    return dt.date.max if day is None else day


def seniority_ymd(*, admission_decision_date: dt.date, periods: Iterable[Period], on: dt.date) -> SeniorityYMD:
    """Seniority on `on` in years, months and days: the months are those of `seniority_months`; the days run from
    the day the last whole month was reached (during a gap they stand still with the months)."""
    periods = list(periods)
    gaps = _gaps(periods)
    on = _frozen_on(gaps, on)
    if on < admission_decision_date:
        return SeniorityYMD(0, 0, 0)
    months = _months(admission_decision_date, gaps, on)
    reached = months_reached(admission_decision_date=admission_decision_date, periods=periods, months=months)
    days = (on - reached).days if reached is not None else 0
    return SeniorityYMD(months // 12, months % 12, days)
