"""The arrears list as Excel, written through `core.spreadsheets`."""

from __future__ import annotations

from typing import Any

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.organizations.models import Organization

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
