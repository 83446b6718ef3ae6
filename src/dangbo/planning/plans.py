"""Writes to plans, their tasks and the progress reported against them: one entry point per change, each checked,
audited once and refused in Vietnamese with nothing written (decision 0042).

- A plan is issued by an organization where the actor manages plans, on a day, for a span of years; it is linked
  to its own entry in the documents library (same number and symbol, same year) when saved, or when that entry is
  recorded later (`link_library_entry`, on the library's save).
- A task has an owner (a board, a unit under the issuer, or every grassroots organization), a deadline on or
  after the plan's date and within its years (a day, a day and month of each year, or none, in the plan's own
  words), co-ordinating boards and units, an expected result and a state.
- A progress report is made by the task's owner (`plan_selectors.reporters_for`), on a day between the plan's
  date and today, with a stage and a percent from 0 to 100 (100 only when done, done only at 100), a result, and
  for a yearly task the year it is for; a file is PDF, Word, JPEG or PNG by its content. Reporting "done" on a
  task of one owner closes it; nothing is reported on a closed task, nor again for an owner (and year) done.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dangbo.core import uploads
from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.date_limits import PARTY_FOUNDED
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.library.models import PartyDocument
from dangbo.library.selectors import document_by_reference
from dangbo.organizations.models import Organization

from .models import Plan, PlanTask, TaskProgress
from .plan_deadlines import sort_key, yearly_date
from .plan_enums import CLOSED_STATES, Board, DeadlineKind, OwnerKind, Stage, TaskState
from .plan_selectors import Responsibility, may_manage_plan, reporters_for, responsibility_for

PLAN_FIELDS = [
    "document_number", "title", "issuer_id", "issuer_name", "issued_on", "year_from", "year_to", "implements",
    "document_id",
]  # fmt: skip
TASK_FIELDS = [
    "plan_id", "number", "title", "owner_kind", "board", "unit_id", "owner_text", "coordinating_boards",
    "deadline_kind", "due_on", "due_day", "due_month", "deadline_text", "expected_result", "state",
]  # fmt: skip
PROGRESS_FIELDS = ["task_id", "board", "organization_id", "year", "reported_on", "stage", "percent", "result"]
MAX_PLAN_YEARS = 10
YEARS_AHEAD = 2
NUMBER_RE = re.compile(r"^[0-9A-Za-zĐđ]{1,6}(\.[0-9A-Za-zĐđ]{1,6}){0,3}$")
FILE_KINDS = (uploads.PDF, uploads.DOCX, uploads.JPEG, uploads.PNG)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def clean_text(value: Any, *, label: str, field: str, max_length: int, required: bool = False) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


def _long_text(value: Any, *, label: str, field: str, max_length: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


# ---- plans ---------------------------------------------------------------------------------------


def _check_plan(data: dict[str, Any], *, today: dt.date, plan: Plan | None = None) -> None:
    issued_on = data["issued_on"]
    if not isinstance(issued_on, dt.date) or issued_on < PARTY_FOUNDED or issued_on > today:
        raise DomainError(f"Ngày ban hành phải từ {d(PARTY_FOUNDED)} đến hôm nay ({d(today)}).", field="issued_on")
    year_from, year_to = data["year_from"], data["year_to"]
    if year_from is None or year_to is None:
        raise DomainError("Chưa nhập thời gian thực hiện kế hoạch (từ năm, đến năm).", field="year_from")
    if year_from < issued_on.year - 1 or year_from > issued_on.year + YEARS_AHEAD:
        raise DomainError(
            f"Kế hoạch ban hành năm {issued_on.year} không thể bắt đầu thực hiện từ năm {year_from}.", field="year_from"
        )
    if year_to < year_from:
        raise DomainError(f"Năm kết thúc ({year_to}) không được trước năm bắt đầu ({year_from}).", field="year_to")
    if year_to - year_from + 1 > MAX_PLAN_YEARS:
        raise DomainError(f"Một kế hoạch không kéo dài quá {MAX_PLAN_YEARS} năm.", field="year_to")
    taken = Plan.objects.filter(document_number=data["document_number"])
    if plan is not None:
        taken = taken.exclude(pk=plan.pk)
    if taken.exists():
        raise DomainError(f"Số ký hiệu {data['document_number']} đã có kế hoạch khác.", field="document_number")
    if plan is not None:
        early = plan.tasks.filter(deadline_kind=DeadlineKind.DATE, due_on__lt=issued_on).order_by("due_on").first()
        if early is not None and early.due_on is not None:
            raise DomainError(
                f"Nhiệm vụ {early.number} có hạn {d(early.due_on)}, trước ngày ban hành mới ({d(issued_on)}).",
                field="issued_on",
            )


def _plan_texts(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_number": clean_text(data.get("document_number"), label="số ký hiệu", field="document_number",
                                      max_length=60, required=True),
        "title": clean_text(data.get("title"), label="trích yếu", field="title", max_length=500, required=True),
        "implements": clean_text(data.get("implements"), label="văn bản được thực hiện", field="implements",
                                 max_length=255),
    }  # fmt: skip


def _plan_audit(action: str, *, actor: Any, plan: Plan, **entry: Any) -> None:
    log_action(
        f"planning.plan.{action}", actor=actor, object_type="plan", object_id=plan.pk,
        object_repr=f"{plan.document_number} — {plan.title}", scope_path=plan.issuer_path,
        **entry,
    )  # fmt: skip


@transaction.atomic
def create_plan(
    *, actor: Any, issuer: Organization, document_number: str, title: str, issued_on: dt.date, year_from: int | None,
    year_to: int | None, implements: str = "", today: dt.date | None = None,
) -> Plan:  # fmt: skip
    """Record a plan issued by `issuer`. Steps: the actor manages plans at or above the issuer; clean the texts;
    check the date (not ahead of today), the years (in order, at most ten, starting near the date) and that the
    number is free; save; audit."""
    today = today or timezone.localdate()
    resp = responsibility_for(actor)
    if not issuer.is_active or not any(issuer.path.startswith(p) for p in resp.manage_paths):
        raise DomainError(f"Bạn không lập kế hoạch cho “{issuer.name}”.", field="issuer")
    data = _plan_texts({"document_number": document_number, "title": title, "implements": implements})
    data.update(issued_on=issued_on, year_from=year_from, year_to=year_to)
    _check_plan(data, today=today)
    plan = Plan.objects.create(
        issuer=issuer, issuer_name=f"Ban Thường vụ {issuer.name}"[:255],
        document=library_entry(data["document_number"], issued_on, issuer), **data,
    )  # fmt: skip
    _plan_audit("created", actor=actor, plan=plan, after=snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def update_plan(
    *, actor: Any, plan: Plan, expected_version: int, data: dict[str, Any], today: dt.date | None = None
) -> Plan:
    """Edit a plan's number, title, date, years and references (the issuer stays). A stale version is refused, and
    a date after a task's deadline."""
    today = today or timezone.localdate()
    locked = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if not may_manage_plan(responsibility_for(actor), locked):
        raise DomainError("Bạn không quản lý kế hoạch này.", field=None)
    before = snapshot(locked, PLAN_FIELDS)
    merged = {f: data.get(f, getattr(locked, f)) for f in ("document_number", "title", "implements")}
    clean = _plan_texts(merged)
    clean.update({f: data.get(f, getattr(locked, f)) for f in ("issued_on", "year_from", "year_to")})
    _check_plan(clean, today=today, plan=locked)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.document = library_entry(locked.document_number, locked.issued_on, locked.issuer)
    locked.version += 1
    locked.save()
    changed_before, changed_after = diff(before, snapshot(locked, PLAN_FIELDS))
    _plan_audit("updated", actor=actor, plan=locked, before=changed_before, after=changed_after)
    return locked


