"""Reads of the yearly tasks, always limited to a scope, and the one definition of an "active member".

An active member on a day (the plan's "every active member has a task", Kế hoạch 20-KH/ĐUK item 8) is one on a
cell's rolls that day (`CellMembership`) whose status that day (`MemberStatusPeriod`) is probationary or full
(`ACTIVE_STATUSES`): not exempt, not temporarily transferred out, not abroad, not left. Both come from the dated
history, so a past year is answered as it stood. A year is judged on its reference day: 31/12 for a past year,
today for the current one (`reference_day`). The dashboard's share of active members with a task reads
`active_members_with_task` (one query) and its drill-down `task_coverage_by_cell` (one query).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .enums import ACTIVE_STATUSES, TaskResult
from .models import TaskAssignment


def covering(day: dt.date, prefix: str = "") -> Q:
    """Dated history rows in force on `day` (they end exclusive)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def reference_day(year: int, *, today: dt.date | None = None) -> dt.date:
    """The day a year's active members are counted on: 31/12 of a past year, today for the current (or a coming)
    year."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


def _active_status(day: dt.date) -> Exists:
    periods = MemberStatusPeriod.objects.filter(
        covering(day), member_id=OuterRef("member_id"), status__in=ACTIVE_STATUSES
    )
    return Exists(periods)


def active_memberships_on(day: dt.date, path: str) -> QuerySet[CellMembership]:
    """The cell memberships in force on `day` in the cells under `path` of members active that day."""
    cells = Organization.objects.filter(path__startswith=path).values("id")
    return (
        CellMembership.objects.filter(covering(day), organization_id__in=cells).filter(_active_status(day)).order_by()
    )


def active_members_on(day: dt.date, path: str) -> QuerySet[Member]:
    return Member.objects.filter(pk__in=active_memberships_on(day, path).values("member_id"))


def active_members_of_cell(cell: Organization, day: dt.date) -> list[Member]:
    """The members a cell may give a task to on `day`, in Vietnamese order (the assign form's check boxes)."""
    ids = active_memberships_on(day, cell.path).filter(organization_id=cell.pk).values("member_id")
    return list(Member.objects.filter(pk__in=ids).order_by("sort_key", "pk"))


@dataclass(frozen=True)
class Standing:
    """A member's status and cell on one day, from the dated history (None when the history does not cover it)."""

    status: str | None
    cell_id: int | None


def standing_on(day: dt.date, member_ids: Iterable[int]) -> dict[int, Standing]:
    """The status and cell of each member on `day` (two queries)."""
    ids = list(member_ids)
    status = dict(
        MemberStatusPeriod.objects.filter(covering(day), member_id__in=ids)
        .order_by("member_id", "start", "id")
        .values_list("member_id", "status")
    )
    cells = dict(
        CellMembership.objects.filter(covering(day), member_id__in=ids)
        .order_by("member_id", "start", "id")
        .values_list("member_id", "organization_id")
    )
    return {pk: Standing(status.get(pk), cells.get(pk)) for pk in ids}


def _has_task(year: int) -> Exists:
    return Exists(TaskAssignment.objects.filter(year=year, member_id=OuterRef("member_id")))


@dataclass(frozen=True)
class TaskCoverage:
    """Active members of a unit on the year's reference day, and how many of them have a task in the year."""

    year: int
    day: dt.date
    active: int
    with_task: int

    @property
    def without_task(self) -> int:
        return self.active - self.with_task

    @property
    def percent(self) -> int:
        return self.with_task * 100 // self.active if self.active else 100


def active_members_with_task(year: int, path: str, *, today: dt.date | None = None) -> TaskCoverage:
    """The share of active members under `path` with a task given for `year` (any cell's task counts: a member
    who moved keeps the task the former cell gave). One query."""
    day = reference_day(year, today=today)
    counts = (
        active_memberships_on(day, path)
        .alias(has_task=_has_task(year))
        .aggregate(active=Count("member_id", distinct=True), with_task=Count("member_id", distinct=True,
                                                                              filter=Q(has_task=True)))
    )  # fmt: skip
    return TaskCoverage(year, day, counts["active"], counts["with_task"])


def task_coverage_by_cell(year: int, path: str, *, today: dt.date | None = None) -> dict[int, TaskCoverage]:
    """The same counts per cell under `path` (cell id → coverage), for a drill-down. One query."""
    day = reference_day(year, today=today)
    rows = (
        active_memberships_on(day, path)
        .alias(has_task=_has_task(year))
        .values("organization_id")
        .annotate(active=Count("member_id", distinct=True), with_task=Count("member_id", distinct=True,
                                                                             filter=Q(has_task=True)))
    )  # fmt: skip
    return {r["organization_id"]: TaskCoverage(year, day, r["active"], r["with_task"]) for r in rows}


def members_without_task(year: int, path: str, *, today: dt.date | None = None) -> QuerySet[Member]:
    """Active members under `path` on the year's reference day without any task for `year`."""
    day = reference_day(year, today=today)
    ids = active_memberships_on(day, path).filter(~_has_task(year)).values("member_id")
    return Member.objects.filter(pk__in=ids)


def tasks_for(scope: Scope, *, right: str = Right.VIEW_CELL_LIFE, own: bool = True) -> QuerySet[TaskAssignment]:
    """Tasks given by cells in the subtrees where the user holds `right`, and (with `own`) the user's own tasks."""
    q = scope.path_q(right)
    if own and scope.member_id is not None:
        q |= Q(member_id=scope.member_id)
    return TaskAssignment.objects.filter(q)


def own_tasks(member_id: int, *, year: int | None = None) -> QuerySet[TaskAssignment]:
    qs = TaskAssignment.objects.filter(member_id=member_id).select_related("organization")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "deadline", "id")


