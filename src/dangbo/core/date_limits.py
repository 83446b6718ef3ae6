"""The range a date typed by a user may take, so that no date input reaches the database or date arithmetic
with a year such as 1 or 9999 (which overflow when a day is added or a time zone applied).

The default range runs from 01/01/1900 to ten years after today. Fields narrow it: a birth date is not
after today; an admission date is not before the founding of the Party (03/02/1930).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import add_years

EARLIEST = dt.date(1900, 1, 1)
PARTY_FOUNDED = dt.date(1930, 2, 3)
YEARS_AHEAD = 10


@dataclass(frozen=True)
class DateLimits:
    """From `earliest` to `years_ahead` years after today (0: today at the latest)."""

    earliest: dt.date = EARLIEST
    years_ahead: int = YEARS_AHEAD

    def latest(self, today: dt.date) -> dt.date:
        return add_years(today, self.years_ahead)

    def too_early(self, value: dt.date) -> bool:
        return value < self.earliest

    def too_late(self, value: dt.date, *, today: dt.date) -> bool:
        return value > self.latest(today)


DEFAULT_LIMITS = DateLimits()
BIRTH_DATE_LIMITS = DateLimits(earliest=EARLIEST, years_ahead=0)
ADMISSION_LIMITS = DateLimits(earliest=PARTY_FOUNDED)
