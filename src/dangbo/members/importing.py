"""Excel import of organizations and members: the file's layout, the upload check and the reader.

The layout (sheets, columns, accepted values) is declared once here. The downloadable template
(`import_template.py`), the upload check below, the row validation (`importing_validation.py`) and
the write (`importing_apply.py`) all follow it, so they cannot drift apart.

Flow: the upload page calls `check_upload` (size, then the zip container from its headers only:
see `import_container`) before anything is stored; the validation job reads the file with
`read_workbook` (the container again, then sheets, columns and at most `DANGBO_IMPORT_MAX_ROWS`
rows, through `import_reader`) and validates the rows; the preview shows the row errors; a second job writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from dangbo.core.errors import DomainError
from dangbo.core.text import normalize_search
from dangbo.organizations.enums import OrgKind, OrgType
from dangbo.organizations.models import Organization

from .enums import Education, Gender, TheoryLevel
from .import_container import NOT_EXCEL, ImportLimits, check_container, format_megabytes
from .import_reader import SheetBook, open_workbook
from .models import Member

# NOT_EXCEL and format_megabytes are shown by the upload page and the template's guide; open_workbook (openpyxl,
# read-only) serves the dues reconciliation's bank statements.
__all__ = ["NOT_EXCEL", "format_megabytes", "open_workbook"]

ORG_SHEET_NAME = "Tổ chức"
MEMBER_SHEET_NAME = "Đảng viên"
GUIDE_SHEET_NAME = "Hướng dẫn"
LISTS_SHEET_NAME = "Danh mục"
DATE_HINT = "dd/mm/yyyy"

TEXT, DATE, CHOICE, IDENT = "text", "date", "choice", "ident"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet. `required`: every row must fill it; `header_required`: the column
    must be present even though a row may leave it blank."""

    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    header_required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    note: str = ""

    @property
    def column_required(self) -> bool:
        return self.required or self.header_required

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return self._by_key[key]  # asked ~20 times a row: a lookup, not a scan of the columns

    @functools.cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length  # type: ignore[union-attr]


def _choices(enum: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in enum.choices)


ORG_SHEET = SheetSpec(
    ORG_SHEET_NAME,
    (
        Column("code", "Mã", required=True, max_length=_max_length(Organization, "code"),
               note="Mã duy nhất của tổ chức; chưa có trong hệ thống và không lặp lại trong tệp."),
        Column("name", "Tên", required=True, max_length=_max_length(Organization, "name"),
               note="Tên đầy đủ, ví dụ: Chi bộ Phòng Kế hoạch."),
        Column("kind", "Loại tổ chức", CHOICE, required=True, choices=_choices(OrgKind),
               note="Phải được phép trực thuộc loại của tổ chức cấp trên."),
        Column("org_type", "Loại hình", CHOICE, choices=_choices(OrgType),
               note="Để trống: Loại hình khác."),
        Column("parent_code", "Mã tổ chức cấp trên", required=True, max_length=_max_length(Organization, "code"),
               note="Mã của tổ chức đã có trong hệ thống (trong phạm vi bạn được nhập dữ liệu) "
                    "hoặc của một tổ chức ở dòng phía trên trong trang này."),
        Column("founded_on", "Ngày thành lập", DATE, required=True,
               note="Dạng dd/mm/yyyy; không trước ngày thành lập của tổ chức cấp trên, không sau hôm nay."),
    ),
)  # fmt: skip

