"""The year's report as an Excel workbook: summary, by sector, below target, over the years.

Shares are real numbers (0.88 shown as 88,0% by the cell format), so they can be summed and charted in
Excel; counts are integers. Headers are Vietnamese, the header rows frozen. Written through
`core.spreadsheets`, so an organization name typed as a formula stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangbo.core.spreadsheets import append_row, new_workbook, workbook_bytes
from dangbo.documents.frame import DocumentInfo
from dangbo.planning.selectors import METRICS, Figure

from .content import STATUS_TEXT, shortfall
from .year_report import YearReport, metric_label

PERCENT_FORMAT = "0.0%"
HEADER_ROW = 3  # row 1: title, row 2: organization and year


def share(figure: Figure) -> float | None:
    """The share as a fraction for a percent-formatted cell (exact: numerator / denominator)."""
    return figure.numerator / figure.denominator if figure.denominator else None


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 6)  # the shares arrive rounded to 0.01 point


def _sheet(wb: Workbook, title: str, heading: str, subheading: str, columns: Sequence[tuple[str, int]]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws["A1"] = heading
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = subheading
    ws["A2"].font = Font(italic=True)
    fill = PatternFill("solid", fgColor="B3101B")
    for index, (header, width) in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    return ws


def _append(ws: Worksheet, values: Sequence[Any], percent_columns: Sequence[int]) -> None:
    append_row(ws, values)
    for column in percent_columns:
        ws.cell(row=ws.max_row, column=column).number_format = PERCENT_FORMAT


def build_workbook(report: YearReport, info: DocumentInfo) -> bytes:
    """The .xlsx file of `report`."""
    wb = new_workbook()
    wb.remove(wb.active)
    heading = f"{info.issuer} — {info.subtitle}"
    sub = f"{report.organization.name}, năm {report.year}"

    summary_columns = [("Chỉ tiêu", 44), ("Số đạt", 10), ("Tổng số", 10), ("Tỷ lệ", 10), ("Chỉ tiêu kế hoạch", 16),
                       ("Đánh giá", 14), ("Căn cứ", 24)]  # fmt: skip
    ws = _sheet(wb, "Tổng hợp", heading, sub, summary_columns)
    for f in report.figures:
        _append(ws, [metric_label(f.metric), f.numerator, f.denominator, share(f), f.target_text,
                     STATUS_TEXT[f.status], f.source], [4])  # fmt: skip

    labels = [metric_label(m) for m in METRICS]
    ws = _sheet(wb, "Theo loại hình", heading, sub, [("Loại hình", 40), ("Chỉ tiêu", 40), ("Số đạt", 10),
                                                     ("Tổng số", 10), ("Tỷ lệ", 10), ("Đánh giá", 14)])  # fmt: skip
    for sector in report.sectors:
        for label, f in zip(labels, sector.ordered(), strict=True):
            _append(ws, [str(sector.org_type_label), label, f.numerator, f.denominator, share(f),
                         STATUS_TEXT[f.status]], [5])  # fmt: skip

    ws = _sheet(wb, "Chưa đạt chỉ tiêu", heading, sub, [("TT", 6), ("Tổ chức cơ sở đảng", 40), ("Chỉ tiêu", 40),
                                                        ("Số đạt", 10), ("Tổng số", 10), ("Tỷ lệ", 10),
                                                        ("Chỉ tiêu kế hoạch", 16), ("Lý do chưa đạt", 40)])  # fmt: skip
    for i, b in enumerate(report.below, start=1):
        f = b.figure
        _append(ws, [i, b.name, metric_label(f.metric), f.numerator, f.denominator, share(f), f.target_text,
                     shortfall(f)], [6])  # fmt: skip
    if report.below_total > len(report.below):
        append_row(ws, [None, f"Còn {report.below_total - len(report.below)} trường hợp khác (xem trang chỉ tiêu)."])

    ws = _sheet(wb, "Qua các năm", heading, sub, [("Năm", 8)] + [(label, 22) for label in labels])
    for row in report.trends:
        _append(ws, [row.year, *[_fraction(row.values[m]) for m in METRICS]], [2, 3, 4, 5])

    return workbook_bytes(wb)
