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
import re
import zipfile
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


# ---------------------------------------------------------------------------------------------
# Long lists: one sheet written straight to its XML


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DAY_ZERO = _EXCEL_EPOCH.toordinal()
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0, dropped
_NEEDS_ESCAPE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Cell styles of `_STYLES`: 0 plain, 1 a date dd/mm/yyyy, 2 text with the quote prefix, 3 the header.
_DATE_STYLE, _QUOTED_STYLE, _HEADER_STYLE = 1, 2, 3
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFB3101B"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId0" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>{sheets}</Relationships>',
    "xl/styles.xml": _STYLES,
}


def _xml_text(text: str) -> str:
    return _ILLEGAL_XML.sub("", text).translate(_XML_ESCAPES)


def _other(value: Any) -> str:
    """A cell that is neither text nor a date, after its reference: a number, a true/false, a date and time."""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH) / dt.timedelta(days=1)
        return f' s="{_DATE_STYLE}"><v>{serial}</v></c>'
    if isinstance(value, dt.date):  # a subclass of date
        return f' s="{_DATE_STYLE}"><v>{value.toordinal() - _DAY_ZERO}</v></c>'
    if isinstance(value, numbers.Number):
        return f"><v>{value}</v></c>"
    raise TypeError(f"cannot write {type(value).__name__} to a list file")


class ListFile:
    """An .xlsx list (a header row, then rows of values) streamed straight into its zip archive.

    For lists of many thousands of rows, where building a cell object per value (openpyxl, even write-only)
    costs most of the time. The guarantee is the same as every other writer here: text is written as an
    inline string, which a spreadsheet program never evaluates, and text that looks like a formula carries the
    quote prefix as well; numbers stay numbers, dates are real dates shown dd/mm/yyyy; the header row is frozen.
    A sheet holds at most `SHEET_ROWS` rows (a spreadsheet's limit is 1,048,576) and `SHEET_BYTES` of XML: a
    longer list goes on in a next sheet ("Title (2)", …) with the same header. Rows are buffered and written
    in blocks; `finish` returns the file's bytes.
    """

    BLOCK = 1000
    REMEMBERED_TEXTS = 50_000
    SHEET_ROWS = 1_000_000  # data rows a sheet holds
    # No zip64 records (some spreadsheet programs refuse them where they are not needed), so a sheet's XML stays
    # under the 2 GB that would need them (100,000 members: ~110 MB).
    SHEET_BYTES = 1_500_000_000

    def __init__(self, title: str, *, headers: Sequence[str], widths: Sequence[int]) -> None:
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._title = title
        self._headers = list(headers)
        self._letters = [get_column_letter(i) for i in range(1, max(len(headers), len(widths)) + 1)]
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
        self._sheet_head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        self.rows = 0  # data rows written, in every sheet
        self._sheets: list[str] = []  # the sheets' names
        self._texts: dict[str, str] = {}
        self._open_sheet()

    def append(self, values: Sequence[Any]) -> None:
        """One data row. (The hot loop of a long export: the common types first, text remembered.)"""
        if self._number > self.SHEET_ROWS or self._written > self.SHEET_BYTES:
            self._close_sheet()
            self._open_sheet()
        number = self._number + 1
        texts = self._texts
        cells = []
        for letter, value in zip(self._letters, values, strict=False):
            kind = type(value)
            if kind is str:
                if value:
                    cells.append(f'<c r="{letter}{number}"{texts.get(value) or self._text(value)}')
            elif kind is dt.date:
                cells.append(f'<c r="{letter}{number}" s="{_DATE_STYLE}"><v>{value.toordinal() - _DAY_ZERO}</v></c>')
            elif kind is int:
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
            elif isinstance(value, str):  # a subclass of str
                if value:
                    cells.append(f'<c r="{letter}{number}"{self._text(str(value))}')
            elif value is not None:
                cells.append(f'<c r="{letter}{number}"{_other(value)}')
        self._row(number, cells)
        self.rows += 1

    def _open_sheet(self) -> None:
        """A new sheet, its header row written: the first named by the title, the next ones numbered."""
        index = len(self._sheets) + 1
        suffix = "" if index == 1 else f" ({index})"
        name = self._title[: 31 - len(suffix)].rstrip() + suffix  # a sheet's name holds 31 characters
        self._sheets.append(name)
        self._sheet = self._zip.open(f"xl/worksheets/sheet{index}.xml", "w")
        self._pending: list[str] = [self._sheet_head]
        self._number = 0  # the sheet's last row
        self._written = 0  # bytes of the sheet's XML written
        tail = ' t="inlineStr" s="{}"><is><t xml:space="preserve">{}</t></is></c>'
        cells = [
            f'<c r="{letter}1"{tail.format(_HEADER_STYLE, _xml_text(str(h)))}'
            for letter, h in zip(self._letters, self._headers, strict=False)
        ]
        self._row(1, cells)

    def _close_sheet(self) -> None:
        self._pending.append("</sheetData></worksheet>")
        self._flush()
        self._sheet.close()

    def _row(self, number: int, cells: list[str]) -> None:
        self._pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        self._number = number
        if len(self._pending) >= self.BLOCK:
            self._flush()

    def _text(self, value: str) -> str:
        """A text cell after its reference, remembered: lists repeat their labels, cells and places."""
        shown_as = f' s="{_QUOTED_STYLE}"' if looks_like_formula(value) else ""
        text = _xml_text(value) if _NEEDS_ESCAPE.search(value) else value
        tail = f' t="inlineStr"{shown_as}><is><t xml:space="preserve">{text}</t></is></c>'
        if len(self._texts) < self.REMEMBERED_TEXTS:
            self._texts[value] = tail
        return tail

    def _flush(self) -> None:
        data = "".join(self._pending).encode("utf-8")
        self._sheet.write(data)
        self._written += len(data)
        self._pending = []

    def finish(self) -> bytes:
        """The file's bytes (the list is closed: no row can be added after)."""
        self._close_sheet()
        numbers = range(1, len(self._sheets) + 1)
        worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
        parts = {
            "[Content_Types].xml": "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{worksheet}"/>' for n in numbers
            ),
            "xl/_rels/workbook.xml.rels": "".join(
                f'<Relationship Id="rId{n}" Type="{relation}" Target="worksheets/sheet{n}.xml"/>' for n in numbers
            ),
        }
        for name, xml in _PACKAGE.items():
            self._zip.writestr(name, xml.replace("{sheets}", parts.get(name, "")))
        sheets = "".join(
            f'<sheet name="{_xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(self._sheets, 1)
        )
        self._zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        self._zip.close()
        return self._buffer.getvalue()