def task_years(qs: QuerySet[TaskAssignment]) -> list[int]:
    return sorted(set(qs.order_by().values_list("year", flat=True)), reverse=True)


@dataclass(frozen=True)
class MemberRow:
    """A line of the task list: a member and their tasks of the year (given under the list's unit)."""

    member: Member
    active: bool  # an active member on the reference day (expected to have a task)
    tasks: list[TaskAssignment]


def member_rows(year: int, path: str, *, day: dt.date, without_task: bool = False) -> QuerySet[Member]:
    """The members of the task list, in Vietnamese order by cell: the active members under `path` on `day`, and
    anyone given a task of `year` by a cell under `path` (a member who left since keeps their line). With
    `without_task`, only the active members without any task of the year. Annotated `is_active`."""
    active = active_memberships_on(day, path)
    if without_task:
        ids = active.filter(~_has_task(year)).values("member_id")
        q = Q(pk__in=ids)
    else:
        tasked = TaskAssignment.objects.filter(year=year, path__startswith=path).values("member_id")
        q = Q(pk__in=active.values("member_id")) | Q(pk__in=tasked)
    return (
        Member.objects.filter(q)
        .annotate(is_active=Exists(active.filter(member_id=OuterRef("pk"))))
        .select_related("organization__parent")
        .order_by("organization__sort_key", "sort_key", "pk")
    )


def rows_with_tasks(members: Iterable[Member], *, year: int, path: str) -> list[MemberRow]:
    """The page's members with their tasks of the year under `path` (one query for all of them)."""
    members = list(members)
    by_member: dict[int, list[TaskAssignment]] = defaultdict(list)
    tasks = TaskAssignment.objects.filter(year=year, path__startswith=path, member_id__in=[m.pk for m in members])
    for task in tasks.order_by("deadline", "id"):
        by_member[task.member_id].append(task)
    return [MemberRow(m, bool(getattr(m, "is_active", True)), by_member.get(m.pk, [])) for m in members]


def scope_tasks(scope: Scope, *, year: int, path: str) -> QuerySet[TaskAssignment]:
    """Every task of `year` given under `path` within the scope (the export), in list order."""
    return (
        tasks_for(scope, own=False)
        .filter(year=year, path__startswith=path)
        .select_related("member", "organization__parent")
        .order_by("organization__sort_key", "member__sort_key", "deadline", "id")
    )


@dataclass(frozen=True)
class TaskTally:
    """A member's tasks of a year by year-end result: what the rating reads (`on_time` includes `exceeded`)."""

    assigned: int = 0
    on_time: int = 0
    exceeded: int = 0
    late: int = 0
    not_done: int = 0

    @property
    def pending(self) -> int:
        """Tasks without a year-end result yet."""
        return self.assigned - self.on_time - self.late - self.not_done


def task_tallies(year: int, member_ids: Iterable[int]) -> dict[int, TaskTally]:
    """Each member's tasks of `year` counted by result (members without a task are absent). One query."""
    on_time = [TaskResult.EXCEEDED, TaskResult.ON_TIME]
    rows = (
        TaskAssignment.objects.filter(year=year, member_id__in=list(member_ids))
        .values("member_id")
        .annotate(
            assigned=Count("id"),
            on_time=Count("id", filter=Q(result__in=on_time)),
            exceeded=Count("id", filter=Q(result=TaskResult.EXCEEDED)),
            late=Count("id", filter=Q(result=TaskResult.LATE)),
            not_done=Count("id", filter=Q(result=TaskResult.NOT_DONE)),
        )
        .order_by()
    )
    return {
        r["member_id"]: TaskTally(r["assigned"], r["on_time"], r["exceeded"], r["late"], r["not_done"]) for r in rows
    }


@dataclass(frozen=True)
class MyTasks:
    """The member's home card: this year's tasks (the first few) and how many there are."""

    year: int
    tasks: list[TaskAssignment]
    total: int
    done: int  # with a year-end result


HOME_TASKS_SHOWN = 3


def my_tasks_card(member_id: int, *, today: dt.date) -> MyTasks:
    """This year's tasks of the member, the nearest deadlines first (two queries)."""
    qs = TaskAssignment.objects.filter(member_id=member_id, year=today.year)
    counts = qs.aggregate(total=Count("id"), done=Count("id", filter=~Q(result="")))
    return MyTasks(today.year, list(qs.order_by("deadline", "id")[:HOME_TASKS_SHOWN]), counts["total"], counts["done"])


@dataclass(frozen=True)
class HomeTasks:
    """The tasks card of the home page: a member's own tasks, or an officer's unit's share of members with one."""

    kind: str  # "member" or "unit"
    mine: MyTasks | None = None
    coverage: TaskCoverage | None = None


def home_task_card(scope: Scope, *, unit: Organization | None, today: dt.date) -> HomeTasks | None:
    """The card for the home page: over a unit where the user may view cell life, its share of active members with
    a task this year (one query); else the user's own tasks this year when they are a member (two queries)."""
    if unit is not None and scope.covers_path(Right.VIEW_CELL_LIFE, unit.path):
        return HomeTasks("unit", coverage=active_members_with_task(today.year, unit.path, today=today))
    if unit is None and scope.member_id is not None:
        return HomeTasks("member", mine=my_tasks_card(scope.member_id, today=today))
    return None