def library_entry(document_number: str, issued_on: dt.date, issuer: Organization | None) -> PartyDocument | None:
    """The plan's own entry in the documents library: "20-KH/ĐUK" issued in 2024 is number "20", symbol "KH/ĐUK",
    year 2024 (of two such entries, the one `issuer` issued). None when the library has none yet."""
    number, dash, symbol = document_number.partition("-")
    if not dash or not number.strip() or not symbol.strip():
        return None
    return document_by_reference(number, symbol, issued_on.year, issuer=issuer)


@transaction.atomic
def link_library_entry(*, document: PartyDocument) -> list[Plan]:
    """Link the plans without an entry whose number, symbol and year are `document`'s (an entry recorded or
    corrected after its plan). Each link is audited, with no actor: the library's own save was audited already."""
    linked = []
    for plan in Plan.objects.select_for_update(of=("self",)).select_related("issuer").filter(
        document__isnull=True, document_number__startswith=f"{document.number}-", issued_on__year=document.year
    ):  # fmt: skip
        if library_entry(plan.document_number, plan.issued_on, plan.issuer) != document:
            continue
        plan.document = document
        plan.save(update_fields=["document"])
        _plan_audit("linked", actor=None, plan=plan, after={"document_id": document.pk})
        linked.append(plan)
    return linked


