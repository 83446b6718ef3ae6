"""Reads of plans and their tasks, scoped: who is responsible for what, which tasks a user sees, each task's
state on a day (overdue occurrences, the next deadline, the latest progress) and the lists of overdue tasks.

Who sees a plan's tasks (decision 0042): the committee (any board officer or plan manager at or above the plan's
issuer) sees them all; an officer of a unit (a grassroots committee: `report_progress` without a board) sees the
tasks of its unit and of the units below it, the tasks given to every grassroots organization, and those it
co-ordinates. Plans themselves are public party documents: every user with `view_orgs` sees the list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from dangbo.accounts.enums import RIGHTS, Right
from dangbo.accounts.models import Role
from dangbo.accounts.scope import Scope
from dangbo.library.models import PartyDocument
from dangbo.library.selectors import documents_for
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .models import Plan, PlanTask, TaskProgress
from .plan_deadlines import Occurrence, is_due_soon, is_overdue, occurrences
from .plan_enums import BOARD_OF_ROLE, CLOSED_STATES, REPORTED_BY_MANAGERS, OwnerKind, Stage, TaskState

GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


@dataclass(frozen=True)
class Responsibility:
    """What the user answers for: the boards they serve (with the organizations of those roles), the units they
    report for, where they sit on the committee (any board role) and where they manage plans."""

    boards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    units: tuple[Organization, ...] = ()
    committee_paths: tuple[str, ...] = ()
    manage_paths: tuple[str, ...] = ()

    def unit_ids(self) -> set[int]:
        return {u.pk for u in self.units}


def responsibility_for(user: Any, *, on: dt.date | None = None) -> Responsibility:
    """One query over the user's roles in force on `on`."""
    if not getattr(user, "is_authenticated", False):
        return Responsibility()
    return responsibility_of(user.pk, on=on)


def responsibility_of(user_id: int | None, *, on: dt.date | None = None) -> Responsibility:
    if user_id is None:
        return Responsibility()
    day = on or timezone.localdate()
    roles = (
        Role.objects.filter(user_id=user_id)
        .filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))
        .select_related("organization")
        .order_by("organization__path", "kind")
    )
    boards: dict[str, list[str]] = defaultdict(list)
    units: list[Organization] = []
    committee: list[str] = []
    manage: list[str] = []
    for role in roles:
        rights, path = RIGHTS[role.kind], role.organization.path
        board = BOARD_OF_ROLE.get(role.kind)
        if board is not None:
            committee.append(path)
            if Right.REPORT_PROGRESS in rights:
                boards[board].append(path)
        elif Right.REPORT_PROGRESS in rights and role.organization not in units:
            units.append(role.organization)
        if Right.MANAGE_PLANS in rights:
            manage.append(path)
    return Responsibility(
        boards={b: tuple(p) for b, p in boards.items()}, units=tuple(units), committee_paths=tuple(committee),
        manage_paths=tuple(manage),
    )  # fmt: skip


def _is_root(path: str) -> bool:
    return len(path) == PATH_SEGMENT_WIDTH + 1


def covers_plan(paths: tuple[str, ...], plan: Plan) -> bool:
    """Whether a role at one of `paths` stands at or above the plan's issuer (a plan without an issuing
    organization is the top committee's: a role at a root organization)."""
    if plan.issuer_id is None:
        return any(_is_root(p) for p in paths)
    return any(plan.issuer_path.startswith(p) for p in paths)


