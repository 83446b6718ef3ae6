"""The dues statement a unit sends up for a month or a quarter ("Báo cáo thu, nộp đảng phí").

`statement(unit, months)` reads the cells' monthly sums of the unit's subtree (`CellDuesMonth`, never the ledger),
splits them by the shares of the rule set in force each month (`shares.py`) and sets beside them the remittances
recorded for whole months of the period: for the unit and for each unit directly below it, collected, kept,
to remit, remitted and the difference. Four queries whatever the size of the tree.

The statement is laid out as Excel (`statement_workbook`, through `core.spreadsheets`) and as a Word document in
the party's format (`document_templates/bao-cao-thu-nop-dang-phi.docx`, filled through `documents.rendering`;
PDF by the documents job).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from dangbo.core.spreadsheets import append_row, new_workbook, workbook_bytes
from dangbo.documents.frame import DocumentInfo, document_frame
from dangbo.organizations.models import Organization

from .models import Remittance
from .shares import Flow, explanation, flows, load_tree, rule_for_month

APP = "dues"
TEMPLATE = "bao-cao-thu-nop-dang-phi.docx"
TITLE = "BÁO CÁO"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_months(year: int, *, month: int | None = None, quarter: int | None = None) -> list[dt.date]:
    """The first days of the months of a month or a quarter of `year`."""
    if month is not None:
        return [dt.date(year, month, 1)]
    if quarter is None or not 1 <= quarter <= 4:
        raise ValueError("a month or a quarter")
    return [dt.date(year, 3 * (quarter - 1) + m, 1) for m in (1, 2, 3)]


def period_label(months: list[dt.date]) -> str:
    if len(months) == 1:
        return f"tháng {months[0]:%m/%Y}"
    if len(months) == 3 and months[0].month % 3 == 1:
        return f"quý {(months[0].month - 1) // 3 + 1} năm {months[0].year}"
    return f"từ tháng {months[0]:%m/%Y} đến tháng {months[-1]:%m/%Y}"


@dataclass(frozen=True)
class StatementRow:
    organization: Organization
    collected: int
    retained: int
    to_remit: int
    remitted: int

    @property
    def difference(self) -> int:
        """Still to remit (positive) or remitted beyond the share (negative)."""
        return self.to_remit - self.remitted


@dataclass(frozen=True)
class Statement:
    unit: Organization
    months: list[dt.date]
    total: StatementRow
    children: list[StatementRow]
    explanation: str

    @property
    def label(self) -> str:
        return period_label(self.months)

    @property
    def received(self) -> int:
        return self.total.retained + self.total.to_remit


def _remitted(org_ids: list[int], first: dt.date, last: dt.date) -> dict[int, int]:
    rows = (
        Remittance.objects.filter(from_organization_id__in=org_ids, period_start__gte=first, period_end__lte=last)
        .values("from_organization_id")
        .annotate(total=Sum("amount"))
    )
    return {r["from_organization_id"]: int(r["total"] or 0) for r in rows}


CHILD_FIELDS = ("id", "name", "code", "kind", "path", "parent_id", "sort_key", "dissolved_on")


def statement(unit: Organization, months: list[dt.date]) -> Statement:
    """The statement of `unit` for `months` (first days, in order): the unit's line and one line per unit
    directly below it (active ones, and dissolved ones that still have money in the period)."""
    months = sorted({m.replace(day=1) for m in months})
    tree = load_tree(unit, months)
    children = [n.pk for n in tree.nodes.values() if n.parent_id == unit.pk]
    by_org = flows(tree, months, units=[unit.pk, *children])
    remitted = _remitted([unit.pk, *children], months[0], months[-1])
    names = Organization.objects.filter(parent=unit).only(*CHILD_FIELDS).order_by("sort_key")
    rows = []
    for child in names:
        f = by_org.get(child.pk, Flow())
        if child.dissolved_on is not None and not (f.collected or remitted.get(child.pk)):
            continue
        rows.append(StatementRow(child, f.collected, f.retained, f.to_remit, remitted.get(child.pk, 0)))
    own = by_org.get(unit.pk, Flow())
    total = StatementRow(unit, own.collected, own.retained, own.to_remit, remitted.get(unit.pk, 0))
    return Statement(unit, months, total, rows, explanation(rule_for_month(months[-1])))


# --- Excel ------------------------------------------------------------------------------------------------------

HEADER = ["Đơn vị", "Số thu", "Giữ lại", "Phải nộp cấp trên", "Đã nộp", "Chênh lệch"]


def _cells(row: StatementRow) -> list[Any]:
    return [row.organization.name, row.collected, row.retained, row.to_remit, row.remitted, row.difference]


def statement_workbook(s: Statement) -> bytes:
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Thu nộp đảng phí"
    append_row(sheet, ["BÁO CÁO THU, NỘP ĐẢNG PHÍ"])
    append_row(sheet, [s.unit.name, s.label])
    append_row(sheet, [])
    append_row(sheet, HEADER)
    for row in s.children:
        append_row(sheet, _cells(row))
    append_row(sheet, ["Cộng " + s.unit.name, *(_cells(s.total)[1:])])
    append_row(sheet, [])
    append_row(sheet, ["Đơn vị tính: đồng. " + s.explanation])
    for letter, width in zip("ABCDEF", (46, 16, 16, 18, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for row_cells in sheet.iter_rows(min_row=5, min_col=2, max_col=6):
        for cell in row_cells:
            cell.number_format = "#,##0"
    return workbook_bytes(book)


# --- the Word document ------------------------------------------------------------------------------------------


def money(amount: int) -> str:
    """12.345.678 (the Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def frame_for(s: Statement, *, day: dt.date) -> DocumentInfo:
    return document_frame(s.unit, title=TITLE, subtitle=f"Thu, nộp đảng phí {s.label}", day=day)


def fields_for(s: Statement) -> dict[str, Any]:
    def line(row: StatementRow) -> dict[str, str]:
        return {
            "name": row.organization.name, "collected": money(row.collected), "retained": money(row.retained),
            "to_remit": money(row.to_remit), "remitted": money(row.remitted), "difference": money(row.difference),
        }  # fmt: skip

    return {
        "unit_name": s.unit.name,
        "period": s.label,
        "rows": [line(r) for r in s.children],
        "total": line(s.total),
        "received": money(s.received),
        "explanation": s.explanation,
    }


def file_name(s: Statement, extension: str) -> str:
    return f"thu-nop-dang-phi-{s.unit.code}-{s.months[0]:%Y%m}-{s.months[-1]:%Y%m}.{extension}".lower()
