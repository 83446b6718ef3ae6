"""The dashboard's cell-life figures (decision 0025), counted from the quarterly compliance rows
(`meetings.CellQuarter`, never meetings) and the yearly tasks (`assignments.selectors`, the one definition of an
active member), for a subtree and a year, in SQL:

- cells with a thematic meeting every quarter: a cell counts over the quarters of the year that have ended (by
  today) in which the thematic meeting was due (it owed at least one month and still existed at the quarter's
  end, as `meetings.compliance.judge` decides); it meets the plan when every such quarter had the rule set's
  `thematic_per_quarter`. A year with no ended quarter has no figure yet;
- average attendance: attendances over expected attendances at the year's monthly and thematic meetings, with the
  rule set's `attendance.good_pct` (Hướng dẫn 12's 85%) shown beside it as a rule, not a plan target;
- active members with a task: probationary and full members on a cell's rolls on the year's reference day (31/12,
  or today in the current year) with at least one task given for the year. A subtree that recorded no task in the
  year has no figure (the year before tasks were recorded is not "0%").

`counts` feeds the headline cards of the current year (live, like an open round's figures) and `kpi._Builder`
the stored rows of every year; `cell_rows` is the drill-down of a grassroots organization to its cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from dangbo.assignments.models import TaskAssignment
from dangbo.assignments.selectors import active_members_with_task, task_coverage_by_cell
from dangbo.core.text import percent_of, percent_text
from dangbo.meetings.compliance import CELL_KINDS, quarter_of, quarter_span, rules_for_quarter
from dangbo.meetings.models import CellQuarter
from dangbo.organizations.models import Organization

from .enums import Metric
from .figures import RuleThreshold

RULE_NOT_TARGET = "tiêu chí của quy định, không phải chỉ tiêu của kế hoạch"

Counts = dict[str, tuple[int, int]]


def _ended_quarters(year: int, today: dt.date) -> list[int]:
    return [q for q in (1, 2, 3, 4) if quarter_span(year, q)[1] < today]


def thematic_conditions(year: int, today: dt.date) -> tuple[Q, Q]:
    """(a row's quarter is judged for the thematic meeting, and it had enough), per ended quarter. A cell
    dissolved by the quarter's end is left out with a small subquery (few cells are), not a join of the tree."""
    judged: list[Q] = []
    met: list[Q] = []
    for quarter in _ended_quarters(year, today):
        rules = rules_for_quarter(year, quarter)
        if rules is None:
            continue
        last = quarter_span(year, quarter)[1]
        gone = Organization.objects.filter(dissolved_on__isnull=False, dissolved_on__lte=last).values("id")
        due = Q(quarter=quarter, months_due__gte=1) & ~Q(organization_id__in=gone)
        judged.append(due)
        met.append(due & Q(thematic_held__gte=rules.thematic_per_quarter))
    nothing = Q(pk__in=[])
    return reduce(or_, judged, nothing), reduce(or_, met, nothing)


def rows_of(year: int, path: str) -> QuerySet[CellQuarter]:
    return CellQuarter.objects.filter(year=year, path__startswith=path).order_by()


def thematic_by_cell(year: int, path: str, today: dt.date) -> QuerySet[CellQuarter, dict[str, Any]]:
    """Per cell with a judged quarter: `judged` quarters and `met` quarters (one grouped query)."""
    judged, met = thematic_conditions(year, today)
    return (
        rows_of(year, path)
        .values("organization_id")
        .annotate(judged=Count("id", filter=judged), met=Count("id", filter=met))
        .filter(judged__gt=0)
    )


def attendance_by_cell(year: int, path: str) -> QuerySet[CellQuarter, dict[str, Any]]:
    return (
        rows_of(year, path)
        .values("organization_id")
        .annotate(present_sum=Sum("present"), expected_sum=Sum("expected"))
        .filter(expected_sum__gt=0)
    )


def tasks_recorded(year: int, path: str) -> bool:
    return TaskAssignment.objects.filter(year=year, path__startswith=path).exists()


def counts(path: str, year: int, *, today: dt.date | None = None) -> Counts:
    """The three figures under `path` for `year` (three queries; no figure where there is no data)."""
    today = today or timezone.localdate()
    judged, met = thematic_conditions(year, today)
    # One pass over the year's rows, no grouping: the cells judged, and those with a judged quarter missed.
    row = rows_of(year, path).aggregate(
        cells=Count("organization_id", distinct=True, filter=judged),
        missed=Count("organization_id", distinct=True, filter=judged & ~met),
        present_sum=Sum("present"),
        expected_sum=Sum("expected"),
    )
    out: Counts = {
        Metric.CELLS_THEMATIC: (row["cells"] - row["missed"], row["cells"]),
        Metric.MEETING_ATTENDANCE: (row["present_sum"] or 0, row["expected_sum"] or 0),
        Metric.MEMBERS_WITH_TASK: (0, 0),
    }
    if tasks_recorded(year, path):
        coverage = active_members_with_task(year, path, today=today)
        out[Metric.MEMBERS_WITH_TASK] = (coverage.with_task, coverage.active)
    return out


def attendance_rule(year: int, *, today: dt.date | None = None) -> RuleThreshold | None:
    """The attendance criterion of the rule set in force at the end of `year` (or now, in the current year)."""
    today = today or timezone.localdate()
    quarter = quarter_of(today)[1] if year == today.year else 4
    rules = rules_for_quarter(year, quarter)
    if rules is None:
        return None
    return RuleThreshold(rules.good_pct, rules.attendance_source.cite(RULE_NOT_TARGET))


@dataclass(frozen=True)
class CellLife:
    """One cell's line of the drill-down."""

    organization: Organization
    thematic_met: int
    thematic_judged: int
    present: int
    expected: int
    with_task: int
    active: int

    @property
    def every_quarter(self) -> bool | None:
        return self.thematic_met == self.thematic_judged if self.thematic_judged else None

    @property
    def attendance_text(self) -> str:
        return percent_text(percent_of(self.present, self.expected))

    @property
    def without_task(self) -> int:
        return self.active - self.with_task


def cell_rows(year: int, path: str, *, today: dt.date | None = None) -> list[CellLife]:
    """The cells under `path` (those existing in the year) with their three figures (four queries)."""
    today = today or timezone.localdate()
    thematic = {r["organization_id"]: (r["met"], r["judged"]) for r in thematic_by_cell(year, path, today)}
    attendance = {r["organization_id"]: (r["present_sum"], r["expected_sum"]) for r in attendance_by_cell(year, path)}
    tasks = task_coverage_by_cell(year, path, today=today)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = (
        Organization.objects.filter(path__startswith=path, kind__in=CELL_KINDS, founded_on__lte=last)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .select_related("parent")
        .order_by("sort_key", "pk")
    )
    out = []
    for cell in cells:
        met, judged = thematic.get(cell.pk, (0, 0))
        present, expected = attendance.get(cell.pk, (0, 0))
        coverage = tasks.get(cell.pk)
        with_task, active = (coverage.with_task, coverage.active) if coverage else (0, 0)
        out.append(CellLife(cell, met, judged, present, expected, with_task, active))
    return out
