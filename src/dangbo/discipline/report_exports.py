"""The discipline report as Excel, written through `core.spreadsheets` (a name or a note typed as a formula stays
text): the sheet of figures (the organization's total, then one line per unit under it) and the sheet listing the
decisions counted."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes

from .enums import AppealResult, DisciplineForm
from .models import Discipline
from .report import Report, headers

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_HEADERS = [
    ("Ngày quyết định", 12), ("Số quyết định", 16), ("Đối tượng", 30), ("Đơn vị khi bị kỷ luật", 30),
    ("Hình thức", 12), ("Cấp ra quyết định", 30), ("Khiếu nại", 24), ("Ghi chú", 50),
]  # fmt: skip


def _form_on(d: Discipline, day: dt.date) -> str:
    settled = d.appeal_decided_on is not None and d.appeal_decided_on <= day
    form = d.original_form if d.appeal_result == AppealResult.CHANGED and not settled else d.form
    return str(DisciplineForm(form).label)


def _appeal(d: Discipline, day: dt.date) -> str:
    if d.appealed_on is None or d.appealed_on > day:
        return ""
    if d.appeal_result and d.appeal_decided_on is not None and d.appeal_decided_on <= day:
        return f"{AppealResult(d.appeal_result).label} ({d.appeal_decided_on:%d/%m/%Y})"
    return f"Khiếu nại ngày {d.appealed_on:%d/%m/%Y}, đang giải quyết"


def build_workbook(report: Report, decisions: list[Discipline]) -> bytes:
    """The workbook, in Vietnamese whatever the page's language (the report goes to the party's files)."""
    with translation.override("vi"):
        return _build(report, decisions)


def _build(report: Report, decisions: list[Discipline]) -> bytes:
    book = new_workbook(write_only=True)
    titles = headers()
    sheet = list_sheet(book, f"Kỷ luật {report.day:%d-%m-%Y}", widths=[40, *[12] * len(titles)])
    append_row(sheet, [f"Kỷ luật theo hình thức và cấp từ {report.start:%d/%m/%Y} đến {report.day:%d/%m/%Y}"])
    append_row(sheet, ["Đơn vị", *titles])
    append_list_row(sheet, [report.root.qualified_name, *report.total.values()])
    for row in report.rows:
        if row.organization.pk != report.root.pk:
            append_list_row(sheet, [row.organization.qualified_name, *row.figures.values()])
    listing = list_sheet(book, "Danh sách quyết định", widths=[w for _, w in LIST_HEADERS])
    append_row(listing, [h for h, _ in LIST_HEADERS])
    for d in decisions:
        append_list_row(listing, [
            d.decision_date, d.decision_number, d.subject_name, d.organization_at_decision.qualified_name,
            _form_on(d, report.day), d.deciding_organization.name, _appeal(d, report.day), d.note,
        ])  # fmt: skip
    return workbook_bytes(book)
