"""Badges due and awarded per award date and per unit, as of a day (issue 10, item 6).

For each award date of a year and each unit directly under the chosen one: how many badges the list of that date
shows (what the registry says today), how many of them are blocked by a discipline, and how many were proposed and
awarded for that date by the day asked (the proposal and decision dates of the records). The lists are computed by
`stored_lists.list_for`, one per award date for the whole unit (kept ahead above the grassroots level).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from dangbo.organizations.models import Organization

from .enums import BadgeState, Verdict
from .models import Badge
from .rules import rules_in_force
from .stored_lists import list_for


@dataclass
class Figures:
    listed: int = 0
    blocked: int = 0
    proposed: int = 0
    awarded: int = 0


@dataclass
class DateReport:
    award_date: dt.date
    total: Figures
    by_unit: dict[int, Figures] = field(default_factory=dict)


@dataclass
class BadgeReport:
    unit: Organization
    year: int
    as_of: dt.date
    units: list[Organization]
    dates: list[DateReport]


def _unit_of(path: str, units: list[Organization]) -> int | None:
    return next((u.pk for u in units if path.startswith(u.path)), None)


def badge_report(unit: Organization, *, year: int, as_of: dt.date) -> BadgeReport:
    """The figures of `unit` for each award date of `year`, and of each unit directly under it."""
    units = list(Organization.objects.filter(parent=unit, dissolved_on__isnull=True).order_by("sort_key")) or [unit]
    rules = rules_in_force(dt.date(year, 1, 1))
    dates = []
    for day in rules.award_dates_in(year):
        listed = list_for(unit, day, rules=rules_in_force(day)).rows_for()
        by_unit = {u.pk: Figures() for u in units}
        total = Figures()
        for row in listed:
            key = _unit_of(row.person.cell_path, units)
            for figures in (total, by_unit.get(key) if key is not None else None):
                if figures is not None:
                    figures.listed += 1
                    figures.blocked += row.verdict == Verdict.BLOCKED
        records = Badge.objects.filter(award_date=day, unit_path__startswith=unit.path, proposed_on__lte=as_of)
        proposed = records.exclude(Q(state=BadgeState.WITHDRAWN) & Q(withdrawn_on__lte=as_of))
        awarded = records.filter(state=BadgeState.AWARDED, decision_date__lte=as_of)
        for label, qs in (("proposed", proposed), ("awarded", awarded)):
            counts = Counter(_unit_of(path, units) for path in qs.values_list("unit_path", flat=True))
            setattr(total, label, sum(counts.values()))
            for key, n in counts.items():
                if key in by_unit:
                    setattr(by_unit[key], label, n)
        dates.append(DateReport(day, total, by_unit))
    return BadgeReport(unit=unit, year=year, as_of=as_of, units=units, dates=dates)
