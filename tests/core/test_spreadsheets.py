"""The spreadsheet writer: formula-like text stays text in every kind of sheet and in CSV; numbers and dates
keep their types; no module writes a workbook or a CSV file without it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dangbo.core import spreadsheets
from dangbo.core.spreadsheets import append_row, csv_bytes, new_workbook, text_safe_cell, workbook_bytes

from .spreadsheet_checks import FORMULA_TEXTS, text_cells

SRC = Path(spreadsheets.__file__).resolve().parents[1]


@pytest.mark.parametrize("write_only", [True, False])
def test_workbook_formula_text_reads_back_as_text(write_only: bool) -> None:
    book = new_workbook(write_only=write_only)
    sheet = book.create_sheet("Thử")
    append_row(sheet, ["Tên", "Số", "Ngày"])
    for text in FORMULA_TEXTS:
        append_row(sheet, [text, -2, dt.date(2025, 9, 2)])
    content = workbook_bytes(book)
    texts = text_cells(content)
    assert [t for t in texts if t not in ("Tên", "Số", "Ngày")] == list(FORMULA_TEXTS)
    rows = list(load_workbook(io.BytesIO(content))["Thử"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in rows} == {-2}
    assert {row[2] for row in rows} == {dt.datetime(2025, 9, 2)}


def test_list_file_keeps_formula_text_as_text_and_values_typed() -> None:
    sheet = spreadsheets.ListFile("Danh sách", headers=["Tên", "Số", "Ngày", "Có"], widths=[20, 8, 12, 6])
    for text in FORMULA_TEXTS:
        sheet.append([text, -2, dt.date(2025, 9, 2), True])
    sheet.append(["a < b & c\x07", 2.5, dt.datetime(2025, 9, 2, 12, 0), None])
    sheet.append(["Nguyễn  Văn", None, "", 0])
    content = sheet.finish()

    texts = text_cells(content)  # no formula cell, formula-like text quote-prefixed
    assert [t for t in texts if t not in ("Tên", "Số", "Ngày", "Có")] == [*FORMULA_TEXTS, "a < b & c", "Nguyễn  Văn"]
    book = load_workbook(io.BytesIO(content))
    rows = list(book["Danh sách"].iter_rows(values_only=True))
    assert rows[0] == ("Tên", "Số", "Ngày", "Có")
    assert {row[1:] for row in rows[1:8]} == {(-2, dt.datetime(2025, 9, 2), True)}
    assert rows[8][1:] == (2.5, dt.datetime(2025, 9, 2, 12, 0), None)
    assert rows[9] == ("Nguyễn  Văn", None, None, 0)
    first = book["Danh sách"]
    assert first.freeze_panes == "A2" and first.column_dimensions["A"].width == 20
    assert first["C2"].number_format == "DD/MM/YYYY" and first["A1"].font.b


def test_list_file_goes_on_in_a_next_sheet_with_the_header_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets.ListFile, "SHEET_ROWS", 3)
    sheet = spreadsheets.ListFile("Danh sách", headers=["Tên", "Số"], widths=[20, 8])
    for n in range(1, 8):
        sheet.append([f"Người {n}", n])
    content = sheet.finish()

    assert sheet.rows == 7
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Danh sách", "Danh sách (2)", "Danh sách (3)"]
    sheets = [list(book[name].iter_rows(values_only=True)) for name in book.sheetnames]
    assert [rows[0] for rows in sheets] == [("Tên", "Số")] * 3
    assert [row for rows in sheets for row in rows[1:]] == [(f"Người {n}", n) for n in range(1, 8)]
    assert [len(rows) - 1 for rows in sheets] == [3, 3, 1]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not any(info.extra for info in archive.infolist())  # no zip64 records


def test_list_file_sheet_names_keep_to_31_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets.ListFile, "SHEET_ROWS", 1)
    sheet = spreadsheets.ListFile("Danh sách đảng viên của Đảng bộ Khối", headers=["Tên"], widths=[20])
    for n in range(12):
        sheet.append([f"Người {n}"])
    names = load_workbook(io.BytesIO(sheet.finish())).sheetnames
    assert len(names) == 12 and len(set(names)) == 12
    assert all(len(name) <= 31 for name in names)
    assert names[0] == "Danh sách đảng viên của Đảng bộ"
    assert names[11] == "Danh sách đảng viên của Đả (12)"


def test_list_file_of_exactly_a_sheet_has_one_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets.ListFile, "SHEET_ROWS", 3)
    sheet = spreadsheets.ListFile("Danh sách", headers=["Tên"], widths=[20])
    for n in range(3):
        sheet.append([f"Người {n}"])
    assert load_workbook(io.BytesIO(sheet.finish())).sheetnames == ["Danh sách"]


def test_list_file_starts_a_sheet_when_one_holds_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets.ListFile, "SHEET_BYTES", 2_000)
    monkeypatch.setattr(spreadsheets.ListFile, "BLOCK", 1)
    sheet = spreadsheets.ListFile("Danh sách", headers=["Tên"], widths=[20])
    for n in range(40):
        sheet.append(["Nguyễn Văn " + "A" * 100 + str(n)])
    book = load_workbook(io.BytesIO(sheet.finish()))
    assert len(book.sheetnames) > 1
    values = [row[0] for name in book.sheetnames for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert values == ["Nguyễn Văn " + "A" * 100 + str(n) for n in range(40)]


def test_workbook_cells_set_directly_are_checked_when_saved() -> None:
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = '=HYPERLINK("http://x","y")'
    sheet.cell(row=2, column=1, value="@SUM(A1)")
    assert sheet["A1"].data_type == "f"  # what openpyxl does by itself
    assert text_cells(workbook_bytes(book)) == ['=HYPERLINK("http://x","y")', "@SUM(A1)"]


def test_write_only_styled_cell_is_guarded() -> None:
    book = new_workbook(write_only=True)
    sheet = book.create_sheet("Thử")
    cell = text_safe_cell(sheet, "=1+1")
    cell.number_format = "@"
    append_row(sheet, [cell, "Bình thường"])
    assert text_cells(workbook_bytes(book)) == ["=1+1", "Bình thường"]


def test_csv_formula_text_gets_an_apostrophe_numbers_and_dates_do_not() -> None:
    content = csv_bytes([["Tên", "Số", "Ngày"], *[[t, -2, dt.date(2025, 9, 2)] for t in FORMULA_TEXTS]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Tên", "Số", "Ngày"]
    assert [row[0] for row in rows[1:]] == ["'" + t for t in FORMULA_TEXTS]
    assert {row[1] for row in rows[1:]} == {"-2"}
    assert {row[2] for row in rows[1:]} == {"02/09/2025"}


def test_no_module_writes_a_workbook_or_csv_without_the_writer() -> None:
    """Every spreadsheet and CSV file goes through `core.spreadsheets`, so none can skip its formula guard."""
    pattern = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|\bxlsxwriter\b")
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.resolve() != Path(spreadsheets.__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []
