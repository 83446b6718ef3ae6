"""Reads of the quarterly compliance: only rows computed ahead by `compliance.py`, never meetings or attendance.
A grassroots organization or a cell reads its cells' `CellQuarter` rows; a unit above the grassroots level (the
bloc) reads the `GrassrootsQuarter` sums, one row per grassroots organization, so its page costs the same
whatever the number of cells. Units that missed come first: red, then amber, then no data, then green.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.utils.functional import cached_property

from dangbo.core.text import percent_of, percent_text
from dangbo.organizations.models import Organization

from .compliance import CELL_KINDS, GRASSROOTS_KINDS, quarter_months, quarter_of, quarter_span
from .enums import Compliance
from .models import CellQuarter, GrassrootsQuarter, QuarterLock

PAGE_SIZE = 50
# The order of the lists: the units that missed first.
RANK = {Compliance.RED: 0, Compliance.AMBER: 1, Compliance.NONE: 2, Compliance.GREEN: 3}


def status_rank() -> Case:
    return Case(*(When(status=s, then=Value(r)) for s, r in RANK.items()), output_field=IntegerField())


@dataclass(frozen=True)
class Figures:
    """Sums over cell-quarter rows: the cells by colour, the months due and held, thematic meetings, attendance."""

    cells: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    none: int = 0
    months_due: int = 0
    monthly_held: int = 0
    thematic_held: int = 0
    with_thematic: int = 0  # cells with at least one thematic meeting in the quarter
    meetings_held: int = 0
    with_guest: int = 0
    too_short: int = 0
    present: int = 0
    expected: int = 0

    @property
    def status(self) -> str:
        """The worst colour among the cells (a unit with one red cell is red)."""
        for status, n in ((Compliance.RED, self.red), (Compliance.AMBER, self.amber), (Compliance.GREEN, self.green)):
            if n:
                return status
        return Compliance.NONE

    @property
    def status_label(self) -> str:
        return str(Compliance(self.status).label)

    @property
    def attendance(self) -> Decimal | None:
        return percent_of(self.present, self.expected)

    @property
    def attendance_text(self) -> str:
        return percent_text(self.attendance)

    @property
    def missed(self) -> int:
        return self.red + self.amber


def _figures_aggregates() -> dict[str, Any]:
    """The sums of `Figures`, named apart from the row's own fields ("n_<name>")."""
    sums = ("months_due", "monthly_held", "thematic_held", "meetings_held", "with_guest", "too_short", "present",
            "expected")  # fmt: skip
    out: dict[str, Any] = {f"n_{name}": Sum(name) for name in sums}
    out |= {
        "n_cells": Count("id"),
        "n_red": Count("id", filter=Q(status=Compliance.RED)),
        "n_amber": Count("id", filter=Q(status=Compliance.AMBER)),
        "n_green": Count("id", filter=Q(status=Compliance.GREEN)),
        "n_none": Count("id", filter=Q(status=Compliance.NONE)),
        "n_with_thematic": Count("id", filter=Q(thematic_held__gt=0)),
    }
    return out


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(**{name: int(row.get(f"n_{name}") or 0) for name in Figures.__dataclass_fields__})


def rows_of(path: str, *, year: int, quarter: int, grassroots_id: int | None = None) -> QuerySet[CellQuarter]:
    """The quarter's rows under `path`; a grassroots organization's through its id (its foreign-key index reads
    only its cells' rows, where the path prefix would scan the quarter's rows of the whole tree)."""
    rows = CellQuarter.objects.filter(path__startswith=path, year=year, quarter=quarter)
    return rows.filter(grassroots_id=grassroots_id) if grassroots_id is not None else rows


def grassroots_id_of(unit: Organization) -> int | None:
    return unit.pk if unit.kind in GRASSROOTS_KINDS else None


@dataclass(frozen=True)
class Totals:
    figures: Figures
    grassroots: int  # grassroots organizations with rows (the length of the bloc's list)
    computed_from: dt.datetime | None  # the oldest row's computation
    computed_to: dt.datetime | None
    active_cells: int  # cells that existed in the quarter (rows missing: never computed)
    stale: bool  # a month of the quarter ended after some row was computed, or a cell has no row


def _sums(unit: Organization, *, year: int, quarter: int) -> dict[str, Any]:
    """The quarter's sums under `unit` in `_figures_aggregates` names, with `oldest`, `newest` and
    `n_grassroots`: above the grassroots level from the grassroots organizations' sums (plus the rows of any
    cell outside a grassroots organization), else from the cells' rows."""
    grassroots_id = grassroots_id_of(unit)
    cell_rows = rows_of(unit.path, year=year, quarter=quarter, grassroots_id=grassroots_id)
    if grassroots_id is not None or unit.kind in CELL_KINDS:
        return cell_rows.aggregate(
            oldest=Min("computed_at"), newest=Max("computed_at"), n_grassroots=Count("grassroots_id", distinct=True),
            **_figures_aggregates(),
        )  # fmt: skip
    names = Figures.__dataclass_fields__
    row: dict[str, Any] = GrassrootsQuarter.objects.filter(
        year=year, quarter=quarter, path__startswith=unit.path
    ).aggregate(oldest=Min("oldest"), newest=Max("newest"), n_grassroots=Count("id"),
                **{f"n_{name}": Sum(name) for name in names})  # fmt: skip
    loose = cell_rows.filter(grassroots__isnull=True).aggregate(
        lo=Min("computed_at"), hi=Max("computed_at"), **_figures_aggregates()
    )
    if loose["n_cells"]:
        row |= {f"n_{name}": (row[f"n_{name}"] or 0) + (loose[f"n_{name}"] or 0) for name in names}
        row["oldest"] = min(t for t in (row["oldest"], loose["lo"]) if t is not None)
        row["newest"] = max(t for t in (row["newest"], loose["hi"]) if t is not None)
    return row


