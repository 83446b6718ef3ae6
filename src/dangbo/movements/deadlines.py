"""The two deadlines of an official transfer out of the tree (rules-2025 §2), counted in working days by
`core.calendar` with the numbers of the movement rule set in force:

- start: the introduction letter within `transfer.start_working_days` (60) working days of the cause
  (`cause_date` → `letter_date`);
- present: the member presents it to the receiving side within `transfer.present_working_days` (30) working days
  of the letter (`letter_date` → `handed_over_on`).

A transfer still open past a deadline is overdue; the sentence names the rule and its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from dangbo.core.calendar import add_working_days

from .enums import MovementKind, MovementState
from .models import Movement
from .params import MovementRules
from .rules import rules_in_force


@dataclass(frozen=True)
class TransferDeadlines:
    start_by: dt.date  # the letter is due by this day
    present_by: dt.date | None  # the hand-over is due by this day (once the letter has a date)
    start_rule: str
    present_rule: str


@dataclass(frozen=True)
class Overdue:
    movement: Movement
    due: dt.date
    message: str


def deadlines_of(movement: Movement, rules_on: dict[dt.date, MovementRules] | None = None) -> TransferDeadlines:
    """Both deadlines of a transfer out, from the rule set in force on the cause date (start) and on the letter's
    date (present)."""
    cache = rules_on if rules_on is not None else {}

    def rules(day: dt.date) -> MovementRules:
        if day not in cache:
            cache[day] = rules_in_force(day)
        return cache[day]

    assert movement.cause_date is not None
    start_rules = rules(movement.cause_date)
    n = start_rules.transfer_start_working_days
    start_by = add_working_days(movement.cause_date, n)
    start_rule = start_rules.transfer_source.cite(
        f"Giới thiệu chuyển sinh hoạt đảng chính thức trong {n} ngày làm việc kể từ ngày phát sinh "
        f"{movement.cause_date:%d/%m/%Y}, hạn {start_by:%d/%m/%Y}"
    )
    present_by, present_rule = None, ""
    if movement.letter_date is not None:
        present_rules = rules(movement.letter_date)
        m = present_rules.transfer_present_working_days
        present_by = add_working_days(movement.letter_date, m)
        present_rule = present_rules.transfer_source.cite(
            f"Đảng viên xuất trình giấy giới thiệu với nơi nhận trong {m} ngày làm việc kể từ ngày giấy giới thiệu "
            f"{movement.letter_date:%d/%m/%Y}, hạn {present_by:%d/%m/%Y}"
        )
    return TransferDeadlines(start_by, present_by, start_rule, present_rule)


def overdue_on(movement: Movement, day: dt.date, deadlines: TransferDeadlines) -> Overdue | None:
    """Whether the open transfer out is past a deadline on `day` (without a letter past the start deadline;
    with one, not handed over past the present deadline)."""
    if movement.state != MovementState.OPEN or movement.kind != MovementKind.TRANSFER_OUT:
        return None
    if movement.letter_date is None:
        if day > deadlines.start_by:
            return Overdue(movement, deadlines.start_by, f"Quá hạn, chưa có giấy giới thiệu. {deadlines.start_rule}.")
        return None
    assert deadlines.present_by is not None
    if day > deadlines.present_by:
        return Overdue(movement, deadlines.present_by, f"Quá hạn, chưa bàn giao. {deadlines.present_rule}.")
    return None


def overdue_transfers(movements: QuerySet[Movement], *, day: dt.date) -> list[Overdue]:
    """The open transfers out among `movements` that are overdue on `day`, the earliest deadline first."""
    qs = movements.filter(kind=MovementKind.TRANSFER_OUT, state=MovementState.OPEN).select_related(
        "member", "from_organization__parent"
    )
    cache: dict[dt.date, MovementRules] = {}
    found = [o for m in qs if (o := overdue_on(m, day, deadlines_of(m, cache))) is not None]
    return sorted(found, key=lambda o: (o.due, o.movement.pk))
