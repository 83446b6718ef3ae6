"""Working days: Monday to Friday, minus public holidays and days off, plus make-up working days.

The special days are data (`CalendarDay`), entered per year from the government's notice: Tết follows the
lunar calendar and the swapped days and make-up Saturdays change every year, so no rule can compute them.
A year with no rows falls back to weekends and the fixed solar holidays (1/1, 30/4, 1/5, 2/9); pages ask
`year_is_loaded` to warn that the year's notice has not been entered yet.

Party deadlines "within N working days" count from the day after the event: the deadline is the N-th working
day after it (`add_working_days`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import DomainError

FIXED_SOLAR_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
CACHE_SECONDS = 300  # another process's admin edit is seen within this time; a save here clears at once
MAX_SPAN_DAYS = 366 * 30


@dataclass(frozen=True)
class _Year:
    loaded: bool
    days_off: frozenset[dt.date]
    working: frozenset[dt.date]
    fetched: float


_cache: dict[int, _Year] = {}
_lock = threading.Lock()


def clear_cache(year: int | None = None) -> None:
    """Forget the cached special days (of one year, or all). Called when a `CalendarDay` is saved or deleted."""
    with _lock:
        if year is None:
            _cache.clear()
        else:
            _cache.pop(year, None)


def _year(year: int) -> _Year:
    cached = _cache.get(year)
    if cached is not None and time.monotonic() - cached.fetched < CACHE_SECONDS:
        return cached
    from .models import CalendarDay

    rows = list(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    if rows:
        off = frozenset(day for day, kind in rows if kind != CalendarDay.Kind.MAKEUP)
        working = frozenset(day for day, kind in rows if kind == CalendarDay.Kind.MAKEUP)
    else:
        off = frozenset(dt.date(year, month, day) for month, day in FIXED_SOLAR_HOLIDAYS)
        working = frozenset()
    entry = _Year(loaded=bool(rows), days_off=off, working=working, fetched=time.monotonic())
    with _lock:
        _cache[year] = entry
    return entry


def _check_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError(_("Ngày không hợp lệ."), field=field)
    return value


def year_is_loaded(year: int) -> bool:
    """Whether the year's special days have been entered (otherwise only weekends and 1/1, 30/4, 1/5, 2/9)."""
    return _year(year).loaded


def is_working_day(day: dt.date) -> bool:
    day = _check_date(day, "day")
    entry = _year(day.year)
    if day in entry.working:
        return True
    if day in entry.days_off:
        return False
    return day.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day counted from the day after `start` (n = 0 gives `start` itself).

    A negative n counts backwards: the n-th working day before `start`."""
    start = _check_date(start, "start")
    if isinstance(n, bool) or not isinstance(n, int):
        raise DomainError(_("Số ngày làm việc không hợp lệ."), field="n")
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining, day = abs(n), start
    while remaining:
        day += step
        if abs((day - start).days) > MAX_SPAN_DAYS:
            raise DomainError(_("Số ngày làm việc không hợp lệ."), field="n")
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`
    (minus the working days after `end` up to and including `start`), 0 when they are the same day."""
    start, end = _check_date(start, "start"), _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    if (end - start).days > MAX_SPAN_DAYS:
        raise DomainError(_("Số ngày làm việc không hợp lệ."), field="end")
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
