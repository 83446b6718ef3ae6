"""The admission lists as Excel: candidates, and probationary members with the recognition vote's due date.

Written through `core.spreadsheets` (a name typed as a formula stays text); dates are real Excel dates shown
dd/mm/yyyy. The recognition vote is due within 30 working days after probation ends (rules.md §2), counted on
the working-day calendar; a due date in a year whose calendar is not entered yet is marked "(tạm tính)".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from dangbo.core.calendar import add_working_days, year_is_loaded
from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .documents import full_membership_day
from .enums import Stage
from .models import Candidate

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECOGNITION_VOTE_WORKING_DAYS = 30


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Candidate], Any]


def _proposer(candidate: Candidate) -> str:
    label = str(candidate.get_proposer_kind_display())
    return f"{label}: {candidate.proposer_name}" if candidate.proposer_name else label


def recognition_due(candidate: Candidate) -> dt.date | None:
    end = full_membership_day(candidate)
    return add_working_days(end, RECOGNITION_VOTE_WORKING_DAYS) if end else None


def _due_note(candidate: Candidate) -> str:
    due = recognition_due(candidate)
    return "tạm tính: lịch nghỉ của năm chưa được nhập" if due and not year_is_loaded(due.year) else ""


CANDIDATE_COLUMNS = [
    Column("Họ và tên", 28, lambda c: c.full_name),
    Column("Ngày sinh", 12, lambda c: c.birth_date),
    Column("Chi bộ", 30, lambda c: c.cell.name),
    Column("Tổ chức giới thiệu", 30, _proposer),
    Column("Giai đoạn", 34, lambda c: str(c.get_stage_display())),
    Column("Ngày giới thiệu", 12, lambda c: c.proposed_on),
    Column("Ngày cấp giấy chứng nhận", 12, lambda c: c.course_passed_on),
    Column("Ngày nộp đơn", 12, lambda c: c.applied_on),
    Column("Ngày quyết định kết nạp", 12, lambda c: c.decided_on),
    Column("Ngày lễ kết nạp", 12, lambda c: c.ceremony_on),
]

PROBATION_COLUMNS = [
    Column("Họ và tên", 28, lambda c: c.full_name),
    Column("Ngày sinh", 12, lambda c: c.birth_date),
    Column("Chi bộ", 30, lambda c: c.cell.name),
    Column("Ngày lễ kết nạp", 12, lambda c: c.ceremony_on),
    Column("Ngày hết thời gian dự bị", 12, full_membership_day),
    Column("Hạn biểu quyết công nhận chính thức", 14, recognition_due),
    Column("Ghi chú", 30, _due_note),
]


def candidates_list(qs: QuerySet[Candidate], *, year: int | None) -> QuerySet[Candidate]:
    """Candidacies proposed in `year` (all years when None), every stage."""
    if year is not None:
        qs = qs.filter(proposed_on__year=year)
    return qs.select_related("cell").order_by("cell__sort_key", "sort_key", "pk")


def probationary_list(qs: QuerySet[Candidate], *, year: int | None) -> QuerySet[Candidate]:
    """Probationary members (admitted, not yet recognized), admitted at a ceremony in `year` when given."""
    qs = qs.filter(stage=Stage.PROBATION)
    if year is not None:
        qs = qs.filter(ceremony_on__year=year)
    return qs.select_related("cell").order_by("ceremony_on", "sort_key", "pk")


def build_workbook(qs: QuerySet[Candidate], columns: list[Column], *, title: str) -> tuple[bytes, int]:
    wb = new_workbook(write_only=True)
    ws = list_sheet(wb, title, widths=[column.width for column in columns])
    append_row(ws, [column.header for column in columns])
    rows = 0
    for candidate in qs.iterator(chunk_size=500):
        append_list_row(ws, [column.value(candidate) for column in columns])
        rows += 1
    return workbook_bytes(wb), rows
