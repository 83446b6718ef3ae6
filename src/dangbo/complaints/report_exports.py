"""The letters' Excel files, written through `core.spreadsheets` (a summary typed as a formula stays text): the
list (as filtered; never the person's identity) and the report per unit as of a day."""

from __future__ import annotations

from collections.abc import Iterable

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .enums import ComplaintKind
from .models import Complaint
from .report import LettersReport, ReportRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_HEADERS = [
    ("Ngày nhận", 12), ("Số thụ lý", 12), ("Loại đơn", 20), ("Hình thức nhận", 16), ("Đơn vị giải quyết", 36),
    ("Đối tượng", 30), ("Nội dung tóm tắt", 60), ("Tình trạng", 22), ("Hạn giải quyết", 12), ("Kết quả", 20),
    ("Ngày giải quyết", 12), ("Ngày trả lời", 12), ("Lý do không xem xét", 26),
]  # fmt: skip
REPORT_HEADERS = [
    ("Đơn vị giải quyết", 40), ("Số đơn nhận", 10), *[(str(k.label), 12) for k in ComplaintKind],
    ("Không xem xét", 12), ("Đã giải quyết", 12), ("Đang giải quyết", 12), ("Quá hạn", 10),
]  # fmt: skip


def list_workbook(letters: Iterable[Complaint]) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, "Đơn khiếu nại, tố cáo", widths=[w for _, w in LIST_HEADERS])
    append_row(sheet, [h for h, _ in LIST_HEADERS])
    for c in letters:
        append_list_row(sheet, [
            c.received_on, c.reference, c.get_kind_display(), c.get_channel_display(),
            c.handling_organization.qualified_name, c.subject_name, c.summary, c.get_state_display(), c.due_on,
            c.get_result_display(), c.resolved_on, c.replied_on, c.get_not_considered_reason_display(),
        ])  # fmt: skip
    return workbook_bytes(book)


def _figures(row: ReportRow) -> list[int]:
    return [row.received, *row.by_kind.values(), row.not_considered, row.resolved, row.handling, row.overdue]


def report_workbook(report: LettersReport) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Năm {report.year}", widths=[w for _, w in REPORT_HEADERS])
    append_row(sheet, [f"Đơn khiếu nại, tố cáo nhận trong năm {report.year}, tình hình đến ngày "
                       f"{report.as_of:%d/%m/%Y}"])  # fmt: skip
    append_row(sheet, [h for h, _ in REPORT_HEADERS])
    for row in report.rows:
        append_list_row(sheet, [row.unit_name, *_figures(row)])
    append_list_row(sheet, [report.total.unit_name, *_figures(report.total)])
    return workbook_bytes(book)