MEMBER_SHEET = SheetSpec(
    MEMBER_SHEET_NAME,
    (
        Column("family_name", "Họ", required=True, max_length=_max_length(Member, "family_name")),
        Column("middle_name", "Tên đệm", max_length=_max_length(Member, "middle_name")),
        Column("given_name", "Tên", required=True, max_length=_max_length(Member, "given_name")),
        Column("gender", "Giới tính", CHOICE, required=True, choices=_choices(Gender)),
        Column("birth_date", "Ngày sinh", DATE, required=True, note="Dạng dd/mm/yyyy."),
        Column("ethnicity", "Dân tộc", max_length=_max_length(Member, "ethnicity"), note="Để trống: Kinh."),
        Column("religion", "Tôn giáo", max_length=_max_length(Member, "religion"), note="Để trống: Không."),
        Column("home_town", "Quê quán", max_length=_max_length(Member, "home_town")),
        Column("residence", "Nơi ở", max_length=_max_length(Member, "residence"), note="Nơi ở hiện nay."),
        Column("citizen_id", "Số CCCD", IDENT, header_required=True, max_length=_max_length(Member, "citizen_id"),
               note="Đúng 12 chữ số, nhập dạng văn bản để giữ số 0 ở đầu. Cần có số CCCD hoặc số thẻ "
                    "đảng viên (hoặc cả hai) để hệ thống không bao giờ nhập trùng một người."),
        Column("card_number", "Số thẻ đảng viên", IDENT, header_required=True,
               max_length=_max_length(Member, "card_number"), note="Nhập dạng văn bản để giữ số 0 ở đầu."),
        Column("record_number", "Số lý lịch", IDENT, max_length=_max_length(Member, "record_number"),
               note="Số lý lịch đảng viên."),
        Column("admission_decision_date", "Ngày quyết định kết nạp", DATE, required=True,
               note="Dạng dd/mm/yyyy; đảng viên phải đủ 18 tuổi tại ngày này. Tuổi đảng tính từ ngày này."),
        Column("ceremony_date", "Ngày lễ kết nạp", DATE, note="Không trước ngày quyết định kết nạp."),
        Column("full_membership_date", "Ngày công nhận chính thức", DATE,
               note="Có ngày này: đảng viên chính thức; để trống: đảng viên dự bị."),
        Column("education", "Trình độ học vấn", CHOICE, choices=_choices(Education)),
        Column("profession", "Chuyên môn", max_length=_max_length(Member, "profession"),
               note="Chuyên môn, nghề nghiệp."),
        Column("political_theory_level", "Trình độ lý luận chính trị", CHOICE, choices=_choices(TheoryLevel),
               note="Để trống: Chưa qua đào tạo."),
        Column("position", "Chức vụ", max_length=_max_length(Member, "position")),
        Column("workplace", "Nơi làm việc", max_length=_max_length(Member, "workplace")),
        Column("phone", "Điện thoại", IDENT, max_length=_max_length(Member, "phone"),
               note="Nhập dạng văn bản để giữ số 0 ở đầu."),
        Column("email", "Email", max_length=_max_length(Member, "email")),
        Column("cell_code", "Mã chi bộ", required=True, max_length=_max_length(Organization, "code"),
               note="Mã của chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở) nơi đảng viên sinh hoạt: đã có trong "
                    "hệ thống, trong phạm vi của bạn, hoặc ở trang Tổ chức của tệp này."),
    ),
)  # fmt: skip

SHEETS = (ORG_SHEET, MEMBER_SHEET)


# ---------------------------------------------------------------------------------------------
# Cell values


def cell_text(value: Any) -> str:
    """A cell as trimmed text with single spaces; whole numbers lose Excel's '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: Any) -> dt.date:
    """A date cell: a real Excel date, or text dd/mm/yyyy. Raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    raise ValueError(value)


