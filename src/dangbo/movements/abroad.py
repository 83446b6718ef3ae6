"""Going abroad, step by step and in order: the member's application → the cell's opinion → the grassroots
organization's approval → departure (status ABROAD) → return (status back) → the report after returning, due
within the rule set's working days after the return (`selectors.report_due`, `core.calendar`).

Each step is its own service (the same house rules as `standing.py`); a step taken out of order, or dated before
the step it follows, is refused with nothing saved. Who may take a step is the view's check: the cell's opinion
by those who manage the cell, the approval by those who manage its grassroots organization
(`approving_organization`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.members.services import change_status
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import MovementKind, MovementState
from .models import Movement
from .rules import rules_in_force
from .standing import (
    active_member,
    audit,
    check_day,
    check_not_before,
    clean_text,
    d,
    end_status,
    lock,
    write_step,
)

GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
ABROAD = MovementKind.ABROAD


def approving_organization(movement: Movement) -> Organization | None:
    """The grassroots organization (đảng bộ cơ sở or chi bộ cơ sở) of the member's cell: it approves."""
    cell = movement.from_organization
    if cell is None:
        return None
    return (
        Organization.objects.filter(path__in=cell.ancestor_paths(), kind__in=GRASSROOTS_KINDS)
        .order_by("-depth")
        .first()
    )


def next_step(movement: Movement) -> str:
    """The step the record waits for: opinion, approval, departure, return, report, or "" when complete."""
    if movement.state == MovementState.CANCELLED:
        return ""
    for step, done in (
        ("opinion", movement.opinion_on),
        ("approval", movement.approved_on),
        ("departure", movement.departed_on),
        ("return", movement.ended_on),
        ("report", movement.report_on),
    ):
        if done is None:
            return step
    return ""


def _step(movement: Movement, expected_version: int, step: str) -> Movement:
    locked = lock(movement, expected_version, ABROAD)
    waiting = next_step(locked)
    if waiting != step:
        messages = {
            "opinion": "Chưa có ý kiến của chi bộ",
            "approval": "Cấp ủy cơ sở chưa đồng ý",
            "departure": "Chưa ghi nhận ngày xuất cảnh",
            "return": "Chưa ghi nhận ngày về nước",
            "report": "Đã ghi nhận báo cáo sau khi về nước",
            "": "Hồ sơ đi nước ngoài đã hoàn tất",
        }
        raise DomainError(
            f"{messages[waiting]}: chưa thể thực hiện bước này (đi nước ngoài phải theo thứ tự: đơn → "
            "ý kiến chi bộ → cấp ủy cơ sở đồng ý → xuất cảnh → về nước → báo cáo).",
            code="order",
        )
    return locked


def _dated_step(
    movement: Movement,
    expected_version: int,
    step: str,
    day: dt.date,
    *,
    label: str,
    field: str,
    today: dt.date,
    after: str,
    refusal: str,
) -> Movement:
    """The record locked for `step` (taken in order, its version checked) and the step's `day` checked: a past
    date, not before the record's `after` date (refused with `refusal` and that date)."""
    locked = _step(movement, expected_version, step)
    check_day(day, label, today=today, field=field)
    earlier = getattr(locked, after)
    check_not_before(day, earlier, f"{refusal} ({d(earlier)}).", field=field)
    return locked


@transaction.atomic
def apply_abroad(
    *,
    actor: Any,
    member: Member,
    applied_on: dt.date,
    country: str,
    planned_start: dt.date,
    planned_end: dt.date | None,
    reason: str = "",
    today: dt.date | None = None,
) -> Movement:
    """The member's application to go abroad (recorded by the cell): country, purpose, planned period."""
    today = today or timezone.localdate()
    check_day(applied_on, "ngày làm đơn", today=today, field="applied_on")
    where = clean_text(country, "country", "nước đến", required=True)
    if planned_start is None:
        raise DomainError("Hãy nhập ngày dự kiến xuất cảnh.", field="start")
    check_not_before(planned_start, applied_on, "Ngày dự kiến xuất cảnh không được trước ngày làm đơn.", field="start")
    if planned_end is not None:
        check_not_before(
            planned_end, planned_start, "Ngày dự kiến về nước không được trước ngày xuất cảnh.", field="planned_end"
        )
    locked = active_member(member, "làm thủ tục đi nước ngoài")
    pending = Movement.objects.filter(member=locked, kind=ABROAD, state=MovementState.OPEN, ended_on__isnull=True)
    if pending.exists():
        raise DomainError(f"Đồng chí {locked.full_name} đã có một hồ sơ đi nước ngoài chưa hoàn tất.", field="member")
    movement = Movement.objects.create(
        kind=ABROAD,
        member=locked,
        from_organization=locked.organization,
        from_path=locked.organization.path,
        applied_on=applied_on,
        country=where,
        start=planned_start,
        planned_end=planned_end,
        reason=clean_text(reason, "reason", "mục đích, lý do"),
        created_by=actor,
    )
    audit(
        "abroad_applied",
        actor=actor,
        movement=movement,
        after={"applied_on": applied_on.isoformat(), "country": where, "start": planned_start.isoformat()},
        data={"member_id": locked.pk},
    )
    return movement


