"""The steps of a case after its decision: the dated stages (notice to the subject, the subject's report,
verification, the draft report with the subject's explanation, the notice of the conclusion), the findings, the
follow-up items and the closing. The conclusion itself is `conclusion.conclude`.

Each step locks the case and compares its version, checks the order (a stage only after the one before it, on or
after its day and the decision's, never in the future), writes, keeps the next deadline and writes one audit entry
(`services.audit`); a refusal names the field and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dangbo.core.audit import snapshot
from dangbo.core.dates import add_years
from dangbo.core.errors import DomainError

from .enums import DATED_STAGES, STAGE_FIELD, STAGES, CaseState, Stage
from .models import Case, Finding, FollowUp
from .services import audit, check_day, clean_text, d, lock, save

FOLLOW_UP_YEARS = 5  # a follow-up due later than this after the conclusion is a typing error


def previous_stage(stage: str) -> tuple[str, str]:
    """The stage before `stage` and its date field."""
    index = [spec.stage.value for spec in STAGES].index(stage)
    spec = STAGES[index - 1]
    return spec.stage.value, spec.field


def check_after_previous(case: Case, stage: str, day: dt.date) -> None:
    """Refuse `stage` on `day` before the stage before it was done, or on a day before it or the decision."""
    label = Stage(stage).label
    before, before_field = previous_stage(stage)
    done_before = getattr(case, before_field)
    if done_before is None:
        raise DomainError(f"Chưa thể ghi “{label}”: cần xong bước “{Stage(before).label}” trước.", field="stage")
    if day < done_before:
        raise DomainError(
            f"Ngày “{label}” ({d(day)}) không được trước ngày “{Stage(before).label}” ({d(done_before)}).",
            field="done_on",
        )
    assert case.decision_date is not None
    if day < case.decision_date:
        raise DomainError(f"Ngày “{label}” ({d(day)}) không được trước ngày quyết định ({d(case.decision_date)}).",
                          field="done_on")  # fmt: skip


@transaction.atomic
def record_stage(
    *, actor: Any, case: Case, stage: str, done_on: dt.date | None, expected_version: int, today: dt.date | None = None
) -> Case:
    """A dated stage done on `done_on`.

    Steps: lock and compare the version; the stage is one recorded with a date, not done yet; the case is under
    way (the notice of the conclusion: concluded); the day is real, not in the future, and not before the stage
    before it nor the decision; save; audit."""
    today = today or timezone.localdate()
    if stage not in DATED_STAGES:
        raise DomainError("Bước này không ghi bằng một ngày.", field="stage")
    locked = lock(case, expected_version)
    label = Stage(stage).label
    expected = CaseState.CONCLUDED if stage == Stage.CONCLUSION_NOTICE else CaseState.IN_PROGRESS
    field = STAGE_FIELD[stage]
    if getattr(locked, field) is not None:
        raise DomainError(f"Bước “{label}” đã ghi ngày {d(getattr(locked, field))}.", field="stage")
    if locked.state != expected:
        raise DomainError(f"Chưa thể ghi “{label}”: cuộc đang ở tình trạng “{locked.get_state_display()}”.",
                          field="stage")  # fmt: skip
    day = check_day(done_on, f"ngày “{label}”", today=today, field="done_on")
    check_after_previous(locked, stage, day)
    setattr(locked, field, day)
    save(locked, [field])
    audit("stage_recorded", actor=actor, case=locked, after={"stage": stage, field: day.isoformat()})
    return locked


@transaction.atomic
def add_finding(
    *, actor: Any, case: Case, found_on: dt.date | None, text: str, is_violation: bool, expected_version: int,
    today: dt.date | None = None,
) -> Finding:  # fmt: skip
    """A finding of the verification, dated on or after the decision and before the conclusion."""
    today = today or timezone.localdate()
    locked = lock(case, expected_version)
    if locked.state != CaseState.IN_PROGRESS:
        raise DomainError(f"Chỉ ghi kết quả thẩm tra, xác minh khi cuộc đang tiến hành "
                          f"(hiện: “{locked.get_state_display()}”).", field="text")  # fmt: skip
    day = check_day(found_on, "ngày ghi nhận", today=today, field="found_on")
    assert locked.decision_date is not None
    if day < locked.decision_date:
        raise DomainError(f"Ngày ghi nhận ({d(day)}) không được trước ngày quyết định ({d(locked.decision_date)}).",
                          field="found_on")  # fmt: skip
    finding = Finding.objects.create(
        case=locked, found_on=day, is_violation=bool(is_violation),
        text=clean_text(text, "text", "nội dung kết quả thẩm tra, xác minh", required=True, one_line=False),
    )  # fmt: skip
    save(locked, [])
    audit("finding_added", actor=actor, case=locked, after=snapshot(finding, ["found_on", "text", "is_violation"]))
    return finding


def last_finding_on(case: Case) -> dt.date | None:
    day: dt.date | None = case.findings.aggregate(last=Max("found_on"))["last"]
    return day


@transaction.atomic
def add_follow_up(
    *, actor: Any, case: Case, task: str, owner: str, due_on: dt.date | None, expected_version: int
) -> FollowUp:
    """A task the conclusion sets: its owner and due day (not before the conclusion, at most five years after)."""
    locked = lock(case, expected_version)
    if locked.state != CaseState.CONCLUDED or locked.concluded_on is None:
        raise DomainError("Chỉ giao việc theo dõi sau khi đã kết luận và trước khi hoàn thành cuộc.", field="task")
    if due_on is None:
        raise DomainError("Hãy nhập hạn thực hiện.", field="due_on")
    if due_on < locked.concluded_on:
        raise DomainError(f"Hạn thực hiện ({d(due_on)}) không được trước ngày kết luận ({d(locked.concluded_on)}).",
                          field="due_on")  # fmt: skip
    if due_on > add_years(locked.concluded_on, FOLLOW_UP_YEARS):
        raise DomainError(f"Hạn thực hiện ({d(due_on)}) quá {FOLLOW_UP_YEARS} năm sau ngày kết luận.", field="due_on")
    item = FollowUp.objects.create(
        case=locked, due_on=due_on, owner=clean_text(owner, "owner", "người, tổ chức thực hiện", required=True),
        task=clean_text(task, "task", "việc phải làm", required=True, one_line=False),
    )  # fmt: skip
    save(locked, [])
    audit("follow_up_added", actor=actor, case=locked, after=snapshot(item, ["task", "owner", "due_on"]))
    return item


@transaction.atomic
def complete_follow_up(
    *, actor: Any, case: Case, item_id: int, done_on: dt.date | None, expected_version: int,
    today: dt.date | None = None,
) -> FollowUp:  # fmt: skip
    """A follow-up item of the case done on `done_on` (not before the conclusion, not in the future)."""
    today = today or timezone.localdate()
    locked = lock(case, expected_version)
    item = locked.follow_ups.filter(pk=item_id).first()
    if item is None:
        raise DomainError("Không có việc theo dõi này trong cuộc.", field="item")
    if item.done_on is not None:
        raise DomainError(f"Việc này đã hoàn thành ngày {d(item.done_on)}.", field="item")
    if locked.state != CaseState.CONCLUDED:
        raise DomainError("Cuộc đã hoàn thành: không ghi thêm.", field="item")
    day = check_day(done_on, "ngày hoàn thành", today=today, field="done_on")
    assert locked.concluded_on is not None
    if day < locked.concluded_on:
        raise DomainError(f"Ngày hoàn thành ({d(day)}) không được trước ngày kết luận ({d(locked.concluded_on)}).",
                          field="done_on")  # fmt: skip
    item.done_on = day
    item.save(update_fields=["done_on", "updated_at"])
    save(locked, [])
    audit("follow_up_done", actor=actor, case=locked, after={"task": item.task, "done_on": day.isoformat()})
    return item


@transaction.atomic
def close_case(*, actor: Any, case: Case, closed_on: dt.date | None, expected_version: int,
               today: dt.date | None = None) -> Case:  # fmt: skip
    """The follow-up stage done: the conclusion notified and every follow-up item done, on or after the last of
    them; the case is then complete."""
    today = today or timezone.localdate()
    locked = lock(case, expected_version)
    if locked.state != CaseState.CONCLUDED:
        raise DomainError(f"Chỉ hoàn thành cuộc đã kết luận (hiện: “{locked.get_state_display()}”).", field="stage")
    day = check_day(closed_on, "ngày hoàn thành theo dõi", today=today, field="closed_on")
    check_after_previous(locked, Stage.FOLLOW_UP, day)
    open_items = locked.follow_ups.filter(done_on=None).count()
    if open_items:
        raise DomainError(f"Còn {open_items} việc theo dõi chưa hoàn thành.", field="closed_on")
    last = locked.follow_ups.aggregate(last=Max("done_on"))["last"]
    if last is not None and day < last:
        raise DomainError(f"Ngày hoàn thành cuộc ({d(day)}) không được trước ngày xong việc theo dõi cuối cùng "
                          f"({d(last)}).", field="closed_on")  # fmt: skip
    locked.closed_on, locked.state = day, CaseState.CLOSED
    save(locked, ["closed_on", "state"])
    audit("closed", actor=actor, case=locked, after={"closed_on": day.isoformat()})
    return locked
