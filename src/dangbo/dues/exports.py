"""The arrears list and a cell's ledger as Excel, written through `core.spreadsheets`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.organizations.models import Organization

from .models import DuesMonth

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [("Chi bộ", 30), ("Họ và tên", 26), ("Số tháng chưa đóng", 12), ("Các tháng", 40), ("Số tiền còn nợ", 16)]


def arrears_workbook(rows: list[dict[str, Any]], *, unit: Organization, year: int) -> bytes:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, f"Nợ đảng phí năm {year}", widths=[w for _, w in HEADERS])
    append_row(sheet, [f"{unit.name}: đảng viên chưa đóng đảng phí năm {year}"])
    append_row(sheet, [h for h, _ in HEADERS])
    for r in rows:
        member = r["member"]
        append_list_row(sheet, [member.organization.qualified_name, member.full_name, r["months"],
                                ", ".join(r["month_list"]), r["amount"]])  # fmt: skip
    return workbook_bytes(book)


LEDGER_HEADERS = [
    ("Tháng", 9), ("Họ và tên", 26), ("Đối tượng", 30), ("Căn cứ tính (đồng)", 14), ("Phải đóng (đồng)", 12),
    ("Đã đóng (đồng)", 12), ("Đóng thêm (đồng)", 12), ("Còn nợ (đồng)", 12), ("Ngày đóng", 12),
    ("Hình thức nộp", 22), ("Mã giao dịch, số biên lai", 20), ("Lý do chưa đóng", 30), ("Cách tính", 80),
]  # fmt: skip


def ledger_workbook(rows: Iterable[DuesMonth], *, cell: Organization, period: str) -> tuple[bytes, int]:
    """The cell's ledger rows (one member's month each) and how many were written."""
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, "Sổ đảng phí", widths=[w for _, w in LEDGER_HEADERS])
    append_row(sheet, [f"{cell.qualified_name}: sổ đảng phí {period}"])
    append_row(sheet, [h for h, _ in LEDGER_HEADERS])
    count = 0
    for r in rows:
        append_list_row(sheet, [
            f"{r.month:%m/%Y}", r.member.full_name, r.get_category_display(), r.base, r.due, r.paid, r.extra,
            max(r.due - r.paid, 0), r.paid_on, r.get_channel_display(), r.reference, r.excused_reason, r.explanation,
        ])  # fmt: skip
        count += 1
    return workbook_bytes(book), count
