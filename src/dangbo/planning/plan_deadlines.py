"""When a plan's task is due: its occurrences (one day, or a day and month in each year of the plan), which of
them are overdue on a day (the deadline passed, not done: the deadline day itself is not overdue) and which fall
due within a few working days (`dangbo.core.calendar`). Pure functions over the task's fields."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import re
from dataclasses import dataclass

from dangbo.core.calendar import add_working_days

from .models import PlanTask
from .plan_enums import DeadlineKind

REMINDER_WORKING_DAYS = 5  # a task is "due soon" from this many working days before its deadline
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def yearly_date(year: int, month: int, day: int) -> dt.date:
    """The day and month in `year`; 29/02 falls on 28/02 in a year that has no 29 February."""
    return dt.date(year, month, min(day, month_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Occurrence:
    due: dt.date
    year: int | None  # the year of a yearly task's occurrence; None for a task due on one day


def occurrences(task: PlanTask, years: range) -> list[Occurrence]:
    """Every deadline of the task: its day, or the day and month in each of `years` (the plan's years) from the
    plan's date on. A task without a deadline has none."""
    if task.deadline_kind == DeadlineKind.DATE and task.due_on is not None:
        return [Occurrence(task.due_on, None)]
    if task.deadline_kind == DeadlineKind.YEARLY and task.due_day and task.due_month:
        issued = task.plan.issued_on
        found = [Occurrence(yearly_date(y, task.due_month, task.due_day), y) for y in years]
        return [o for o in found if o.due >= issued]
    return []


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """Overdue from the day after the deadline."""
    return due < today


def is_due_soon(due: dt.date, today: dt.date, *, working_days: int = REMINDER_WORKING_DAYS) -> bool:
    """Due today or within `working_days` working days."""
    return today <= due <= add_working_days(today, working_days)


def sort_key(number: str) -> str:
    """ "III.2" before "III.10": each part of the number as a fixed-width figure (Roman numerals read as numbers)."""
    parts = []
    for part in re.split(r"[.\-]", number.strip().upper()):
        if part.isdigit():
            value = int(part)
        elif part and all(c in ROMAN for c in part):
            value = _roman(part)
        else:
            parts.append(part[:8].ljust(8))
            continue
        parts.append(f"{value:04d}")
    return ".".join(parts)[:60]


def _roman(text: str) -> int:
    total = 0
    for i, c in enumerate(text):
        value = ROMAN[c]
        total += -value if i + 1 < len(text) and ROMAN[text[i + 1]] > value else value
    return total
