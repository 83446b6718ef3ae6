"""The dashboard's cell-life measures (decision 0025): cells with a thematic meeting every quarter, average
attendance beside the rule's 85% (not a plan target), active members with a task; stored by the KPI recompute,
live in the current year, graded against the plan, and the drill-down to the cells."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.scope import scope_for
from dangbo.assignments.models import TaskAssignment
from dangbo.meetings.compliance import quarter_span, recompute
from dangbo.meetings.enums import MeetingKind
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.planning import cell_life
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiValue
from dangbo.planning.selectors import dashboard_for, unit_dashboard

from ..conftest import World
from ..meetings.test_compliance_rows import full_quarter, held

pytestmark = pytest.mark.django_db
PAST = 2025


def give_task(member: Member, year: int) -> TaskAssignment:
    cell = member.organization
    return TaskAssignment.objects.create(
        member=member, organization=cell, path=cell.path, year=year, title="Phụ trách công tác đoàn thể",
        kind="mass_organization", assigned_on=dt.date(year, 1, 15), deadline=dt.date(year, 12, 15),
    )  # fmt: skip


def a_year_of_meetings(world: World, year: int, *, quarters: tuple[int, ...] = (1, 2, 3, 4)) -> None:
    """A1 and B1 hold every meeting; A2 every monthly meeting but no thematic one in quarter 2."""
    for quarter in quarters:
        full_quarter(world.cell_a1, quarter=quarter, year=year, present=9, expected=10)
        full_quarter(world.cell_b1, quarter=quarter, year=year, present=7, expected=10)
        first = 3 * (quarter - 1) + 1
        kind = MeetingKind.REGULAR if quarter == 2 else MeetingKind.COMBINED
        held(world.cell_a2, dt.date(year, first, 10), kind, present=10, expected=10)
        held(world.cell_a2, dt.date(year, first + 1, 10), present=10, expected=10)
        held(world.cell_a2, dt.date(year, first + 2, 10), present=10, expected=10)
    recompute(year=year, quarter=None, root=world.bloc)


def test_counts_of_a_past_year(world: World) -> None:
    a_year_of_meetings(world, PAST)
    give_task(world.m1, PAST)
    give_task(world.m3, PAST)
    counts = cell_life.counts(world.bloc.path, PAST)
    assert counts[Metric.CELLS_THEMATIC] == (2, 3)  # A2 missed quarter 2
    assert counts[Metric.MEETING_ATTENDANCE] == (9 * 12 + 7 * 12 + 10 * 12, 360)
    assert counts[Metric.MEMBERS_WITH_TASK] == (2, 3)  # m2 has none
    assert cell_life.counts(world.org_b.path, PAST)[Metric.CELLS_THEMATIC] == (1, 1)


def test_no_task_recorded_in_the_year_is_no_data(world: World) -> None:
    a_year_of_meetings(world, PAST, quarters=(1,))
    assert cell_life.counts(world.bloc.path, PAST)[Metric.MEMBERS_WITH_TASK] == (0, 0)


def test_only_ended_quarters_are_judged(world: World) -> None:
    a_year_of_meetings(world, PAST, quarters=(1, 2))
    assert cell_life.counts(world.bloc.path, PAST, today=dt.date(PAST, 3, 31))[Metric.CELLS_THEMATIC] == (0, 0)
    assert cell_life.counts(world.bloc.path, PAST, today=dt.date(PAST, 4, 1))[Metric.CELLS_THEMATIC] == (3, 3)
    assert cell_life.counts(world.bloc.path, PAST, today=dt.date(PAST, 7, 1))[Metric.CELLS_THEMATIC] == (2, 3)


def test_a_cell_dissolved_within_a_quarter_is_not_judged_on_it(world: World) -> None:
    a_year_of_meetings(world, PAST, quarters=(1, 2))
    Organization.objects.filter(pk=world.cell_a2.pk).update(dissolved_on=dt.date(PAST, 5, 20))
    recompute(year=PAST, quarter=None, root=world.bloc)
    # A2 owed quarter 1 (met) and nothing of quarter 2's thematic meeting (gone before its end).
    assert cell_life.counts(world.bloc.path, PAST, today=dt.date(PAST, 7, 1))[Metric.CELLS_THEMATIC] == (3, 3)


def test_recompute_stores_the_measures_graded_against_the_plan(world: World) -> None:
    a_year_of_meetings(world, PAST)
    give_task(world.m1, PAST)
    recompute_year(year=PAST, organization=world.bloc)
    stored = {(r.organization_id, r.metric): (r.numerator, r.denominator, r.below_target)
              for r in KpiValue.objects.filter(year=PAST)}  # fmt: skip
    assert stored[(world.bloc.pk, Metric.CELLS_THEMATIC)] == (2, 3, True)
    assert stored[(world.org_a.pk, Metric.CELLS_THEMATIC)] == (1, 2, True)  # 50% < 100%
    assert stored[(world.org_b.pk, Metric.CELLS_THEMATIC)] == (1, 1, False)
    assert stored[(world.org_a.pk, Metric.MEMBERS_WITH_TASK)] == (1, 2, True)
    assert stored[(world.org_b.pk, Metric.MEMBERS_WITH_TASK)] == (0, 1, True)
    assert stored[(world.org_b.pk, Metric.MEETING_ATTENDANCE)] == (84, 120, False)  # a rule, never "below target"
    board = dashboard_for(scope_for(world.bloc_officer), year=PAST)
    reasons = {(b.organization_id, b.figure.metric): b.figure.reason() for b in board.below}
    assert reasons[(world.org_a.pk, Metric.CELLS_THEMATIC)] == (
        "Chi bộ sinh hoạt chuyên đề đủ các quý 50,0% < 100% (Kế hoạch 20-KH/ĐUK)"
    )
    [root] = board.roots
    thematic, attendance, tasks = root.cell_life()
    assert (thematic.value_text, thematic.status) == ("66,7%", TargetStatus.MISSED)
    assert (attendance.target, attendance.rule.percent, attendance.target_text) == (None, 85, "≥ 85%")
    assert attendance.status == TargetStatus.MET  # 312/360 = 86.7%
    assert attendance.grade_text == "Đạt tiêu chí: 86,7% ≥ 85%"
    assert "không phải chỉ tiêu của kế hoạch" in attendance.source
    assert (tasks.numerator, tasks.denominator, tasks.status) == (1, 3, TargetStatus.MISSED)


def test_the_current_year_is_counted_live(world: World) -> None:
    today = timezone.localdate()
    year = today.year
    ended = tuple(q for q in (1, 2, 3, 4) if quarter_span(year, q)[1] < today)
    a_year_of_meetings(world, year, quarters=ended or (1,))
    give_task(world.m2, year)
    [root] = dashboard_for(scope_for(world.bloc_officer), year=year).roots
    figures = {f.metric: (f.numerator, f.denominator) for f in root.cell_life()}
    assert figures[Metric.CELLS_THEMATIC] == ((2, 3) if 2 in ended else (3, 3) if ended else (0, 0))
    assert figures[Metric.MEMBERS_WITH_TASK] == (1, 3)
    assert not KpiValue.objects.exists()  # nothing stored: read from the compliance rows and the tasks
    unit = unit_dashboard(world.org_a, year=year, live=True)
    assert unit.figures.figures[Metric.MEMBERS_WITH_TASK].numerator == 1
    assert unit_dashboard(world.org_a, year=year).figures.figures[Metric.CELLS_THEMATIC].denominator == 0  # stored


def test_dashboard_page_shows_the_measures_with_their_drill_down(world: World, as_bloc_officer: Client) -> None:
    a_year_of_meetings(world, PAST)
    give_task(world.m1, PAST)
    recompute_year(year=PAST, organization=world.bloc)
    html = as_bloc_officer.get(reverse("planning:dashboard"), {"nam": PAST}).content.decode()
    assert "Sinh hoạt chi bộ và phân công nhiệm vụ" in html
    assert "Chi bộ sinh hoạt chuyên đề đủ các quý" in html and "Tiêu chí" in html
    assert f"{reverse('meetings:compliance')}?to_chuc={world.bloc.pk}&amp;nam={PAST}" in html
    assert f"{reverse('assignments:list')}?to_chuc={world.bloc.pk}&amp;nam={PAST}&amp;chua_giao=1" in html


def test_unit_page_drills_down_to_the_cells(world: World, as_officer: Client) -> None:
    a_year_of_meetings(world, PAST)
    give_task(world.m1, PAST)
    html = as_officer.get(reverse("planning:unit", args=[world.org_a.pk]), {"nam": PAST}).content.decode()
    assert "Sinh hoạt chi bộ và phân công nhiệm vụ theo chi bộ" in html
    assert world.cell_a1.name in html and world.cell_a2.name in html and world.cell_b1.name not in html
    assert "4/4 quý" in html and "3/4 quý" in html
    assert f"{reverse('assignments:list')}?to_chuc={world.cell_a1.pk}&amp;nam={PAST}&amp;chua_giao=1" in html
    rows = {c.organization.pk: c for c in cell_life.cell_rows(PAST, world.org_a.path)}
    assert (rows[world.cell_a1.pk].with_task, rows[world.cell_a1.pk].active) == (1, 2)
    assert rows[world.cell_a2.pk].every_quarter is False and rows[world.cell_a1.pk].every_quarter is True
