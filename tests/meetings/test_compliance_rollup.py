"""The grassroots organizations' sums of the quarter (`GrassrootsQuarter`) stay equal to their cells'
`CellQuarter` rows after a cell's refresh, a bulk recompute, a cell moved to another grassroots organization and a
cell that lost its row; the bloc's page reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Count, Max, Min, Q, Sum

from dangbo.meetings import compliance_selectors as selectors
from dangbo.meetings.compliance import recompute, refresh_cell_quarter
from dangbo.meetings.enums import Compliance, MeetingKind
from dangbo.meetings.models import CellQuarter, GrassrootsQuarter
from dangbo.organizations.models import Organization, path_segment

from ..conftest import World
from .test_compliance_rows import TODAY, full_quarter, held

pytestmark = pytest.mark.django_db
FIELDS = ("cells", "red", "amber", "green", "none", "with_thematic", "months_due", "monthly_held", "thematic_held",
          "meetings_held", "too_short", "with_guest", "present", "expected", "path", "oldest", "newest")  # fmt: skip


def from_cells(year: int, quarter: int) -> dict[int, dict[str, Any]]:
    sums = ("months_due", "monthly_held", "thematic_held", "meetings_held", "too_short", "with_guest", "present",
            "expected")  # fmt: skip
    aggregates: dict[str, Any] = {f"s_{n}": Sum(n) for n in sums}
    aggregates |= {f"s_{c.value}": Count("id", filter=Q(status=c)) for c in Compliance}
    aggregates |= {"s_cells": Count("id"), "s_with_thematic": Count("id", filter=Q(thematic_held__gt=0)),
                   "s_path": Min("path"), "s_oldest": Min("computed_at"), "s_newest": Max("computed_at")}  # fmt: skip
    rows = CellQuarter.objects.filter(year=year, quarter=quarter).values("grassroots_id").annotate(**aggregates)
    return {r["grassroots_id"]: {k[2:]: v for k, v in r.items() if k.startswith("s_")} for r in rows.order_by()}


def rolled(year: int, quarter: int) -> dict[int, dict[str, Any]]:
    rows = GrassrootsQuarter.objects.filter(year=year, quarter=quarter)
    return {r.grassroots_id: {f: getattr(r, f) for f in FIELDS} for r in rows}


def test_refresh_and_recompute_keep_the_sums(world: World) -> None:
    full_quarter(world.cell_a1)
    held(world.cell_a2, dt.date(2026, 1, 10), MeetingKind.REGULAR, minutes=60)
    for cell in (world.cell_a1, world.cell_a2):
        refresh_cell_quarter(organization=cell, year=2026, quarter=1, today=TODAY)
    assert set(rolled(2026, 1)) == {world.org_a.pk}
    assert rolled(2026, 1) == from_cells(2026, 1)
    assert rolled(2026, 1)[world.org_a.pk]["cells"] == 2
    recompute(year=2026, quarter=None, root=world.bloc, today=TODAY)
    assert set(rolled(2026, 1)) == {world.org_a.pk, world.org_b.pk}  # B1: a row with nothing held
    assert rolled(2026, 1) == from_cells(2026, 1) and rolled(2026, 2) == from_cells(2026, 2)


def test_a_cell_moved_or_gone_leaves_no_stale_sum(world: World) -> None:
    full_quarter(world.cell_a2)
    refresh_cell_quarter(organization=world.cell_a2, year=2026, quarter=1, today=TODAY)
    cell = world.cell_a2
    Organization.objects.filter(pk=cell.pk).update(parent=world.org_b, path=world.org_b.path + path_segment(cell.pk))
    cell.refresh_from_db()
    refresh_cell_quarter(organization=cell, year=2026, quarter=1, today=TODAY)
    assert set(rolled(2026, 1)) == {world.org_b.pk} and rolled(2026, 1) == from_cells(2026, 1)
    Organization.objects.filter(pk=cell.pk).update(founded_on=dt.date(2026, 4, 2))  # not a cell in quarter 1
    cell.refresh_from_db()
    refresh_cell_quarter(organization=cell, year=2026, quarter=1, today=TODAY)
    assert rolled(2026, 1) == {} == from_cells(2026, 1)


def test_bloc_totals_read_the_sums(world: World) -> None:
    full_quarter(world.cell_a1)
    full_quarter(world.cell_b1, present=5)
    recompute(year=2026, quarter=1, root=world.bloc, today=TODAY)
    totals = selectors.totals(world.bloc, year=2026, quarter=1, today=TODAY)
    assert (totals.grassroots, totals.figures.cells, totals.figures.monthly_held) == (2, 3, 6)
    assert totals.figures.present == 9 * 3 + 5 * 3
    units, pages = selectors.grassroots_page(world.bloc.path, year=2026, quarter=1, page=1, total=2)
    assert pages == 1 and [u.organization_id for u in units] == [world.org_a.pk, world.org_b.pk]
    assert units[0].figures.red == 1  # A2 held nothing in a quarter that ended
