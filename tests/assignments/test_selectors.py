"""Who is an active member on a day, how many of them have a task, and each member's tasks by result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.assignments import selectors, services
from dangbo.assignments.enums import TaskResult
from dangbo.members.enums import MemberStatus
from dangbo.members.services import change_status, move_to_cell
from tests.factories import make_member

from .conftest import TODAY, give

pytestmark = pytest.mark.django_db


def test_active_members_leave_out_exempt_transferred_and_departed(world):
    exempt = make_member(organization=world.cell_a1)
    away = make_member(organization=world.cell_a2)
    gone = make_member(organization=world.cell_a2)
    change_status(actor=None, member=exempt, status=MemberStatus.EXEMPT, on=dt.date(2026, 1, 5))
    change_status(actor=None, member=away, status=MemberStatus.TEMP_TRANSFERRED_OUT, on=dt.date(2026, 1, 5))
    change_status(actor=None, member=gone, status=MemberStatus.DECEASED, on=dt.date(2026, 1, 5))
    day = dt.date(2026, 6, 1)
    assert set(selectors.active_members_on(day, world.org_a.path)) == {world.m1, world.m2}
    # On a day before the changes, all five were active (the dated history answers).
    assert selectors.active_members_on(dt.date(2025, 12, 31), world.org_a.path).count() == 5


def test_share_of_active_members_with_a_task(world):
    give(world, world.m1)
    coverage = selectors.active_members_with_task(2026, world.org_a.path, today=TODAY)
    assert (coverage.active, coverage.with_task, coverage.without_task, coverage.percent) == (2, 1, 1, 50)
    assert coverage.day == TODAY
    bloc = selectors.active_members_with_task(2026, world.bloc.path, today=TODAY)
    assert (bloc.active, bloc.with_task) == (3, 1)
    assert list(selectors.members_without_task(2026, world.org_a.path, today=TODAY)) == [world.m2]
    by_cell = selectors.task_coverage_by_cell(2026, world.bloc.path, today=TODAY)
    assert (by_cell[world.cell_a1.pk].active, by_cell[world.cell_a1.pk].with_task) == (2, 1)
    assert (by_cell[world.cell_b1.pk].active, by_cell[world.cell_b1.pk].with_task) == (1, 0)
    assert world.cell_a2.pk not in by_cell  # no active member there


def test_a_past_year_is_counted_on_31_december(world):
    give(world, world.m1, today=dt.date(2025, 6, 1))
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=dt.date(2026, 2, 1))
    past = selectors.active_members_with_task(2025, world.org_a.path, today=TODAY)
    assert (past.day, past.active, past.with_task) == (dt.date(2025, 12, 31), 2, 1)
    now = selectors.active_members_with_task(2026, world.org_a.path, today=TODAY)
    assert (now.active, now.with_task) == (1, 0)


def test_a_task_from_the_former_cell_counts_after_a_move(world):
    give(world, world.m2)
    move_to_cell(actor=None, member=world.m2, organization=world.cell_a2, on=dt.date(2026, 5, 1))
    assert selectors.task_coverage_by_cell(2026, world.org_a.path, today=TODAY)[world.cell_a2.pk].with_task == 1


def test_no_active_member_is_a_full_share(world):
    coverage = selectors.active_members_with_task(2026, world.cell_a2.path, today=TODAY)
    assert (coverage.active, coverage.percent) == (0, 100)


def test_coverage_costs_one_query_whatever_the_size(world):
    with CaptureQueriesContext(connection) as few:
        selectors.active_members_with_task(2026, world.bloc.path, today=TODAY)
    for _ in range(5):
        make_member(organization=world.cell_a2)
    with CaptureQueriesContext(connection) as more:
        selectors.active_members_with_task(2026, world.bloc.path, today=TODAY)
    assert len(few) == len(more) == 1


def test_task_tallies_count_each_result(world):
    tasks = give(world, world.m1) + give(world, world.m1) + give(world, world.m1) + give(world, world.m1)
    today = dt.date(2026, 12, 5)
    for task, result, done in zip(
        tasks,
        [TaskResult.EXCEEDED, TaskResult.ON_TIME, TaskResult.LATE, ""],
        [dt.date(2026, 11, 1), dt.date(2026, 11, 2), dt.date(2026, 12, 1), None],
        strict=True,
    ):
        if result:
            services.record_result(actor=None, task=task, expected_version=1, result=result, completed_on=done,
                                   today=today)  # fmt: skip
    tally = selectors.task_tallies(2026, [world.m1.pk, world.m2.pk])
    assert world.m2.pk not in tally
    t = tally[world.m1.pk]
    assert (t.assigned, t.on_time, t.exceeded, t.late, t.not_done, t.pending) == (4, 2, 1, 1, 0, 1)


def test_member_rows_keep_a_member_who_left_with_their_task(world):
    give(world, world.m2)
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=dt.date(2026, 5, 1))
    rows = list(selectors.member_rows(2026, world.org_a.path, day=TODAY))
    assert [(m.pk, m.is_active) for m in rows] == [(world.m1.pk, True), (world.m2.pk, False)]  # by given name
    without = list(selectors.member_rows(2026, world.org_a.path, day=TODAY, without_task=True))
    assert without == [world.m1]
