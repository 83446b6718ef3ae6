"""The one way the system writes spreadsheets (.xlsx) and CSV files: no text a user typed ever becomes a formula.

A name such as ``=HYPERLINK("http://…","…")`` written as-is becomes a live formula in Excel (openpyxl
itself turns any text starting with "=" into a formula cell, and "#N/A" into an error cell). Text that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is therefore written as a plain string
cell with Excel's "quote prefix" flag: the cell shows exactly the text typed, Excel never evaluates it,
not even when a user edits the cell later. Numbers and dates keep their types. In CSV, where a cell has
no type, such text is prefixed with an apostrophe (OWASP's advice for CSV injection).

Every workbook is created by `new_workbook` and turned into bytes by `workbook_bytes`, which checks every
cell of an ordinary workbook once more before saving. A write-only (streamed) workbook cannot be checked
after the fact, so its rows go through `append_row`. A test scans the code so that no export bypasses
this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# Spreadsheet programs start a formula (or a DDE call) with these; a tab or CR hides one after it.
DATE_FORMAT = "DD/MM/YYYY"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """True for text a spreadsheet program could evaluate: it starts like a formula or reads as an error code."""
    return isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES)


def guard(cell: Cell | WriteOnlyCell) -> Cell | WriteOnlyCell:
    """Make a text cell plain text (string type, quote prefix) when it could be read as a formula."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A new workbook; a write-only one streams its rows (use `append_row`)."""
    return Workbook(write_only=write_only)


def text_safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell of a write-only sheet (to style it before `append_row`), guarded like every other cell."""
    cell = WriteOnlyCell(sheet, value=value)
    guard(cell)
    return cell


def append_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append one row; text that could be read as a formula is written as plain text."""
    if isinstance(sheet, WriteOnlyWorksheet):
        row = [text_safe_cell(sheet, v) if looks_like_formula(v) else v for v in values]
        sheet.append(row)
        return
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        guard(cell)


def list_sheet(book: Workbook, title: str, *, widths: Iterable[int]) -> WriteOnlyWorksheet:
    """A new sheet of a write-only list: the columns at `widths`, the first row (the header) frozen."""
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def append_list_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append one row of a list (as `append_row`), its dates real Excel dates shown dd/mm/yyyy."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, dt.date):
            cell = text_safe_cell(sheet, value)
            cell.number_format = DATE_FORMAT
            row.append(cell)
        else:
            row.append(value)
    append_row(sheet, row)


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of `book`. Every cell of an ordinary workbook is checked first, however it was set."""
    if not book.write_only:
        for sheet in book.worksheets:
            if not isinstance(sheet, Worksheet):
                continue  # a chart sheet holds no cells
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell, Cell):
                        guard(cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_value(value: Any) -> str:
    """A value as CSV text: dates dd/mm/yyyy, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if looks_like_formula(text) and not isinstance(value, numbers.Number) else text


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, so Excel reads Vietnamese correctly) of `rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
