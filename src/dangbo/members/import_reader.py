"""Reading an import file's sheets as rows of cell values (decision 0057).

python-calamine (a binding of the Rust `calamine` reader) reads a sheet several times faster than openpyxl's
read-only mode, but it first builds a dense grid of the sheet's used range: a single cell at XFD1048576 would make
it allocate seventeen billion cells. So every worksheet part is scanned before calamine sees the file
(`_within_reach`): each cell must carry its reference, within the columns A to AZ and within the row bound of the
import's limits. A sheet beyond that (a stray cell far away, a writer that leaves out references) is read with
openpyxl's streaming reader over the template's columns only, as before: slower, never unbounded.

Both readers give the same values: text, int (whole numbers), float, date or datetime, bool, and None for a blank
cell or a formula without a cached value. `tests/members/test_import_reader.py` pins them.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from python_calamine import CalamineWorkbook

from dangbo.core.errors import DomainError

from .import_container import NOT_EXCEL, ImportLimits, check_container

# Rows a sheet may reach beyond the row limit (blank or formatted rows) and still be read by calamine.
ROW_SLACK = 1000
# Columns A..AZ: the template has 23, a user may add a few of their own. A reference beyond (two letters from
# BA, or three letters) sends the sheet to openpyxl.
_FAR_COLUMN = rb"(?:[A-Za-z]{3}|[B-Zb-z][A-Za-z])"


@contextmanager
def _quiet() -> Iterator[None]:
    # Files saved by other spreadsheet programs make openpyxl warn about styles and extensions it
    # drops; those are harmless for reading values.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def open_workbook(fileobj: Any, *, limits: ImportLimits) -> Workbook:
    """Open with openpyxl read-only (rows are streamed, not loaded whole) once the container passed its check.
    A file openpyxl cannot read is refused."""
    check_container(fileobj, max_uncompressed_bytes=limits.max_uncompressed_bytes)
    try:
        with _quiet():
            return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean "not a readable workbook"
        raise DomainError(NOT_EXCEL, field="file") from exc


def _numbers_above(bound: int) -> bytes:
    """A pattern matching the decimal numbers (leading zeros allowed) greater than `bound`."""
    digits = str(bound)
    above = [rf"[1-9]\d{{{len(digits)},}}"]  # more digits
    for i, digit in enumerate(digits):  # same length: equal up to position i, greater there
        if digit != "9":
            above.append(rf"{digits[:i]}[{int(digit) + 1}-9]\d{{{len(digits) - i - 1}}}")
    return ("0*(?:" + "|".join(above) + ")").encode()


def _within_reach(data: bytes, *, max_row: int) -> bool:
    """Whether the grid calamine would build for each worksheet is bounded: every cell is written `<c r="…"`, its
    reference first (so none is placed implicitly after the one before it), no cell is written with a namespace
    prefix (it would escape that check), and no reference lies beyond column AZ or row `max_row`. Two searches
    led by a literal, over parts whose size the container check has bounded: about a second for 100,000 rows."""
    out_of_reach = re.compile(
        rb'<c(?:(?=[\s/>])(?! r=")|'  # a cell whose reference is missing or not first
        rb' r="(?:(?![A-Za-z]{1,2}[0-9]{1,9}")|'  # or a reference that is not a plain one
        + _FAR_COLUMN
        + rb"|[A-Za-z]{1,2}"
        + _numbers_above(max_row)
        + rb'"))'
    )
    prefixed_cell = re.compile(rb":c[\s/>]")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.infolist():
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                xml = archive.read(part)
                if out_of_reach.search(xml) or prefixed_cell.search(xml):
                    return False
    return True


def _unreadable(exc: BaseException) -> bool:
    """Whether `exc`, raised while calamine reads, means the file cannot be read: any error, and a panic of the
    Rust reader, which pyo3 raises as `PanicException`, a BaseException (not KeyboardInterrupt or SystemExit)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _value(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: blank as None, a whole number as int."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class SheetBook:
    """The sheets of one import file, read by calamine when their cells are within reach, else by openpyxl."""

    def __init__(self, data: bytes, *, limits: ImportLimits) -> None:
        check_container(io.BytesIO(data), max_uncompressed_bytes=limits.max_uncompressed_bytes)
        self._calamine: CalamineWorkbook | None = None
        self._openpyxl: Workbook | None = None
        self._grids: dict[str, list[list[Any]]] = {}  # calamine's sheets, read once (header, then rows)
        try:
            fast = _within_reach(data, max_row=limits.max_rows + ROW_SLACK)
            if fast:
                self._calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
                self.sheet_names: list[str] = list(self._calamine.sheet_names)
        except BaseException as exc:  # zipfile, XML and calamine errors all mean "not a readable workbook"
            if not _unreadable(exc):
                raise
            raise DomainError(NOT_EXCEL, field="file") from exc
        if not fast:
            self._openpyxl = open_workbook(io.BytesIO(data), limits=limits)
            self.sheet_names = list(self._openpyxl.sheetnames)

    def rows(self, title: str, *, max_col: int | None = None) -> Iterator[Sequence[Any]]:
        """The sheet's rows from row 1 (blank rows included, so positions are Excel's row numbers), each cut
        to `max_col` columns when given."""
        if self._calamine is not None:
            if title not in self._grids:
                try:
                    self._grids[title] = self._calamine.get_sheet_by_name(title).to_python(skip_empty_area=False)
                except BaseException as exc:  # as above: the sheet's XML is not readable
                    if not _unreadable(exc):
                        raise
                    raise DomainError(NOT_EXCEL, field="file") from exc
            for row in self._grids[title]:
                yield [_value(v) for v in row[:max_col]]
            return
        assert self._openpyxl is not None
        with _quiet():
            yield from self._openpyxl[title].iter_rows(min_row=1, max_col=max_col, values_only=True)

    def close(self) -> None:
        self._grids.clear()
        if self._calamine is not None:
            self._calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()
