"""The inspection report as Excel, written through `core.spreadsheets` (a unit's name typed as a formula stays
text): the organization's total, its own cases, then one line per unit under it; opened and concluded per kind."""

from __future__ import annotations

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .enums import CaseKind
from .report import KINDS, Figures, Report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    heads = ["Đơn vị", "Mở (tổng)", "Kết luận (tổng)"]
    for kind in KINDS:
        label = str(CaseKind(kind).label)
        heads += [f"{label}: mở", f"{label}: kết luận"]
    return heads


def _values(figures: Figures) -> list[int]:
    values = [figures.opened_total, figures.concluded_total]
    for kind in KINDS:
        values += [figures.opened.get(kind, 0), figures.concluded.get(kind, 0)]
    return values


def build_workbook(report: Report) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Kiểm tra {report.day:%d-%m-%Y}", widths=[40, 11, 11, *[16] * (2 * len(KINDS))])
    append_row(sheet, [f"Kiểm tra, giám sát từ {report.year_start:%d/%m/%Y} đến {report.day:%d/%m/%Y}"])
    append_row(sheet, _headers())
    append_list_row(sheet, [f"{report.root.qualified_name} (toàn đảng bộ)", *_values(report.total)])
    for row in report.rows:
        name = row.organization.qualified_name
        if row.organization.pk == report.root.pk:
            name = f"{name} (tự tiến hành)"
        append_list_row(sheet, [name, *_values(row.figures)])
    return workbook_bytes(book)
