"""The movements report as Excel, written through `core.spreadsheets` (a unit's name typed as a formula stays
text): the organization's total, then one line per unit under it."""

from __future__ import annotations

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .report import FIELDS, Figures, Report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    ("Đơn vị", 40), ("Đảng viên trong danh sách", 14), ("Đang miễn sinh hoạt", 12), ("Đang ở nước ngoài", 12),
    ("Đang sinh hoạt tạm thời nơi khác", 14), ("Chuyển đến", 11), ("Chuyển đi", 11), ("Sinh hoạt tạm thời đi", 12),
    ("Sinh hoạt tạm thời đến", 12), ("Miễn sinh hoạt", 11), ("Đi nước ngoài", 11),
]  # fmt: skip


def _values(figures: Figures) -> list[int]:
    return [getattr(figures, name) for name in FIELDS]


def build_workbook(report: Report) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Biến động {report.day:%d-%m-%Y}", widths=[w for _, w in HEADERS])
    append_row(sheet, [f"Biến động đảng viên từ {report.year_start:%d/%m/%Y} đến {report.day:%d/%m/%Y}"])
    append_row(sheet, [h for h, _ in HEADERS])
    append_list_row(sheet, [report.root.qualified_name, *_values(report.total)])
    for row in report.rows:
        if row.organization.pk != report.root.pk:
            append_list_row(sheet, [row.organization.qualified_name, *_values(row.figures)])
    return workbook_bytes(book)