def _plans_q(paths: tuple[str, ...], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{prefix}issuer__path__startswith": p})
        if _is_root(p):
            q |= Q(**{f"{prefix}issuer__isnull": True})
    return q


def sees_all_tasks(resp: Responsibility, plan: Plan) -> bool:
    return covers_plan(resp.committee_paths + resp.manage_paths, plan)


def may_manage_plan(resp: Responsibility, plan: Plan) -> bool:
    return covers_plan(resp.manage_paths, plan)


def plans_for(scope: Scope) -> QuerySet[Plan]:
    """The plans (public party documents): every user with `view_orgs`."""
    if not scope.has_right(Right.VIEW_ORGS):
        return Plan.objects.none()
    return Plan.objects.select_related("issuer").order_by("-issued_on", "-id")


def managed_plans(resp: Responsibility) -> QuerySet[Plan]:
    return Plan.objects.filter(_plans_q(resp.manage_paths)).select_related("issuer")


def _grassroots_unit(unit: Organization) -> bool:
    return unit.kind in GRASSROOTS_KINDS and unit.is_active


def tasks_for(scope: Scope, resp: Responsibility) -> QuerySet[PlanTask]:
    """The tasks the user sees (see the module's docstring)."""
    if not scope.has_right(Right.VIEW_ORGS):
        return PlanTask.objects.none()
    q = _plans_q(resp.committee_paths + resp.manage_paths, "plan__")
    for unit in resp.units:
        q |= Q(owner_kind=OwnerKind.UNIT, unit__path__startswith=unit.path)
        coordinated = PlanTask.coordinating_units.through.objects.filter(organization_id=unit.pk)
        q |= Q(pk__in=coordinated.values("plantask_id"))
        if _grassroots_unit(unit):
            above = Q(plan__issuer__path__in=unit.ancestor_paths())
            if _is_root(unit.ancestor_paths()[0]):
                above |= Q(plan__issuer__isnull=True)
            q |= Q(owner_kind=OwnerKind.GRASSROOTS) & above
    return PlanTask.objects.filter(q).select_related("plan__issuer", "unit")


def reporters_for(resp: Responsibility, task: PlanTask) -> list[tuple[str, Organization | None]]:
    """Whom the user may report the task's progress for: its board, its unit, or (a task of every grassroots
    organization) each of the user's grassroots organizations under the plan's issuer. Empty: not theirs."""
    plan = task.plan
    if task.owner_kind == OwnerKind.BOARD:
        paths = resp.manage_paths if task.board in REPORTED_BY_MANAGERS else resp.boards.get(task.board, ())
        return [(task.board, None)] if covers_plan(paths, plan) else []
    if task.owner_kind == OwnerKind.UNIT:
        return [("", u) for u in resp.units if u.pk == task.unit_id]
    return [
        ("", u)
        for u in resp.units
        if _grassroots_unit(u) and u.path.startswith(plan.issuer_path) and u.path != plan.issuer_path
    ]


def progress_shown(resp: Responsibility, task: PlanTask) -> QuerySet[TaskProgress]:
    """The task's reports, newest first: all for the committee, else those of the user's units."""
    qs = task.progress.select_related("organization", "reported_by").order_by("-reported_on", "-id")
    if sees_all_tasks(resp, task.plan):
        return qs
    q = Q(pk__in=[])
    for unit in resp.units:
        q |= Q(organization__path__startswith=unit.path)
    return qs.filter(q)


# ---- state on a day ------------------------------------------------------------------------------


DoneKey = tuple[int, int | None, str, int | None]  # task, year, board, organization


def done_keys(task_ids: list[int]) -> set[DoneKey]:
    """Who reported each task (and year) done: one query."""
    rows = TaskProgress.objects.filter(task_id__in=task_ids, stage=Stage.DONE).values_list(
        "task_id", "year", "board", "organization_id"
    )
    return {(t, y, b or "", o) for t, y, b, o in rows}


def latest_progress(task_ids: list[int]) -> dict[int, TaskProgress]:
    """Each task's latest report (one query)."""
    out: dict[int, TaskProgress] = {}
    for p in TaskProgress.objects.filter(task_id__in=task_ids).select_related("organization").order_by(
        "task_id", "-reported_on", "-id"
    ):  # fmt: skip
        out.setdefault(p.task_id, p)
    return out


@dataclass
class TaskStatus:
    """A task seen from one owner (its board, its unit, or one grassroots organization) on a day."""

    task: PlanTask
    unit: Organization | None = None  # the grassroots organization the status speaks for (a task of each)
    overdue: list[Occurrence] = field(default_factory=list)
    next_due: Occurrence | None = None
    due_soon: bool = False
    done: bool = False
    latest: TaskProgress | None = None
    units_total: int = 0  # a task of every grassroots organization, seen by the committee
    units_done: int = 0

    @property
    def percent(self) -> int:
        if self.task.owner_kind == OwnerKind.GRASSROOTS and self.unit is None:
            return round(100 * self.units_done / self.units_total) if self.units_total else 0
        if self.done or self.task.state == TaskState.DONE:
            return 100
        if self.latest is not None and self.latest.percent is not None:
            return int(self.latest.percent)
        return 0


def _owner_done(task: PlanTask, occ: Occurrence, done: set[DoneKey], board: str, unit_id: int | None) -> bool:
    if task.state == TaskState.DONE and task.owner_kind != OwnerKind.GRASSROOTS and occ.year is None:
        return True
    return (task.pk, occ.year, board, unit_id) in done


def owner_status(
    task: PlanTask, *, today: dt.date, done: set[DoneKey], unit: Organization | None = None,
    latest: TaskProgress | None = None,
) -> TaskStatus:  # fmt: skip
    """The task for its owner (`unit`: the grassroots organization, for a task of each)."""
    board = task.board if task.owner_kind == OwnerKind.BOARD else ""
    unit_id = unit.pk if unit is not None else task.unit_id
    status = TaskStatus(task=task, unit=unit, latest=latest)
    if task.state == TaskState.CANCELLED:
        return status
    occs = occurrences(task, task.plan.years())
    pending = [o for o in occs if not _owner_done(task, o, done, board, unit_id)]
    if occs:
        status.done = task.state == TaskState.DONE or not pending
    else:
        status.done = task.state == TaskState.DONE or (task.pk, None, board, unit_id) in done
    status.overdue = [o for o in pending if is_overdue(o.due, today)]
    status.next_due = next((o for o in pending if not is_overdue(o.due, today)), None)
    status.due_soon = status.next_due is not None and is_due_soon(status.next_due.due, today)
    return status


def grassroots_units(plan: Plan) -> QuerySet[Organization]:
    """The active grassroots organizations under the plan's issuer (the whole tree without an issuer)."""
    qs = Organization.objects.filter(kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True)
    return qs.filter(path__startswith=plan.issuer_path) if plan.issuer_path else qs


def committee_statuses(tasks: list[PlanTask], *, today: dt.date) -> list[TaskStatus]:
    """Each task as the committee sees it: a task of every grassroots organization counts the units that have
    not reported it done for its earliest overdue (else next) deadline. Queries: the reports, the latest
    reports, and one count of grassroots organizations per plan."""
    ids = [t.pk for t in tasks]
    done, latest = done_keys(ids), latest_progress(ids)
    totals: dict[int, int] = {}
    units_by_plan: dict[int, set[int]] = {}
    out = []
    for task in tasks:
        if task.owner_kind != OwnerKind.GRASSROOTS:
            out.append(owner_status(task, today=today, done=done, latest=latest.get(task.pk)))
            continue
        if task.plan_id not in units_by_plan:
            units_by_plan[task.plan_id] = set(grassroots_units(task.plan).values_list("pk", flat=True))
            totals[task.plan_id] = len(units_by_plan[task.plan_id])
        units = units_by_plan[task.plan_id]
        status = TaskStatus(task=task, latest=latest.get(task.pk), units_total=totals[task.plan_id])
        occs = occurrences(task, task.plan.years()) if task.state != TaskState.CANCELLED else []
        for occ in occs:
            reported = {o for (t, y, _b, o) in done if t == task.pk and y == occ.year and o in units}
            late = len(units - reported)
            if late and is_overdue(occ.due, today):
                status.overdue.append(occ)
            elif late and status.next_due is None:
                status.next_due = occ
        ref = status.overdue[0] if status.overdue else status.next_due
        year = ref.year if ref is not None else None
        status.units_done = len({o for (t, y, _b, o) in done if t == task.pk and y == year and o in units})
        status.done = task.state == TaskState.DONE or (bool(units) and status.units_done == len(units))
        status.due_soon = status.next_due is not None and is_due_soon(status.next_due.due, today)
        out.append(status)
    return out


def my_statuses(scope: Scope, resp: Responsibility, *, today: dt.date) -> list[TaskStatus]:
    """The tasks the user answers for, open ones only, each from its owner's side: the boards they serve, their
    units, and each of their grassroots organizations for the tasks of every grassroots organization."""
    tasks = list(tasks_for(scope, resp).exclude(state__in=CLOSED_STATES).order_by("plan__issued_on", "sort_key"))
    ids = [t.pk for t in tasks]
    done, latest = done_keys(ids), latest_progress(ids)
    out = []
    for task in tasks:
        for _board, unit in reporters_for(resp, task):
            own = unit if task.owner_kind == OwnerKind.GRASSROOTS else None
            status = owner_status(task, today=today, done=done, unit=own, latest=latest.get(task.pk))
            if not status.done:
                out.append(status)
    return out


def overdue_for_committee(scope: Scope, resp: Responsibility, *, today: dt.date) -> list[TaskStatus]:
    """Every overdue task of the plans the user's committee sees (bloc officers: all)."""
    paths = resp.committee_paths + resp.manage_paths
    if not paths or not scope.has_right(Right.VIEW_ORGS):
        return []
    tasks = list(
        PlanTask.objects.filter(_plans_q(paths, "plan__"))
        .exclude(state__in=CLOSED_STATES)
        .exclude(deadline_kind="none")
        .select_related("plan__issuer", "unit")
        .order_by("plan__issued_on", "sort_key")
    )
    return [s for s in committee_statuses(tasks, today=today) if s.overdue]


def progress_for(scope: Scope, resp: Responsibility) -> QuerySet[TaskProgress]:
    """The reports the user may open: every report of the tasks the committee sees, else their units' own."""
    if not scope.has_right(Right.VIEW_ORGS):
        return TaskProgress.objects.none()
    q = _plans_q(resp.committee_paths + resp.manage_paths, "task__plan__")
    units = Q(pk__in=[])
    for unit in resp.units:
        units |= Q(organization__path__startswith=unit.path)
    visible = tasks_for(scope, resp).values("pk")
    return TaskProgress.objects.filter(q | (Q(task__in=visible) & units)).select_related("task")


def reader_statuses(tasks: list[PlanTask], resp: Responsibility, *, today: dt.date) -> list[TaskStatus]:
    """The plan page's rows: the committee's view of every task, or for a unit's officer each task from their
    own unit's side (a task of every grassroots organization: their organization's report)."""
    if not tasks:
        return []
    if sees_all_tasks(resp, tasks[0].plan):
        return committee_statuses(tasks, today=today)
    ids = [t.pk for t in tasks]
    done, latest = done_keys(ids), latest_progress(ids)
    out = []
    for task in tasks:
        mine = [u for _b, u in reporters_for(resp, task) if u is not None]
        own = mine[0] if mine and task.owner_kind == OwnerKind.GRASSROOTS else None
        out.append(owner_status(task, today=today, done=done, unit=own, latest=latest.get(task.pk)))
    return out


@dataclass
class TaskGroup:
    label: str
    rows: list[TaskStatus]


def grouped(statuses: list[TaskStatus]) -> list[TaskGroup]:
    """The rows by owner: the boards in their order, then the units, then every grassroots organization."""
    from .plan_enums import Board

    order = {b: i for i, b in enumerate(Board.values)}

    def key(s: TaskStatus) -> tuple[int, int, str]:
        t = s.task
        if t.owner_kind == OwnerKind.BOARD:
            return (0, order.get(t.board, 99), "")
        if t.owner_kind == OwnerKind.UNIT:
            return (1, 0, t.unit.path if t.unit else "")
        return (2, 0, "")

    groups: dict[tuple[int, int, str], TaskGroup] = {}
    for s in sorted(statuses, key=lambda s: (key(s), s.task.sort_key)):
        groups.setdefault(key(s), TaskGroup(label=s.task.owner_label(), rows=[])).rows.append(s)
    return list(groups.values())


@dataclass
class HomeCard:
    """The home page's card: the user's own tasks overdue and due soon, and for the committee every overdue task."""

    mine_overdue: int
    mine_due_soon: int
    committee_overdue: int | None


def home_card(scope: Scope, *, today: dt.date) -> HomeCard | None:
    """None for a user who answers for no task and sits on no committee."""
    resp = responsibility_of(scope.user_id)
    if not scope.has_right(Right.VIEW_ORGS) or not (resp.boards or resp.units or resp.committee_paths):
        return None
    mine = my_statuses(scope, resp, today=today)
    committee = len(overdue_for_committee(scope, resp, today=today)) if resp.committee_paths else None
    return HomeCard(
        mine_overdue=sum(bool(s.overdue) for s in mine), mine_due_soon=sum(s.due_soon and not s.overdue for s in mine),
        committee_overdue=committee,
    )  # fmt: skip


def library_document(scope: Scope, plan: Plan) -> PartyDocument | None:
    """The plan's entry in the documents library when the reader may open it there (None otherwise)."""
    if plan.document_id is None:
        return None
    return documents_for(scope).filter(pk=plan.document_id).first()