@functools.cache
def _choice_keys(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each choice's label and code, without accents and case, to its value (the first choice that has it)."""
    keys: dict[str, str] = {}
    for value, label in choices:
        keys.setdefault(normalize_search(label), value)
        keys.setdefault(normalize_search(value), value)
    return keys


def match_choice(text: str, column: Column) -> str | None:
    """The enum value whose Vietnamese label (or code) matches `text`, ignoring accents and case."""
    return _choice_keys(column.choices).get(normalize_search(text))


def _header_key(value: Any) -> str:
    return normalize_search(cell_text(value).replace("*", ""))


# ---------------------------------------------------------------------------------------------
# Sheets and columns


def load_workbook(data: bytes, *, limits: ImportLimits) -> SheetBook:
    """Parse the file (the container checked again first): the one place the validation job opens it, and which
    the upload request never reaches."""
    return SheetBook(data, limits=limits)


def _find_sheet(book: SheetBook, name: str) -> str | None:
    wanted = normalize_search(name)
    return next((title for title in book.sheet_names if normalize_search(title) == wanted), None)


def _header_positions(book: SheetBook, title: str, spec: SheetSpec) -> tuple[dict[str, int], list[str]]:
    """Column index of each known header in row 1, and the required headers that are missing."""
    first = next(book.rows(title), ())
    by_header = {_header_key(v): i for i, v in enumerate(first) if cell_text(v)}
    positions: dict[str, int] = {}
    missing: list[str] = []
    for column in spec.columns:
        index = by_header.get(normalize_search(column.header))
        if index is not None:
            positions[column.key] = index
        elif column.column_required:
            missing.append(column.header)
    return positions, missing


def _check_layout(book: SheetBook) -> dict[str, tuple[str, dict[str, int]]]:
    missing_sheets = [spec.name for spec in SHEETS if _find_sheet(book, spec.name) is None]
    if missing_sheets:
        names = ", ".join(f"“{n}”" for n in missing_sheets)
        raise DomainError(f"Tệp thiếu trang {names}. Hãy dùng tệp mẫu tải từ trang này.", field="file")
    found: dict[str, tuple[str, dict[str, int]]] = {}
    problems: list[str] = []
    for spec in SHEETS:
        sheet = _find_sheet(book, spec.name)
        assert sheet is not None
        positions, missing = _header_positions(book, sheet, spec)
        if missing:
            problems.append(f"trang “{spec.name}” thiếu cột {', '.join(missing)}")
        found[spec.name] = (sheet, positions)
    if problems:
        raise DomainError(
            "Tệp không đúng mẫu: " + "; ".join(problems) + ". Dòng đầu tiên của mỗi trang phải là tên cột như tệp mẫu.",
            field="file",
        )
    return found


def check_upload(upload: Any, *, limits: ImportLimits) -> None:
    """Refuse a file before it is stored: too large, empty, .xls, not an .xlsx archive, or one that would
    expand beyond the limits. Nothing is parsed here (see `import_container`); sheets, columns and rows
    are checked by the validation job.

    The size is checked first, from the upload's recorded size, so a huge file is never read.
    """
    size = int(upload.size or 0)
    if size > limits.max_bytes:
        raise DomainError(
            f"Tệp quá lớn ({format_megabytes(size)}). Dung lượng tối đa là {format_megabytes(limits.max_bytes)}; "
            "hãy chia dữ liệu thành nhiều tệp.",
            field="file",
        )
    if size == 0:
        raise DomainError("Tệp tải lên rỗng.", field="file")
    name = str(getattr(upload, "name", "") or "").lower()
    if name.endswith(".xls"):
        raise DomainError(
            "Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở tệp và lưu lại dưới dạng Excel Workbook (.xlsx).",
            field="file",
        )
    check_container(upload, max_uncompressed_bytes=limits.max_uncompressed_bytes)


# ---------------------------------------------------------------------------------------------
# Reading rows


@dataclass(frozen=True)
class RawRow:
    number: int  # the Excel row number shown to the user
    values: dict[str, Any]


@dataclass
class RawBook:
    orgs: list[RawRow] = field(default_factory=list)
    members: list[RawRow] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.orgs) + len(self.members)


def _read_rows(
    book: SheetBook, title: str, spec: SheetSpec, positions: dict[str, int], *, max_rows: int
) -> list[RawRow]:
    rows: list[RawRow] = []
    # Only the template's columns are read: a sheet that declares 16,384 columns is not padded to them.
    last_column = max(positions.values(), default=0) + 1
    data_rows = itertools.islice(book.rows(title, max_col=last_column), 1, None)
    for number, values in enumerate(data_rows, start=2):
        if not any(values):
            continue  # cheap skip of the empty rows a reader fills in up to the last row number
        picked = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if not any(cell_text(v) for v in picked.values()):
            continue  # blank rows (and Excel's formatted-but-empty rows) are not data
        rows.append(RawRow(number, picked))
        if len(rows) > max_rows:
            limit = f"{max_rows:,}".replace(",", ".")
            raise DomainError(f"Trang “{spec.name}” có hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp.")
    return rows


def read_workbook(data: bytes, *, limits: ImportLimits) -> RawBook:
    """All data rows of both sheets, keyed by column, with their Excel row numbers.

    Steps: the container again (limits may have changed since the upload), the sheets and columns, then
    at most `limits.max_rows` data rows per sheet.
    """
    book = load_workbook(data, limits=limits)
    try:
        layout = _check_layout(book)
        org_sheet, org_positions = layout[ORG_SHEET.name]
        member_sheet, member_positions = layout[MEMBER_SHEET.name]
        return RawBook(
            orgs=_read_rows(book, org_sheet, ORG_SHEET, org_positions, max_rows=limits.max_rows),
            members=_read_rows(book, member_sheet, MEMBER_SHEET, member_positions, max_rows=limits.max_rows),
        )
    finally:
        book.close()