def totals(unit: Organization, *, year: int, quarter: int, today: dt.date) -> Totals:
    """The quarter's sums under `unit`, and whether the rows are behind (three queries above the grassroots
    level, two below)."""
    path = unit.path
    row = _sums(unit, year=year, quarter=quarter)
    figures = _figures(row)
    first, last = quarter_span(year, quarter)
    active = (
        Organization.objects.filter(path__startswith=path, kind__in=CELL_KINDS, founded_on__lte=last)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=first))
        .count()
    )
    # The last month end of the quarter already passed: rows computed before it may miss a month now due.
    ends = [month_last + dt.timedelta(days=1) for _m, _f, month_last in quarter_months(year, quarter)]
    passed = [d for d in ends if d <= today]
    oldest = row["oldest"]
    behind = bool(passed and oldest is not None and oldest.date() < passed[-1])
    stale = behind or active != figures.cells
    return Totals(figures, row["n_grassroots"] or 0, oldest, row["newest"], active, stale)


@dataclass(frozen=True)
class UnitRow:
    """A grassroots organization with the sums of its cells' rows."""

    organization_id: int
    name: str
    figures: Figures


def grassroots_page(path: str, *, year: int, quarter: int, page: int, total: int) -> tuple[list[UnitRow], int]:
    """One page of the `total` grassroots organizations under `path` (`Totals.grassroots`), those with red cells
    first, then amber, then no data, each group in tree order; (rows, pages). One query over the quarter's
    `GrassrootsQuarter` rows, without joining the tree; the page's names with a second, by id."""
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    found = list(
        GrassrootsQuarter.objects.filter(year=year, quarter=quarter, path__startswith=path).order_by(
            "-red", "-amber", "-none", "path", "grassroots_id"
        )[start : start + PAGE_SIZE]
    )
    names = dict(Organization.objects.filter(pk__in=[r.grassroots_id for r in found]).values_list("id", "name"))
    return [UnitRow(r.grassroots_id, names.get(r.grassroots_id, ""), _rolled(r)) for r in found], pages


def _rolled(row: GrassrootsQuarter) -> Figures:
    return Figures(**{name: getattr(row, name) for name in Figures.__dataclass_fields__})


def cells_page(unit: Organization, *, year: int, quarter: int, page: int | str | None) -> Page:
    """One page of the cells under `unit` with their rows, red first."""
    qs = (
        rows_of(unit.path, year=year, quarter=quarter, grassroots_id=grassroots_id_of(unit))
        .select_related("organization__parent")
        .annotate(rank=status_rank())
        .order_by("rank", "organization__sort_key", "organization_id")
    )
    found = Paginator(qs, PAGE_SIZE).get_page(page)
    found.object_list = _with_rates(list(found.object_list))  # type: ignore[assignment]
    return found


def _with_rates(rows: list[CellQuarter]) -> list[CellQuarter]:
    """Each row with its attendance rate as shown ("86,7%", "—")."""
    for r in rows:
        r.attendance_text = percent_text(percent_of(r.present, r.expected))  # type: ignore[attr-defined]
    return rows


def cell_year(cell: Organization, *, year: int) -> list[CellQuarter]:
    """The cell's rows of the year, quarter by quarter."""
    return _with_rates(list(CellQuarter.objects.filter(organization=cell, year=year).order_by("quarter")))


def locks_for(organization: Organization, *, year: int, quarter: int) -> list[QuarterLock]:
    """The quarter's locks on the organization or above it (who closed the quarter for this unit)."""
    return list(
        QuarterLock.objects.filter(path__in=organization.ancestor_paths(), year=year, quarter=quarter)
        .select_related("organization", "locked_by")
        .order_by("path")
    )


@dataclass(frozen=True)
class QuarterSummary:
    """The home page's card: a unit's latest ended quarter (or the running one early in the year)."""

    organization: Organization
    year: int
    quarter: int
    figures: Figures

    @cached_property
    def label(self) -> str:
        return f"Quý {self.quarter}/{self.year}"


def summary_quarter(today: dt.date) -> tuple[int, int]:
    """The quarter a summary shows: the last one ended."""
    year, quarter = quarter_of(today)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_summary(unit: Organization, *, today: dt.date) -> QuarterSummary:
    """The unit's last ended quarter in sums (one query, two above the grassroots level)."""
    year, quarter = summary_quarter(today)
    return QuarterSummary(unit, year, quarter, _figures(_sums(unit, year=year, quarter=quarter)))