@transaction.atomic
def record_abroad_opinion(
    *, actor: Any, movement: Movement, opinion_on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The cell's opinion on the application (the step before the grassroots organization's approval)."""
    today = today or timezone.localdate()
    locked = _dated_step(
        movement,
        expected_version,
        "opinion",
        opinion_on,
        label="ngày chi bộ cho ý kiến",
        field="opinion_on",
        today=today,
        after="applied_on",
        refusal="Chi bộ không thể cho ý kiến trước ngày làm đơn",
    )
    return write_step(
        locked,
        "abroad_opinion",
        actor=actor,
        values={"opinion_on": opinion_on},
        after={"opinion_on": opinion_on.isoformat()},
    )


@transaction.atomic
def approve_abroad(
    *,
    actor: Any,
    movement: Movement,
    approved_on: dt.date,
    decision_number: str = "",
    expected_version: int,
    today: dt.date | None = None,
) -> Movement:
    """The grassroots organization's approval, after the cell's opinion."""
    today = today or timezone.localdate()
    locked = _dated_step(
        movement,
        expected_version,
        "approval",
        approved_on,
        label="ngày cấp ủy cơ sở đồng ý",
        field="approved_on",
        today=today,
        after="opinion_on",
        refusal="Cấp ủy cơ sở không thể đồng ý trước ngày chi bộ cho ý kiến",
    )
    number = clean_text(decision_number, "decision_number", "số văn bản đồng ý")
    return write_step(
        locked,
        "abroad_approved",
        actor=actor,
        values={
            "approved_on": approved_on,
            "decision_number": number,
            "decision_date": approved_on if number else None,
        },
        after={"approved_on": approved_on.isoformat(), "decision_number": number},
    )


@transaction.atomic
def record_departure(
    *, actor: Any, movement: Movement, on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The member left: status ABROAD from `on` (the record's start becomes the actual day)."""
    today = today or timezone.localdate()
    locked = _dated_step(
        movement,
        expected_version,
        "departure",
        on,
        label="ngày xuất cảnh",
        field="on",
        today=today,
        after="approved_on",
        refusal="Ngày xuất cảnh không được trước ngày cấp ủy cơ sở đồng ý",
    )
    assert locked.member is not None
    member = active_member(locked.member, "ghi nhận xuất cảnh")
    change_status(
        actor=actor,
        member=member,
        status=MemberStatus.ABROAD,
        on=on,
        reason="Đi nước ngoài",
        decision_number=locked.decision_number,
        audit=False,
    )
    return write_step(
        locked,
        "abroad_departed",
        actor=actor,
        values={"departed_on": on, "start": on, "rule_set_id": rules_in_force(on).rule_set_id},
        after={"departed_on": on.isoformat()},
    )


@transaction.atomic
def record_abroad_return(
    *, actor: Any, movement: Movement, on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The member is back: their status before leaving again from `on`."""
    today = today or timezone.localdate()
    locked = _step(movement, expected_version, "return")
    check_day(on, "ngày về nước", today=today, field="on")
    assert locked.departed_on is not None
    if on <= locked.departed_on:
        raise DomainError(f"Ngày về nước ({d(on)}) phải sau ngày xuất cảnh ({d(locked.departed_on)}).", field="on")
    end_status(actor=actor, movement=locked, on=on, reason="Về nước")
    return write_step(
        locked, "abroad_returned", actor=actor, values={"ended_on": on}, after={"ended_on": on.isoformat()}
    )


@transaction.atomic
def record_abroad_report(
    *, actor: Any, movement: Movement, report_on: dt.date, expected_version: int, today: dt.date | None = None
) -> Movement:
    """The member's report to the cell after returning (due within the rule set's working days)."""
    today = today or timezone.localdate()
    locked = lock(movement, expected_version, ABROAD)
    check_day(report_on, "ngày báo cáo sau khi về nước", today=today, field="report_on")
    if locked.departed_on is not None and report_on < locked.departed_on:
        raise DomainError(
            f"Ngày báo cáo sau khi về nước ({d(report_on)}) không thể trước ngày xuất cảnh ({d(locked.departed_on)}).",
            field="report_on",
        )
    locked = _step(locked, locked.version, "report")
    assert locked.ended_on is not None
    if report_on < locked.ended_on:
        raise DomainError(
            f"Ngày báo cáo ({d(report_on)}) không thể trước ngày về nước ({d(locked.ended_on)}).", field="report_on"
        )
    return write_step(
        locked,
        "abroad_reported",
        actor=actor,
        values={"report_on": report_on, "state": MovementState.DONE},
        after={"report_on": report_on.isoformat()},
    )