def on_library_saved(sender: Any, instance: PartyDocument, raw: bool = False, **kwargs: Any) -> None:
    """The library's post_save receiver (connected in `apps.py`): link the plans waiting for this entry."""
    if not raw:
        link_library_entry(document=instance)


# ---- tasks ---------------------------------------------------------------------------------------


def _under_issuer(plan: Plan, unit: Organization) -> bool:
    return unit.path.startswith(plan.issuer_path) and unit.pk != plan.issuer_id


def _check_task(plan: Plan, data: dict[str, Any], *, task: PlanTask | None = None) -> dict[str, Any]:
    """The task's fields cleaned and checked against the plan; refused with the first fault found."""
    number = clean_text(data.get("number"), label="số thứ tự", field="number", max_length=20, required=True)
    if not NUMBER_RE.match(number):
        raise DomainError("Số thứ tự gồm chữ số, số La Mã hoặc chữ cái, cách nhau bởi dấu chấm (ví dụ III.2).",
                          field="number")  # fmt: skip
    same = plan.tasks.filter(number=number)
    if task is not None:
        same = same.exclude(pk=task.pk)
    if same.exists():
        raise DomainError(f"Kế hoạch đã có nhiệm vụ số {number}.", field="number")
    out: dict[str, Any] = {"number": number, "sort_key": sort_key(number)}
    out["title"] = _long_text(data.get("title"), label="nội dung nhiệm vụ", field="title", max_length=4000,
                              required=True)  # fmt: skip
    owner_kind, board, unit = data.get("owner_kind") or "", data.get("board") or "", data.get("unit")
    missing_board = owner_kind == OwnerKind.BOARD and board not in Board.values
    if missing_board or (owner_kind == OwnerKind.UNIT and unit is None):
        owner_kind = ""
    if owner_kind not in OwnerKind.values:
        raise DomainError("Nhiệm vụ phải có ban hoặc đơn vị chủ trì.", field="owner_kind")
    if owner_kind == OwnerKind.UNIT and unit is not None and (not unit.is_active or not _under_issuer(plan, unit)):
        raise DomainError(f"“{unit.name}” không phải đơn vị trực thuộc cấp ban hành kế hoạch.", field="unit")
    out.update(owner_kind=owner_kind, board=board if owner_kind == OwnerKind.BOARD else "",
               unit=unit if owner_kind == OwnerKind.UNIT else None)  # fmt: skip
    out["owner_text"] = clean_text(data.get("owner_text"), label="chủ trì theo văn bản", field="owner_text",
                                   max_length=255)  # fmt: skip
    boards = list(dict.fromkeys(data.get("coordinating_boards") or []))
    if any(b not in Board.values for b in boards):
        raise DomainError("Ban phối hợp không hợp lệ.", field="coordinating_boards")
    if out["board"] and out["board"] in boards:
        raise DomainError("Ban chủ trì không đồng thời là ban phối hợp.", field="coordinating_boards")
    out["coordinating_boards"] = boards
    units = list(data.get("coordinating_units") or [])
    for u in units:
        if not _under_issuer(plan, u) or (out["unit"] is not None and u.pk == out["unit"].pk):
            raise DomainError(f"“{u.name}” không thể là đơn vị phối hợp của nhiệm vụ này.", field="coordinating_units")
    out.update(_check_deadline(plan, data))
    out["expected_result"] = _long_text(data.get("expected_result"), label="kết quả cần đạt",
                                        field="expected_result", max_length=4000)  # fmt: skip
    state = data.get("state") or TaskState.OPEN
    if state not in TaskState.values:
        raise DomainError("Trạng thái không hợp lệ.", field="state")
    out["state"] = state
    out["_units"] = units
    return out


