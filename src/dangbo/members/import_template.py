"""The downloadable Excel template of the import: data sheets laid out as `importing` reads them,
a guide sheet, and drop-down lists of the accepted values."""

from __future__ import annotations

from functools import lru_cache

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dangbo.core.spreadsheets import new_workbook, workbook_bytes

from .importing import (
    CHOICE,
    DATE,
    GUIDE_SHEET_NAME,
    IDENT,
    LISTS_SHEET_NAME,
    SHEETS,
    Column,
    SheetSpec,
    format_megabytes,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = "mau-nhap-to-chuc-dang-vien.xlsx"
# Drop-downs and text formats cover this many data rows (more rows may be typed; they are still read).
PREPARED_ROWS = 5000

_HEADER_FILL = PatternFill("solid", fgColor="F2C200")
_REQUIRED_FILL = PatternFill("solid", fgColor="F4B6B6")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

RULES = (
    (
        "Điền dữ liệu vào hai trang “Tổ chức” và “Đảng viên”. Giữ nguyên dòng 1 (tên cột); dữ liệu bắt đầu từ dòng 2. "
        "Không đổi tên trang, tên cột. Một trang có thể để trống nếu không có dữ liệu loại đó."
    ),
    (
        "Cột tô màu hồng là bắt buộc. Cột “Số CCCD” và “Số thẻ đảng viên” phải có mặt, và mỗi đảng viên cần ít nhất "
        "một trong hai số đó."
    ),
    "Ngày ghi theo dạng dd/mm/yyyy (ngày/tháng/năm đủ 4 chữ số), ví dụ 02/09/1985.",
    (
        "Cột có danh sách chọn: ghi đúng một giá trị trong danh sách ở bảng dưới (không phân biệt chữ hoa, chữ thường, "
        "có dấu hay không dấu: “chi bo truc thuoc” được hiểu là “Chi bộ trực thuộc”)."
    ),
    "Số CCCD gồm đúng 12 chữ số. Các cột số (CCCD, số thẻ, điện thoại) đã được định dạng văn bản để giữ số 0 ở đầu.",
    (
        "Tổ chức cấp trên phải có sẵn trong hệ thống hoặc nằm ở một dòng phía trên trong trang “Tổ chức”. "
        "Mã chi bộ của đảng viên phải là chi bộ đã có trong hệ thống hoặc có trong trang “Tổ chức” của tệp này."
    ),
    "Chỉ được nhập vào các tổ chức thuộc phạm vi bạn được giao quyền nhập dữ liệu.",
    (
        "Không nhập trùng: mã tổ chức, số CCCD, số thẻ đảng viên không được trùng với dữ liệu đã có, "
        "cũng không được lặp lại trong tệp."
    ),
    "Đảng viên có ngày công nhận chính thức được ghi là đảng viên chính thức; để trống là đảng viên dự bị.",
    (
        "Tất cả hoặc không: sau khi tải lên, hệ thống kiểm tra và liệt kê lỗi của từng dòng. Nếu có dòng lỗi thì không "
        "nhập gì, trừ khi bạn chọn “chỉ nhập các dòng hợp lệ”. Việc ghi dữ liệu diễn ra trọn vẹn trong một lần: "
        "nếu có sự cố giữa chừng thì không dữ liệu nào được lưu."
    ),
)


def _accepted(column: Column) -> str:
    if column.kind == CHOICE:
        return "; ".join(column.labels)
    if column.kind == DATE:
        return "Ngày dạng dd/mm/yyyy"
    if column.kind == IDENT:
        return f"Văn bản (chữ số), tối đa {column.max_length} ký tự"
    return f"Văn bản, tối đa {column.max_length} ký tự" if column.max_length else "Văn bản"


def _required_text(column: Column) -> str:
    if column.required:
        return "Bắt buộc"
    return "Cột phải có" if column.header_required else "Không"


def _write_data_sheet(sheet: Worksheet, spec: SheetSpec, lists: Worksheet, list_col: list[int]) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = _WRAP
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 6))
        if column.kind in (DATE, IDENT):
            # Text format keeps "02/09/1985" and leading zeros exactly as typed, whatever the locale.
            sheet.column_dimensions[letter].number_format = "@"
        if column.kind == CHOICE:
            list_col[0] += 1
            lists_letter = get_column_letter(list_col[0])
            lists.cell(row=1, column=list_col[0], value=f"{spec.name} — {column.header}").font = _BOLD
            for row, label in enumerate(column.labels, start=2):
                lists.cell(row=row, column=list_col[0], value=label)
            last = len(column.labels) + 1
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET_NAME}'!${lists_letter}$2:${lists_letter}${last}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Giá trị không hợp lệ",
                error="Hãy chọn một giá trị trong danh sách (xem trang Hướng dẫn).",
            )
            validation.add(f"{letter}2:{letter}{PREPARED_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _write_guide(sheet: Worksheet, *, max_bytes: int) -> None:
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 55
    sheet.column_dimensions["E"].width = 70
    sheet.cell(row=1, column=1, value="HƯỚNG DẪN NHẬP TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN").font = Font(bold=True, size=14)
    row = 3
    sheet.cell(row=row, column=1, value="Quy định chung").font = _BOLD
    rules = (*RULES, f"Tệp dạng Excel (.xlsx), dung lượng tối đa {format_megabytes(max_bytes)}.")
    for number, rule in enumerate(rules, start=1):
        row += 1
        sheet.cell(row=row, column=1, value=f"{number}.")
        cell = sheet.cell(row=row, column=2, value=rule)
        cell.alignment = _WRAP
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        sheet.row_dimensions[row].height = 34
    row += 2
    for col, title in enumerate(("Trang", "Cột", "Bắt buộc", "Giá trị chấp nhận", "Ghi chú"), start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for spec in SHEETS:
        for column in spec.columns:
            row += 1
            values = (spec.name, column.header, _required_text(column), _accepted(column), column.note)
            for col, value in enumerate(values, start=1):
                sheet.cell(row=row, column=col, value=value).alignment = _WRAP


@lru_cache(maxsize=4)
def build_template(*, max_bytes: int) -> bytes:
    """The template workbook as .xlsx bytes (the same for every user: it holds no data)."""
    book = new_workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE_SHEET_NAME
    data_sheets = [book.create_sheet(spec.name) for spec in SHEETS]
    lists = book.create_sheet(LISTS_SHEET_NAME)
    list_col = [0]
    for sheet, spec in zip(data_sheets, SHEETS, strict=True):
        _write_data_sheet(sheet, spec, lists, list_col)
    lists.sheet_state = "hidden"
    _write_guide(guide, max_bytes=max_bytes)
    return workbook_bytes(book)
