"""The badge list of an award date and the report as Excel (through `core.spreadsheets`, text that looks like a
formula stays text), and the proposal list as a Word document in the party's format
(`document_templates/danh-sach-de-nghi-tang-huy-hieu-dang.docx`, filled through `documents.rendering`; PDF by the
documents job)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.documents.frame import DocumentInfo, document_frame
from dangbo.organizations.models import Organization

from .badge_list import BadgeRow
from .enums import BadgeKind, Verdict
from .report import BadgeReport

APP = "recognition"
TEMPLATE = "danh-sach-de-nghi-tang-huy-hieu-dang.docx"
TITLE = "DANH SÁCH"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_HEADER = ["STT", "Họ và tên", "Chi bộ", "Ngày quyết định kết nạp", "Tuổi đảng tại đợt", "Huy hiệu (năm)",
               "Ngày đủ tuổi đảng", "Kết quả", "Căn cứ"]  # fmt: skip
# In the proposal list: the badges proposed (or awarded) for the date, as a proposal is written.
PROPOSED_VERDICTS = frozenset({Verdict.PROPOSED, Verdict.AWARDED})
FORM_WORDING = {BadgeKind.REGULAR: "Tặng", BadgeKind.EARLY: "Tặng sớm", BadgeKind.POSTHUMOUS: "Truy tặng"}


def list_workbook(rows: Iterable[BadgeRow], *, unit: Organization, award_date: dt.date) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, "Huy hiệu Đảng", widths=(6, 28, 34, 14, 22, 10, 14, 24, 90))
    append_row(sheet, LIST_HEADER)
    for n, row in enumerate(rows, start=1):
        append_list_row(sheet, [n, row.person.name, row.person.cell_name, row.person.admitted, row.seniority.label(),
                                row.years, row.reached, str(row.verdict.label), row.explanation])  # fmt: skip
    append_row(sheet, [])
    append_row(sheet, [f"Danh sách xét tặng Huy hiệu Đảng đợt {award_date:%d/%m/%Y}: {unit.name}"])
    return workbook_bytes(book)


def report_workbook(report: BadgeReport) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, "Huy hiệu Đảng", widths=(14, 44, 16, 14, 14, 14))
    append_row(sheet, ["Đợt", "Đơn vị", "Trong danh sách", "Chưa xét (kỷ luật)", "Đã đề nghị", "Đã tặng"])
    names = {u.pk: u.name for u in report.units}
    for d in report.dates:
        for pk, f in d.by_unit.items():
            append_list_row(sheet, [d.award_date, names[pk], f.listed, f.blocked, f.proposed, f.awarded])
        t = d.total
        append_list_row(sheet, [d.award_date, f"Cộng {report.unit.name}", t.listed, t.blocked, t.proposed, t.awarded])
    append_row(sheet, [])
    append_row(sheet, [f"Huy hiệu Đảng năm {report.year}, số liệu đến ngày {report.as_of:%d/%m/%Y}"])
    return workbook_bytes(book)


def frame_for(unit: Organization, *, award_date: dt.date, day: dt.date) -> DocumentInfo:
    return document_frame(unit, title=TITLE, subtitle=f"Đề nghị tặng Huy hiệu Đảng đợt {award_date:%d/%m/%Y}",
                          day=day)  # fmt: skip


def fields_for(rows: Iterable[BadgeRow], *, unit: Organization, award_date: dt.date) -> dict[str, Any]:
    shown = [r for r in rows if r.verdict in PROPOSED_VERDICTS]
    return {
        "unit_name": unit.name,
        "award_date": f"{award_date:%d/%m/%Y}",
        "count": str(len(shown)),
        "rows": [
            {
                "n": str(i),
                "name": r.person.name,
                "cell": r.person.cell_name,
                "admitted": f"{r.person.admitted:%d/%m/%Y}",
                "seniority": r.seniority.label(),
                "years": str(r.years),
                "form": FORM_WORDING[r.kind] if r.kind else "Tặng",
            }
            for i, r in enumerate(shown, start=1)
        ],
    }


def file_name(unit: Organization, award_date: dt.date, extension: str) -> str:
    return f"huy-hieu-dang-{unit.code}-{award_date:%Y%m%d}.{extension}".lower()
