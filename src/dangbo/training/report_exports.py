"""The training coverage report as Excel, written through `core.spreadsheets` (a unit's name typed as a formula
stays text): the organization's total, then one line per unit under it."""

from __future__ import annotations

from typing import Any

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .report import LEVELS, Coverage, Report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    ("Đơn vị", 40), ("Đảng viên trong danh sách", 14), ("Đảng viên mới đến hạn học lớp", 14),
    ("Đã học đúng hạn", 12), ("Tỷ lệ đúng hạn (%)", 12),
    *((f"LLCT: {level.label}", 12) for level in LEVELS),
    ("Bí thư chi bộ", 10), ("Bí thư có giấy chứng nhận bồi dưỡng còn giá trị", 16), ("Số lớp mở trong năm", 12),
    ("Lượt học viên", 12), ("Lượt đạt", 10),
]  # fmt: skip


def _values(c: Coverage) -> list[Any]:
    percent = c.new_on_time_percent
    return [
        c.on_rolls, c.new_due, c.new_on_time, "" if percent is None else percent,
        *(n for _, n in c.level_counts()),
        c.secretaries, c.secretaries_refreshed, c.courses, c.enrolled, c.passed,
    ]  # fmt: skip


def build_workbook(report: Report) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Đào tạo {report.day:%d-%m-%Y}", widths=[w for _, w in HEADERS])
    append_row(sheet, [f"Đào tạo, bồi dưỡng từ {report.year_start:%d/%m/%Y} đến {report.day:%d/%m/%Y}"])
    append_row(sheet, [h for h, _ in HEADERS])
    append_list_row(sheet, [report.root.qualified_name, *_values(report.total)])
    for row in report.rows:
        if row.organization.pk != report.root.pk:
            append_list_row(sheet, [row.organization.qualified_name, *_values(row.coverage)])
    return workbook_bytes(book)
