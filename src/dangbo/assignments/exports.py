"""The tasks of a unit and year as Excel, written through `core.spreadsheets` (a title typed as a formula stays
text; dates are real Excel dates shown dd/mm/yyyy): one sheet of tasks, one of the active members without a task."""

from __future__ import annotations

from collections.abc import Iterable

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.members.models import Member

from .models import TaskAssignment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TASK_HEADERS = [
    ("Chi bộ", 30), ("Họ và tên", 26), ("Nhiệm vụ", 40), ("Loại nhiệm vụ", 20), ("Nội dung, yêu cầu", 40),
    ("Ngày giao", 12), ("Thời hạn", 12), ("Tiến độ (%)", 10), ("Ghi chú tiến độ", 30), ("Kết quả cuối năm", 22),
    ("Ngày hoàn thành", 12), ("Nhận xét", 30),
]  # fmt: skip
WITHOUT_HEADERS = [("Chi bộ", 30), ("Họ và tên", 26), ("Trạng thái", 22)]


def build_workbook(tasks: Iterable[TaskAssignment], without_task: Iterable[Member], *, year: int) -> tuple[bytes, int]:
    """The workbook and its number of task rows."""
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Nhiệm vụ năm {year}", widths=[w for _, w in TASK_HEADERS])
    append_row(sheet, [h for h, _ in TASK_HEADERS])
    rows = 0
    for t in tasks:
        append_list_row(sheet, [
            t.organization.qualified_name, t.member.full_name, t.title, str(t.get_kind_display()), t.details,
            t.assigned_on, t.deadline, t.progress, t.progress_note, str(t.get_result_display()) if t.result else "",
            t.completed_on, t.result_note,
        ])  # fmt: skip
        rows += 1
    missing = list_sheet(book, "Chưa được giao nhiệm vụ", widths=[w for _, w in WITHOUT_HEADERS])
    append_row(missing, [h for h, _ in WITHOUT_HEADERS])
    for m in without_task:
        append_list_row(missing, [m.organization.qualified_name, m.full_name, str(m.get_status_display())])
    return workbook_bytes(book), rows
