"""The inspection report: each unit's cases opened and concluded in the year up to a day, by kind, for an
organization and each unit directly under it (drill-down to the cells).

A case counts for the organization that runs it, on the day of its decision (opened) and of its conclusion
(concluded), both within the year of the day asked and not after it, so the figures as of a day do not change
when later steps are recorded with later days. Set-based: one grouped query per level whatever the size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.db.models.functions import Substr

from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import CaseKind
from .models import Case

STEP = PATH_SEGMENT_WIDTH + 1
KINDS = CaseKind.values


@dataclass(frozen=True)
class Figures:
    """Cases opened and concluded by kind, and their totals."""

    opened: dict[str, int] = field(default_factory=dict)
    concluded: dict[str, int] = field(default_factory=dict)

    @property
    def opened_total(self) -> int:
        return sum(self.opened.values())

    @property
    def concluded_total(self) -> int:
        return sum(self.concluded.values())

    def by_kind(self) -> list[tuple[str, int, int]]:
        """(kind label, opened, concluded) in the kinds' order."""
        return [(str(CaseKind(k).label), self.opened.get(k, 0), self.concluded.get(k, 0)) for k in KINDS]


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    figures: Figures


@dataclass(frozen=True)
class Report:
    root: Organization
    day: dt.date
    total: Figures
    rows: list[UnitRow]

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.day.year, 1, 1)


def _figures(where: Q, length: int | None, day: dt.date) -> dict[str, Figures]:
    """Figures of the cases matching `where`, per unit key (the first `length` characters of the running
    organization's path; every case under the key "" without `length`)."""
    start = dt.date(day.year, 1, 1)
    opened = Q(decision_date__gte=start, decision_date__lte=day)
    concluded = Q(concluded_on__gte=start, concluded_on__lte=day)
    key = Substr("organization__path", 1, length) if length is not None else Value("")
    rows = (
        Case.objects.filter(where, opened | concluded)
        .annotate(key=key)
        .values("key", "kind")
        .annotate(opened=Count("id", filter=opened), concluded=Count("id", filter=concluded))
        .order_by()
    )
    out: dict[str, Figures] = {}
    for row in rows:
        figures = out.setdefault(row["key"], Figures())
        figures.opened[row["kind"]] = row["opened"]
        figures.concluded[row["kind"]] = row["concluded"]
    return out


def inspection_report(root: Organization, *, day: dt.date) -> Report:
    """The report of `root` as of `day`: its total, the cases it runs itself, and one row per unit directly under
    it. Four queries."""
    under = Q(organization__path__startswith=root.path)
    total = _figures(under, None, day).get("", Figures())
    own = _figures(Q(organization=root), None, day).get("", Figures())
    units = list(Organization.objects.filter(parent=root).order_by("sort_key", "path"))
    per_unit = _figures(under & ~Q(organization=root), len(root.path) + STEP, day) if units else {}
    rows = [UnitRow(root, own)] + [UnitRow(u, per_unit.get(u.path, Figures())) for u in units]
    return Report(root, day, total, rows)
