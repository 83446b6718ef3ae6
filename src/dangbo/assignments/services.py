"""Writes of the yearly tasks: give, edit, report progress, record the year-end result, remove.

Every service takes keyword arguments, runs in one transaction, refuses bad input with a Vietnamese
`DomainError` (nothing saved), compares the version of an edited task (`ConcurrentEditError` when stale) and
writes one audit entry per task written. Who may write is the view's check (the right to manage cell life over
the task's cell); the rules of the task itself are here:

- a task is given by a cell to a member who, on the day it is given, belongs to that cell (dated cell
  membership) with an active status (probationary or full: `enums.ACTIVE_STATUSES`);
- the day it is given is not after today; the deadline is not before it and falls in the task's year; the day
  it is given is in that year or the one before (a cell plans next year's tasks in December);
- progress is a whole percent from 0 to 100;
- a result "exceeded", "on time" or "late" needs the completion day (not before the day given, not after
  today); "on time" and "exceeded" by the deadline, "late" after it; "not done" has no completion day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.date_limits import DEFAULT_LIMITS
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import ACTIVE_STATUSES, FIRST_TASK_YEAR, ON_TIME_RESULTS, TaskKind, TaskResult
from .models import TaskAssignment
from .selectors import standing_on

AUDITED = ("member_id", "organization_id", "year", "title", "details", "kind", "assigned_on", "deadline", "progress",
           "progress_note", "result", "completed_on", "result_note")  # fmt: skip
TITLE_MAX = 500
NOTE_MAX = 500
DETAILS_MAX = 5000


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_year(year: int, today: dt.date) -> None:
    if not FIRST_TASK_YEAR <= year <= today.year + 1:
        raise DomainError(
            f"Năm {year} không hợp lệ: nhiệm vụ giao cho các năm từ {FIRST_TASK_YEAR} đến {today.year + 1}.",
            field="year",
        )


def _check_day(day: dt.date, what: str, field: str, today: dt.date) -> None:
    if DEFAULT_LIMITS.too_early(day) or DEFAULT_LIMITS.too_late(day, today=today):
        raise DomainError(f"{what} {_d(day)} không hợp lệ.", field=field)


def _check_text(title: str, details: str, kind: str) -> tuple[str, str]:
    title, details = title.strip(), details.strip()
    if not title:
        raise DomainError("Hãy ghi nội dung nhiệm vụ.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Tên nhiệm vụ dài {len(title)} ký tự, quá {TITLE_MAX} ký tự.", field="title")
    if len(details) > DETAILS_MAX:
        raise DomainError(f"Nội dung, yêu cầu dài {len(details)} ký tự, quá {DETAILS_MAX} ký tự.", field="details")
    if kind not in TaskKind.values:
        raise DomainError(f"Loại nhiệm vụ “{kind}” không hợp lệ.", field="kind")
    return title, details


def _check_dates(*, year: int, assigned_on: dt.date, deadline: dt.date, today: dt.date) -> None:
    _check_year(year, today)
    _check_day(assigned_on, "Ngày giao", "assigned_on", today)
    _check_day(deadline, "Thời hạn", "deadline", today)
    if assigned_on > today:
        raise DomainError(f"Ngày giao {_d(assigned_on)} chưa đến: chỉ ghi nhiệm vụ đã giao.", field="assigned_on")
    if deadline < assigned_on:
        raise DomainError(f"Thời hạn {_d(deadline)} không được trước ngày giao {_d(assigned_on)}.", field="deadline")
    if deadline.year != year:
        raise DomainError(
            f"Thời hạn {_d(deadline)} không thuộc năm {year}: nhiệm vụ của năm nào hoàn thành trong năm đó.",
            field="deadline",
        )
    if assigned_on.year not in (year - 1, year):
        raise DomainError(
            f"Ngày giao {_d(assigned_on)} không khớp với nhiệm vụ năm {year} (giao trong năm {year} hoặc cuối năm "
            f"{year - 1}).",
            field="assigned_on",
        )


def _check_members(cell: Organization, members: Sequence[Member], day: dt.date) -> None:
    """Every member belongs to `cell` on `day` with an active status; otherwise one refusal naming each of them."""
    if not cell.holds_members:
        raise DomainError(f"“{cell.name}” không phải chi bộ: nhiệm vụ do chi bộ giao.", field="cell")
    if not members:
        raise DomainError("Hãy chọn ít nhất một đảng viên để giao nhiệm vụ.", field="members")
    standing = standing_on(day, [m.pk for m in members])
    problems = []
    for m in members:
        on_day = standing[m.pk]
        if on_day.status is None:
            problems.append(f"{m.full_name} chưa là đảng viên ngày {_d(day)}")
        elif on_day.status not in ACTIVE_STATUSES:  # said first: leaving also ends the cell membership
            label = MemberStatus(on_day.status).label if on_day.status in MemberStatus.values else on_day.status
            problems.append(f"{m.full_name} đang ở trạng thái “{label}” ngày {_d(day)}")
        elif on_day.cell_id != cell.pk:
            problems.append(f"{m.full_name} không sinh hoạt tại {cell.name} ngày {_d(day)}")
    if problems:
        raise DomainError(
            "Không giao được nhiệm vụ: " + "; ".join(problems) + ". Chi bộ chỉ giao nhiệm vụ cho đảng viên dự bị "
            "hoặc chính thức đang sinh hoạt tại chi bộ vào ngày giao (không phải đảng viên được miễn công tác và "
            "sinh hoạt đảng, không chuyển sinh hoạt tạm thời đi, chưa ra khỏi chi bộ). Chưa ghi nhiệm vụ nào.",
            field="members",
            code="member_not_active",
        )


def _audit(action: str, task: TaskAssignment, actor: Any, before: dict[str, Any] | None,
           after: dict[str, Any] | None, data: dict[str, Any] | None = None) -> None:  # fmt: skip
    log_action(f"assignments.task.{action}", actor=actor, object_type="task", object_id=task.pk,
               object_repr=f"{task.title[:120]} — {task.member}", scope_path=task.path, before=before, after=after,
               data=data)  # fmt: skip


@transaction.atomic
def assign_task(
    *,
    actor: Any,
    cell: Organization,
    members: Sequence[Member],
    title: str,
    kind: str,
    assigned_on: dt.date,
    deadline: dt.date,
    year: int | None = None,
    details: str = "",
    today: dt.date | None = None,
) -> list[TaskAssignment]:
    """Give the same task to one member or several members of `cell` at once: all of them, or none.

    Steps: check the text and the dates (year defaults to the deadline's); check every member's cell and status
    on the day given (one refusal naming all who do not qualify); create one task per member with the cell's
    path; one audit entry per task.
    """
    today = today or timezone.localdate()
    title, details = _check_text(title, details, kind)
    year = deadline.year if year is None else year
    _check_dates(year=year, assigned_on=assigned_on, deadline=deadline, today=today)
    unique = list({m.pk: m for m in members}.values())
    _check_members(cell, unique, assigned_on)
    tasks = []
    for member in unique:
        task = TaskAssignment.objects.create(
            member=member, organization=cell, path=cell.path, year=year, title=title, details=details, kind=kind,
            assigned_on=assigned_on, deadline=deadline, assigned_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        _audit("assigned", task, actor, None, snapshot(task, AUDITED), {"members": len(unique)})
        tasks.append(task)
    return tasks


def _locked(task: TaskAssignment, expected_version: int) -> TaskAssignment:
    locked = (
        TaskAssignment.objects.select_for_update(of=("self",))
        .select_related("member", "organization")
        .filter(pk=task.pk)
        .first()
    )
    if locked is None or locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def _save(action: str, task: TaskAssignment, actor: Any, before: dict[str, Any]) -> TaskAssignment:
    task.version += 1
    task.save()
    old, new = diff(before, snapshot(task, AUDITED))
    _audit(action, task, actor, old, new)
    return task


@transaction.atomic
def update_task(
    *,
    actor: Any,
    task: TaskAssignment,
    expected_version: int,
    title: str,
    kind: str,
    assigned_on: dt.date,
    deadline: dt.date,
    details: str = "",
    today: dt.date | None = None,
) -> TaskAssignment:
    """Edit the task's text, kind and dates (its member and cell stay: remove and give again to change them).

    Steps: lock and compare the version; the same checks as giving it (the member's standing on a changed day
    given included); save; audit the changed fields."""
    today = today or timezone.localdate()
    locked = _locked(task, expected_version)
    title, details = _check_text(title, details, kind)
    _check_dates(year=locked.year, assigned_on=assigned_on, deadline=deadline, today=today)
    if assigned_on != locked.assigned_on:
        _check_members(locked.organization, [locked.member], assigned_on)
    if locked.completed_on is not None and locked.completed_on < assigned_on:
        raise DomainError("Ngày giao không được sau ngày hoàn thành đã ghi.", field="assigned_on")
    before = snapshot(locked, AUDITED)
    locked.title, locked.details, locked.kind = title, details, kind
    locked.assigned_on, locked.deadline = assigned_on, deadline
    _check_result_dates(locked, locked.result, locked.completed_on, today)
    return _save("updated", locked, actor, before)


@transaction.atomic
def update_progress(
    *, actor: Any, task: TaskAssignment, expected_version: int, progress: int, note: str = ""
) -> TaskAssignment:
    """Report progress: a whole percent from 0 to 100, with a note."""
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise DomainError(f"Tiến độ phải là số nguyên từ 0 đến 100% (đang là {progress}).", field="progress")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"Ghi chú tiến độ dài {len(note)} ký tự, quá {NOTE_MAX} ký tự.", field="progress_note")
    locked = _locked(task, expected_version)
    before = snapshot(locked, AUDITED)
    locked.progress, locked.progress_note = progress, note
    return _save("progress", locked, actor, before)


def _check_result_dates(task: TaskAssignment, result: str, completed_on: dt.date | None, today: dt.date) -> None:
    if not result:
        if completed_on is not None:
            raise DomainError("Chỉ ghi ngày hoàn thành cùng kết quả cuối năm.", field="completed_on")
        return
    if result not in TaskResult.values:
        raise DomainError(f"Kết quả “{result}” không hợp lệ.", field="result")
    label = TaskResult(result).label
    if result == TaskResult.NOT_DONE:
        if completed_on is not None:
            raise DomainError(f"Kết quả “{label}” không có ngày hoàn thành.", field="completed_on")
        return
    if completed_on is None:
        raise DomainError(f"Kết quả “{label}”: hãy ghi ngày hoàn thành.", field="completed_on")
    _check_day(completed_on, "Ngày hoàn thành", "completed_on", today)
    if completed_on < task.assigned_on:
        raise DomainError(
            f"Ngày hoàn thành {_d(completed_on)} không được trước ngày giao {_d(task.assigned_on)}.",
            field="completed_on",
        )
    if completed_on > today:
        raise DomainError(f"Ngày hoàn thành {_d(completed_on)} chưa đến.", field="completed_on")
    if result in ON_TIME_RESULTS and completed_on > task.deadline:
        raise DomainError(
            f"Hoàn thành ngày {_d(completed_on)}, sau thời hạn {_d(task.deadline)}: kết quả là "
            f"“{TaskResult.LATE.label}”, không phải “{label}”.",
            field="result",
        )
    if result == TaskResult.LATE and completed_on <= task.deadline:
        raise DomainError(
            f"Hoàn thành ngày {_d(completed_on)}, không sau thời hạn {_d(task.deadline)}: không phải "
            f"“{TaskResult.LATE.label}”.",
            field="result",
        )


@transaction.atomic
def record_result(
    *,
    actor: Any,
    task: TaskAssignment,
    expected_version: int,
    result: str,
    completed_on: dt.date | None,
    note: str = "",
    today: dt.date | None = None,
) -> TaskAssignment:
    """Record (or correct, or clear with an empty result) the year-end result and the day it was completed.
    A completed task's progress becomes 100%."""
    today = today or timezone.localdate()
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"Nhận xét dài {len(note)} ký tự, quá {NOTE_MAX} ký tự.", field="result_note")
    locked = _locked(task, expected_version)
    _check_result_dates(locked, result, completed_on, today)
    before = snapshot(locked, AUDITED)
    locked.result, locked.completed_on, locked.result_note = result, completed_on, note
    if completed_on is not None:
        locked.progress = 100
    return _save("result", locked, actor, before)


@transaction.atomic
def remove_task(*, actor: Any, task: TaskAssignment, expected_version: int, reason: str = "") -> None:
    """Remove a task given by mistake; the audit entry keeps what it was."""
    locked = _locked(task, expected_version)
    before = snapshot(locked, AUDITED)
    pk = locked.pk
    locked.delete()
    locked.pk = pk
    _audit("removed", locked, actor, before, None, {"reason": reason.strip()[:NOTE_MAX]})