def _check_deadline(plan: Plan, data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("deadline_kind") or DeadlineKind.NONE
    text = clean_text(data.get("deadline_text"), label="thời hạn theo văn bản", field="deadline_text", max_length=255)
    out: dict[str, Any] = {"deadline_kind": kind, "due_on": None, "due_day": None, "due_month": None,
                           "deadline_text": text}  # fmt: skip
    last = dt.date(max(plan.years()), 12, 31)
    if kind == DeadlineKind.DATE:
        due = data.get("due_on")
        if not isinstance(due, dt.date):
            raise DomainError("Chưa nhập hạn hoàn thành.", field="due_on")
        if due < plan.issued_on:
            raise DomainError(f"Hạn hoàn thành ({d(due)}) không được trước ngày ban hành kế hoạch "
                              f"({d(plan.issued_on)}).", field="due_on")  # fmt: skip
        if due > last:
            raise DomainError(f"Hạn hoàn thành ({d(due)}) sau khi kế hoạch kết thúc ({d(last)}).", field="due_on")
        out["due_on"] = due
    elif kind == DeadlineKind.YEARLY:
        day, month = data.get("due_day"), data.get("due_month")
        if not isinstance(day, int) or not isinstance(month, int) or not 1 <= month <= 12:
            raise DomainError("Chưa nhập ngày, tháng của hạn hằng năm.", field="due_day")
        try:
            dt.date(2024, month, day)  # a leap year: 29/02 is a day and month of some years
        except ValueError:
            raise DomainError(f"Ngày {day}/{month} không có trong năm.", field="due_day") from None
        if yearly_date(max(plan.years()), month, day) < plan.issued_on:
            raise DomainError(f"Hạn hằng năm {day:02d}/{month:02d} không rơi vào năm nào của kế hoạch.",
                              field="due_day")  # fmt: skip
        out.update(due_day=day, due_month=month)
    elif kind != DeadlineKind.NONE:
        raise DomainError("Loại thời hạn không hợp lệ.", field="deadline_kind")
    return out


def _task_audit(action: str, *, actor: Any, task: PlanTask, **entry: Any) -> None:
    plan = task.plan
    log_action(
        f"planning.task.{action}", actor=actor, object_type="plan_task", object_id=task.pk,
        object_repr=f"{plan.document_number} — {task.number}. {task.title}",
        scope_path=task.unit.path if task.unit is not None else plan.issuer_path, **entry,
    )  # fmt: skip


def _task_snapshot(task: PlanTask) -> dict[str, Any]:
    out = snapshot(task, TASK_FIELDS)
    out["coordinating_units"] = sorted(task.coordinating_units.values_list("pk", flat=True))
    return out


@transaction.atomic
def create_task(*, actor: Any, plan: Plan, data: dict[str, Any]) -> PlanTask:
    """Add a task to a plan. Steps: the actor manages the plan; check the number (free in the plan), the title,
    the owner (a board, a unit under the issuer, or every grassroots organization), the co-ordinating boards and
    units, the deadline (not before the plan's date, not after its last year); save; audit."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    if not may_manage_plan(responsibility_for(actor), plan):
        raise DomainError("Bạn không quản lý kế hoạch này.", field=None)
    clean = _check_task(plan, data)
    units = clean.pop("_units")
    task = PlanTask.objects.create(plan=plan, **clean)
    task.coordinating_units.set(units)
    _task_audit("created", actor=actor, task=task, after=_task_snapshot(task))
    return task


@transaction.atomic
def update_task(*, actor: Any, task: PlanTask, expected_version: int, data: dict[str, Any]) -> PlanTask:
    """Edit a task (its fields as `create_task` checks them, and its state: open, done, stopped). A stale version
    is refused."""
    locked = PlanTask.objects.select_for_update(of=("self",)).select_related("plan__issuer", "unit").get(pk=task.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if not may_manage_plan(responsibility_for(actor), locked.plan):
        raise DomainError("Bạn không quản lý kế hoạch này.", field=None)
    before = _task_snapshot(locked)
    current = {f: getattr(locked, f) for f in TASK_FIELDS if f not in ("plan_id", "unit_id")}
    current.update(unit=locked.unit, coordinating_units=list(locked.coordinating_units.all()))
    current.update(data)
    clean = _check_task(locked.plan, current, task=locked)
    units = clean.pop("_units")
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    locked.coordinating_units.set(units)
    changed_before, changed_after = diff(before, _task_snapshot(locked))
    _task_audit("updated", actor=actor, task=locked, before=changed_before, after=changed_after)
    return locked


# ---- progress ------------------------------------------------------------------------------------


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_PLAN_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _choose_reporter(resp: Responsibility, task: PlanTask, unit: Organization | None) -> tuple[str, Any]:
    options = reporters_for(resp, task)
    if not options:
        raise DomainError(f"Nhiệm vụ {task.number} không thuộc trách nhiệm của bạn: chỉ {task.owner_label()} báo cáo "
                          "tiến độ nhiệm vụ này.", field=None)  # fmt: skip
    if unit is None and len(options) == 1:
        return options[0]
    for board, own in options:
        if own is not None and unit is not None and own.pk == unit.pk:
            return board, own
    raise DomainError("Chọn đơn vị báo cáo trong các đơn vị của bạn chủ trì nhiệm vụ này.", field="organization")


@transaction.atomic
def report_progress(
    *, actor: Any, task: PlanTask, reported_on: dt.date, stage: str, percent: int | None, result: str,
    year: int | None = None, unit: Organization | None = None, uploaded: UploadedFile | None = None,
    today: dt.date | None = None,
) -> TaskProgress:  # fmt: skip
    """Record a progress report. Steps: lock the task; refuse a closed task; the actor reports for the task's
    owner (its board, its unit, or one of their grassroots organizations); check the day (from the plan's date to
    today), the stage and percent (0–100, "done" exactly at 100), the result, the year of a yearly task (one of
    the plan's years) and that this owner has not already reported that year (or the task) done; check the file
    by its content and size; save; a "done" report by the owner of a board's or unit's one-day task closes the
    task; audit."""
    today = today or timezone.localdate()
    locked = PlanTask.objects.select_for_update(of=("self",)).select_related("plan__issuer", "unit").get(pk=task.pk)
    if locked.state in CLOSED_STATES:
        raise DomainError(f"Nhiệm vụ {locked.number} đã {locked.get_state_display().lower()}: không báo cáo tiến "
                          "độ được nữa.", field=None)  # fmt: skip
    board, own = _choose_reporter(responsibility_for(actor), locked, unit)
    plan = locked.plan
    if not isinstance(reported_on, dt.date) or reported_on < plan.issued_on or reported_on > today:
        raise DomainError(f"Ngày báo cáo phải từ ngày ban hành kế hoạch ({d(plan.issued_on)}) đến hôm nay "
                          f"({d(today)}).", field="reported_on")  # fmt: skip
    if stage not in Stage.values:
        raise DomainError("Tình hình thực hiện không hợp lệ.", field="stage")
    if percent is not None and (isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100):
        raise DomainError("Tỷ lệ hoàn thành phải từ 0 đến 100%.", field="percent")
    if stage == Stage.DONE and percent not in (None, 100):
        raise DomainError(f"Báo cáo “hoàn thành” nhưng tỷ lệ là {percent}%.", field="percent")
    if percent == 100 and stage != Stage.DONE:
        raise DomainError("Tỷ lệ 100% là đã hoàn thành: chọn tình hình “Hoàn thành”.", field="stage")
    text = _long_text(result, label="kết quả thực hiện", field="result", max_length=4000, required=True)
    if locked.deadline_kind == DeadlineKind.YEARLY:
        if year is None:
            raise DomainError("Nhiệm vụ hằng năm: chọn năm của báo cáo.", field="year")
        if year not in plan.years() or year > today.year:
            raise DomainError(f"Năm {year} không phải một năm thực hiện kế hoạch đã đến.", field="year")
    else:
        year = None
    owner_id = own.pk if own is not None else None
    finished = locked.progress.filter(stage=Stage.DONE, year=year, board=board)
    finished = (
        finished.filter(organization_id=owner_id)
        if owner_id is not None
        else finished.filter(organization__isnull=True)
    )
    if finished.exists():
        when = f" năm {year}" if year else ""
        raise DomainError(f"Nhiệm vụ {locked.number} đã được báo cáo hoàn thành{when}.", field="stage")
    progress = TaskProgress(
        task=locked, board=board, organization=own, year=year, reported_on=reported_on, stage=stage,
        percent=100 if stage == Stage.DONE else percent, result=text,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    if uploaded is not None:
        kind, progress.original_name, _ = uploads.check_upload(
            uploaded, allowed=FILE_KINDS, max_bytes=max_bytes(), unnamed="bao-cao"
        )
        progress.content_type = kind.content_type
        progress.file.save(f"{uuid.uuid4().hex}.{kind.code}", uploaded, save=False)
    progress.save()
    closes = stage == Stage.DONE and locked.owner_kind != OwnerKind.GRASSROOTS
    if closes and locked.deadline_kind != DeadlineKind.YEARLY:
        PlanTask.objects.filter(pk=locked.pk).update(state=TaskState.DONE, version=locked.version + 1)
    log_action(
        "planning.task.progress_reported", actor=actor, object_type="plan_task", object_id=locked.pk,
        object_repr=f"{plan.document_number} — {locked.number}. {locked.title}",
        scope_path=own.path if own is not None else plan.issuer_path,
        after=snapshot(progress, PROGRESS_FIELDS) | {"progress_id": progress.pk, "file": progress.original_name},
    )  # fmt: skip
    return progress


def record_file_opened(*, actor: Any, progress: TaskProgress, request: Any = None) -> None:
    """Opening a report's file is audited like opening a record."""
    log_action(
        "planning.task.file_opened", actor=actor, object_type="plan_task", object_id=progress.task_id,
        object_repr=progress.original_name, request=request, data={"progress_id": progress.pk},
    )  # fmt: skip
