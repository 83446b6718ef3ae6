"""The demo's tasks for the current year: most active members of each cell (probationary and full, in the
cell on the day) are given one or two tasks at the cell's first monthly meeting after they joined it; some
members have none (one cell in ten gives tasks to only about half its members). Tasks due before `today`
mostly have their result (exceeded, on time, late, not done), the others their progress. The rating rules of
2025 read these results: a member who already assessed themself "good" or "excellent" in this year's open
round has theirs done on time (and exceeded, for "excellent"), so no demo rating contradicts its tasks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from django.db.models import Model

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role
from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.models import Rating
from dangbo.members.enums import MemberStatus
from dangbo.organizations.models import Organization

from . import cell_texts as texts
from .cell_rolls import Rolls

ACTIVE = {MemberStatus.PROBATIONARY, MemberStatus.FULL}
DEADLINES = [(6, 30), (9, 30), (11, 30), (12, 15), (12, 31)]
RESULTS = [(TaskResult.EXCEEDED, 25), (TaskResult.ON_TIME, 58), (TaskResult.LATE, 11), (TaskResult.NOT_DONE, 6)]
BATCH = 5000


def _result(rng: random.Random, t: TaskAssignment, today: dt.date, forced: str | None = None) -> None:
    """Fill the progress and, when there is one, the result of a task (deadline and assignment day set);
    `forced` is the result it must have."""
    yesterday = today - dt.timedelta(days=1)
    due = t.deadline < today
    if forced or (due and rng.random() < 0.85) or (not due and rng.random() < 0.15):
        choices = RESULTS if due else RESULTS[:2]
        result = forced or rng.choices([r for r, _ in choices], [w for _, w in choices])[0]
        t.result, t.result_note = result, texts.RESULT_NOTES[result]
        if result == TaskResult.NOT_DONE:
            t.progress = rng.randint(3, 8) * 10
            return
        t.progress = 100
        if result == TaskResult.LATE:
            t.completed_on = min(t.deadline + dt.timedelta(days=rng.randint(3, 25)), yesterday)
        else:
            early = min(t.deadline, yesterday)
            t.completed_on = max(t.assigned_on, early - dt.timedelta(days=rng.randint(0, 30)))
        return
    span = max(1, (t.deadline - t.assigned_on).days)
    elapsed = min(1.0, max(0.0, (today - t.assigned_on).days / span))
    t.progress = min(95, max(10, round(elapsed * 100 * rng.uniform(0.6, 1.0) / 5) * 5))
    t.progress_note = "Đang triển khai theo kế hoạch." if t.progress >= 50 else "Mới triển khai, cần đẩy nhanh tiến độ."


def _fit_level(rng: random.Random, tasks: list[TaskAssignment], level: str | None, today: dt.date) -> None:
    """A member whose self-assessment this year is already "good" or "excellent" (its sheet's band): the rating
    rules read the tasks, so every task is done on time, and for "excellent" at least 30% exceeded (the first
    one). The others' results are left as drawn."""
    if level not in (Level.GOOD, Level.EXCELLENT):
        return
    for i, t in enumerate(tasks):
        exceeded = (i == 0 and level == Level.EXCELLENT) or t.result == TaskResult.EXCEEDED
        t.result, t.completed_on, t.progress_note = "", None, ""
        _result(rng, t, today, forced=TaskResult.EXCEEDED if exceeded else TaskResult.ON_TIME)


def build_tasks(
    *,
    cells: Sequence[Organization],
    rolls: Rolls,
    meeting_days: dict[int, list[dt.date]],
    rng: random.Random,
    today: dt.date,
    write: Callable[[Sequence[Model]], None],
) -> int:
    """Write this year's tasks; returns how many."""
    year = today.year
    # The members' self-assessed levels of this year's round, when it is open (the demo's ratings).
    levels = dict(
        Rating.objects.filter(campaign__year=year, subject_kind=SubjectKind.MEMBER)
        .exclude(self_level="")
        .values_list("member_id", "self_level")
    )
    secretaries = dict(
        Role.objects.filter(kind=RoleKind.CELL_SECRETARY).values_list("organization_id", "user_id").order_by("pk")
    )
    kinds = list(texts.TASK_WEIGHTS)
    weights = list(texts.TASK_WEIGHTS.values())
    out: list[TaskAssignment] = []
    written = 0
    for cell in cells:
        days = sorted(meeting_days.get(cell.pk, []))
        if not days:
            continue
        share = rng.uniform(0.4, 0.6) if rng.random() < 0.1 else rng.uniform(0.85, 0.97)
        members: dict[int, dt.date] = {}  # member → the first meeting they were in the cell for
        for day in days:
            for member_id, status in rolls.on(cell.pk, day):
                if status in ACTIVE and member_id not in members:
                    members[member_id] = day
        for member_id, assigned_on in members.items():
            if rng.random() >= share:
                continue
            given: list[TaskAssignment] = []
            for _ in range(2 if rng.random() < 0.3 else 1):
                kind = rng.choices(kinds, weights)[0]
                due_month, due_day = rng.choice([d for d in DEADLINES if dt.date(year, *d) > assigned_on] or [(12, 31)])
                t = TaskAssignment(
                    member_id=member_id, organization_id=cell.pk, path=cell.path, year=year,
                    title=rng.choice(texts.TASKS[TaskKind(kind)]).format(year=year), kind=kind,
                    assigned_on=assigned_on, deadline=max(dt.date(year, due_month, due_day), assigned_on),
                    assigned_by_id=secretaries.get(cell.pk),
                    details="Nhiệm vụ chi bộ giao tại buổi sinh hoạt ngày " + f"{assigned_on:%d/%m/%Y}.",
                )  # fmt: skip
                _result(rng, t, today)
                given.append(t)
            _fit_level(rng, given, levels.get(member_id), today)
            out.extend(given)
        if len(out) >= BATCH:
            write(out)
            written += len(out)
            out = []
    write(out)
    return written + len(out)
