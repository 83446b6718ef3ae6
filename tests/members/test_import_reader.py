"""The import's reader gives the row validation the same cell values the openpyxl read-only reader gave:
ids typed as text keep their leading zeros, dates stay dates, whole numbers are ints, blank cells and
formulas without a cached value are None, blank rows are skipped but row numbers kept."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from dangbo.core.errors import DomainError
from dangbo.members.import_container import NOT_EXCEL, ImportLimits
from dangbo.members.import_reader import ROW_SLACK, SheetBook, _numbers_above, _within_reach
from dangbo.members.importing import MEMBER_SHEET, cell_text, parse_date, read_workbook

from .test_import_support import make_xlsx, member_row

pytestmark = pytest.mark.django_db

LIMITS = ImportLimits(max_bytes=10_000_000, max_uncompressed_bytes=100_000_000, max_rows=50)


def _file() -> bytes:
    plain = member_row(1, "A1")
    plain.update({"Số CCCD": "001085000001", "Số thẻ đảng viên": "0012345", "Ngày sinh": dt.date(1985, 3, 4),
                  "Điện thoại": "0912345678"})  # fmt: skip
    numbers = member_row(2, "A1")
    numbers.update({"Số CCCD": 1085000002, "Số thẻ đảng viên": 12.5, "Ngày sinh": "04/03/1985",
                    "Ngày quyết định kết nạp": dt.datetime(2010, 5, 6), "Tên đệm": None,
                    "Nơi ở": "=1+1"})  # fmt: skip
    return make_xlsx([], [plain, {}, numbers])


def _openpyxl_values(content: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True)["Đảng viên"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    by_key = {c.header: c.key for c in MEMBER_SHEET.columns}
    return [{by_key[h]: v for h, v in zip(headers, row, strict=True) if h in by_key} for row in rows[1:] if any(row)]


def test_values_are_those_of_the_openpyxl_reader():
    content = _file()
    book = read_workbook(content, limits=LIMITS)
    assert [r.number for r in book.members] == [2, 4]  # the blank row 3 is skipped, numbering kept
    expected = _openpyxl_values(content)
    for raw, old in zip(book.members, expected, strict=True):
        for key, value in old.items():
            got = raw.values[key]
            assert cell_text(got) == cell_text(value), key
            assert type(got) is type(value) or {type(got), type(value)} <= {dt.date, dt.datetime}, key


def test_each_kind_of_cell():
    first, second = read_workbook(_file(), limits=LIMITS).members
    assert first.values["citizen_id"] == "001085000001"  # text keeps its leading zeros
    assert first.values["card_number"] == "0012345"
    assert first.values["phone"] == "0912345678"
    assert parse_date(first.values["birth_date"]) == dt.date(1985, 3, 4)
    assert second.values["citizen_id"] == 1085000002 and isinstance(second.values["citizen_id"], int)
    assert second.values["card_number"] == 12.5
    assert parse_date(second.values["birth_date"]) == dt.date(1985, 3, 4)
    assert parse_date(second.values["admission_decision_date"]) == dt.date(2010, 5, 6)
    assert second.values["middle_name"] is None
    assert second.values["residence"] is None  # a formula never calculated has no value: blank, as before


def test_sheets_and_columns_are_checked():
    with pytest.raises(DomainError, match="thiếu trang"):
        read_workbook(make_xlsx([], [], sheets=("Tổ chức",)), limits=LIMITS)
    headers = [c.header for c in MEMBER_SHEET.columns if c.key != "cell_code"]
    with pytest.raises(DomainError, match="thiếu cột Mã chi bộ"):
        read_workbook(make_xlsx([], [], member_headers=headers), limits=LIMITS)
    with pytest.raises(DomainError):
        read_workbook(b"PK\x03\x04 not really a zip", limits=LIMITS)


def test_too_many_rows_are_refused():
    rows = [member_row(n, "A1") for n in range(1, 53)]
    with pytest.raises(DomainError, match="hơn 50 dòng"):
        read_workbook(make_xlsx([], rows), limits=LIMITS)


def _with_sheet_xml(content: bytes, replace: tuple[bytes, bytes]) -> bytes:
    """The workbook with its member sheet's XML edited (`replace`: old and new bytes)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet2.xml":
                assert replace[0] in data
                data = data.replace(*replace)
            archive.writestr(part, data)
    return target.getvalue()


def test_numbers_above_a_bound():
    pattern = re.compile(b"^" + _numbers_above(1050) + b"$")
    above = [b"1051", b"1060", b"1100", b"2000", b"9999", b"10000", b"0001051", b"1048576"]
    below = [b"1", b"999", b"1000", b"1049", b"1050", b"0001050"]
    assert all(pattern.match(n) for n in above) and not any(pattern.match(n) for n in below)


def test_cells_within_reach_are_read_by_calamine():
    content = _file()
    assert _within_reach(content, max_row=100)
    book = SheetBook(content, limits=LIMITS)
    try:
        assert book._calamine is not None and book._openpyxl is None
    finally:
        book.close()


@pytest.mark.parametrize(
    "edit",
    [
        (b'r="W2"', b'r="BA2"'),  # a column beyond AZ
        (b'r="W2"', b'r="XFD2"'),
        (b'r="W4"', b'r="W5000"'),  # a row beyond the limit and its slack
        (b'r="W4"', b'r="W1048576"'),
        (b' r="W4"', b""),  # a cell without its reference
    ],
)
def test_cells_out_of_reach_are_read_by_openpyxl_with_the_same_values(edit):
    content = _with_sheet_xml(_file(), edit)
    assert not _within_reach(content, max_row=50 + ROW_SLACK)
    book = SheetBook(content, limits=LIMITS)
    try:
        assert book._openpyxl is not None and book._calamine is None
    finally:
        book.close()
    members = read_workbook(content, limits=LIMITS).members
    assert [r.values["citizen_id"] for r in members][:2] == ["001085000001", 1085000002]


class PanicException(BaseException):
    """What pyo3 raises when the Rust reader panics: a BaseException, as its own is."""


@pytest.mark.parametrize("where", ["from_filelike", "get_sheet_by_name"])
def test_a_panic_of_the_reader_is_an_unreadable_file(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    from dangbo.members import import_reader

    def panic(*args: object, **kwargs: object) -> None:
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(import_reader.CalamineWorkbook, where, panic)
    with pytest.raises(DomainError) as refused:
        book = SheetBook(_file(), limits=LIMITS)
        list(book.rows("Đảng viên"))
    assert (refused.value.message, refused.value.field) == (NOT_EXCEL, "file")


def test_an_interrupt_while_reading_is_not_taken_for_a_bad_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from dangbo.members import import_reader

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(import_reader.CalamineWorkbook, "from_filelike", interrupt)
    with pytest.raises(KeyboardInterrupt):
        SheetBook(_file(), limits=LIMITS)
