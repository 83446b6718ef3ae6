"""The current year's cell-life figures stored for the upper-level organizations (`kpi.refresh_cell_life`): the
whole-tree dashboard reads them with their time instead of counting, they equal the counted figures, and a
change to the compliance rows or the tasks queues their refresh once committed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangbo.accounts.scope import scope_for
from dangbo.meetings.compliance import quarter_span, recompute
from dangbo.planning import cell_life
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import refresh_cell_life
from dangbo.planning.models import CellLifeFigure, KpiValue
from dangbo.planning.selectors import dashboard_for, unit_dashboard

from ..conftest import World
from .test_cell_life import a_year_of_meetings, give_task

pytestmark = pytest.mark.django_db


def shown(world: World, year: int) -> dict[str, tuple[int, int]]:
    [root] = dashboard_for(scope_for(world.bloc_officer), year=year).roots
    return {f.metric: (f.numerator, f.denominator) for f in root.cell_life()}


def this_year(world: World) -> int:
    today = timezone.localdate()
    ended = tuple(q for q in (1, 2, 3, 4) if quarter_span(today.year, q)[1] < today)
    a_year_of_meetings(world, today.year, quarters=ended or (1,))
    give_task(world.m2, today.year)
    return today.year


def test_stored_figures_equal_the_counted_ones_and_are_read_with_their_time(world: World) -> None:
    year = this_year(world)
    counted = shown(world, year)
    assert counted == {m: cell_life.counts(world.bloc.path, year)[m] for m in counted}
    assert refresh_cell_life(year=year, organization=world.bloc) == 1  # the bloc: the one upper organization
    assert CellLifeFigure.objects.filter(year=year, organization=world.bloc).count() == 3
    assert not KpiValue.objects.exists()  # the year's other figures are untouched
    board = dashboard_for(scope_for(world.bloc_officer), year=year)
    assert (
        board.cell_life_as_of
        == CellLifeFigure.objects.get(organization=world.bloc, metric=Metric.CELLS_THEMATIC).computed_at
    )
    assert shown(world, year) == counted
    assert unit_dashboard(world.bloc, year=year, live=True).cell_life_as_of == board.cell_life_as_of
    # A grassroots organization is counted on the spot (small subtree), not stored.
    assert unit_dashboard(world.org_a, year=year, live=True).cell_life_as_of is None


def test_reading_the_stored_figures_costs_one_query_instead_of_the_counts(world: World) -> None:
    year = this_year(world)
    with CaptureQueriesContext(connection) as counted:
        shown(world, year)
    refresh_cell_life(year=year, organization=world.bloc)
    with CaptureQueriesContext(connection) as stored:
        shown(world, year)
    assert len(stored) < len(counted)
    assert not any("meetings_cellquarter" in q["sql"] for q in stored.captured_queries)


def test_a_change_refreshes_the_stored_figures_once_committed(world: World, django_capture_on_commit_callbacks) -> None:
    year = this_year(world)
    out = io.StringIO()
    call_command("recompute_kpis", "--cell-life", stdout=out)
    assert "số liệu sinh hoạt chi bộ của 1 tổ chức đảng cấp trên" in out.getvalue()
    before = shown(world, year)[Metric.MEMBERS_WITH_TASK]
    with django_capture_on_commit_callbacks(execute=True):
        give_task(world.m3, year)
    assert shown(world, year)[Metric.MEMBERS_WITH_TASK] == (before[0] + 1, before[1])
    assert shown(world, year) == {m: cell_life.counts(world.bloc.path, year)[m] for m in shown(world, year)}
    with django_capture_on_commit_callbacks(execute=True):
        recompute(year=year, quarter=1, root=world.bloc)
    assert shown(world, year) == {m: cell_life.counts(world.bloc.path, year)[m] for m in shown(world, year)}


def test_past_years_never_read_the_stored_figures(world: World) -> None:
    year = timezone.localdate().year - 1
    a_year_of_meetings(world, year)
    refresh_cell_life(year=year, organization=world.bloc, today=dt.date(year + 1, 1, 5))
    assert dashboard_for(scope_for(world.bloc_officer), year=year).cell_life_as_of is None
