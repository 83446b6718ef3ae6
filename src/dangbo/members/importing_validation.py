"""Validation of an import file's rows against the real rules, with row-level Vietnamese errors.

The same checks as the forms and services: `check_parent_allowed` for organizations,
`check_member_dates` and `check_unique_ids` for members, plus what only a file can get wrong:
a code, citizen id or card number repeated inside the file, a parent or cell that is neither in the
database (within the user's import scope) nor defined in the file. Preview and apply both call
`validate_rows`, so the data is checked again at apply time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.date_limits import DEFAULT_LIMITS
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind, OrgType
from dangbo.organizations.models import Organization
from dangbo.organizations.services import check_parent_allowed

from .enums import TheoryLevel
from .import_facts import facts_read, orgs_by_code
from .importing import (
    CHOICE,
    DATE,
    IDENT,
    MEMBER_SHEET,
    ORG_SHEET,
    Column,
    RawBook,
    RawRow,
    SheetSpec,
    cell_text,
    match_choice,
    parse_date,
)
from .validation import TakenIds, check_member_dates, check_unique_ids

REQUIRED = "Bắt buộc phải điền."
# DomainError.field of the shared rules -> the import column it is about.
_ORG_FIELD_COLUMNS = {"parent": "parent_code", "kind": "kind", "founded_on": "founded_on", "code": "code"}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str  # header text, "" when the error is about the whole row
    message: str

    @property
    def text(self) -> str:
        where = f"Dòng {self.row}, cột {self.column}" if self.column else f"Dòng {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class OrgPlan:
    """A valid organization row, ready to create. `parent_id` is set when the parent is in the database."""

    row: int
    code: str
    name: str
    kind: str
    org_type: str
    parent_code: str
    parent_id: int | None
    founded_on: dt.date


@dataclass(frozen=True)
class MemberPlan:
    """A valid member row. `cell_id` is set when the cell is in the database, else the cell is in the file."""

    row: int
    cell_code: str
    cell_id: int | None
    data: dict[str, Any]


@dataclass
class ImportReport:
    org_rows: int = 0
    member_rows: int = 0
    orgs: list[OrgPlan] = field(default_factory=list)
    members: list[MemberPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Codes of organizations that exist but lie outside the user's import scope (logged as refused access).
    denied_codes: set[str] = field(default_factory=set)
    # What the check read from the database (`facts_read`): kept with the preview, compared again by the apply.
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def invalid_rows(self) -> int:
        return self.org_rows - len(self.orgs) + self.member_rows - len(self.members)

    @property
    def valid_rows(self) -> int:
        return len(self.orgs) + len(self.members)

    def summary(self, *, max_errors: int = 1000) -> dict[str, Any]:
        """JSON-ready result of the validation job, shown by the preview."""
        return {
            "sheets": [
                {"name": ORG_SHEET.name, "rows": self.org_rows, "valid": len(self.orgs),
                 "invalid": self.org_rows - len(self.orgs)},
                {"name": MEMBER_SHEET.name, "rows": self.member_rows, "valid": len(self.members),
                 "invalid": self.member_rows - len(self.members)},
            ],
            "valid_rows": self.valid_rows,
            "invalid_rows": self.invalid_rows,
            "error_count": len(self.errors),
            "errors": [
                {"sheet": e.sheet, "row": e.row, "column": e.column, "text": e.text} for e in self.errors[:max_errors]
            ],
        }  # fmt: skip


class _RowCheck:
    """Reads one row's cells by column, collecting every problem instead of stopping at the first."""

    def __init__(self, spec: SheetSpec, raw: RawRow, errors: list[RowError], *, today: dt.date) -> None:
        self.spec = spec
        self.raw = raw
        self.errors = errors
        self.today = today
        self.failed = False

    def error(self, key: str, message: str) -> None:
        header = next((c.header for c in self.spec.columns if c.key == key), "")
        self.errors.append(RowError(self.spec.name, self.raw.number, header, message))
        self.failed = True

    def _column(self, key: str) -> Column:
        return self.spec.column(key)

    def text(self, key: str) -> str:
        column = self._column(key)
        value = self.raw.values.get(key)
        if column.kind == IDENT and isinstance(value, int | float) and not isinstance(value, bool):
            value = _ident_from_number(key, value)
        text = cell_text(value)
        if not text and column.required:
            self.error(key, REQUIRED)
        elif column.max_length and len(text) > column.max_length:
            self.error(key, f"'{text[:40]}…' dài quá {column.max_length} ký tự.")
        return text

    def date(self, key: str) -> dt.date | None:
        value = self.raw.values.get(key)
        shown = cell_text(value)
        if not shown:
            if self._column(key).required:
                self.error(key, REQUIRED)
            return None
        try:
            day = parse_date(value)
        except ValueError:
            self.error(key, f"'{shown}' không phải ngày hợp lệ (dd/mm/yyyy).")
            return None
        # The same outer range as every date field (the member and organization rules narrow it further).
        today = self.today
        if DEFAULT_LIMITS.too_early(day) or DEFAULT_LIMITS.too_late(day, today=today):
            earliest, latest = DEFAULT_LIMITS.earliest, DEFAULT_LIMITS.latest(today)
            self.error(key, f"'{shown}' nằm ngoài khoảng ngày hợp lệ ({earliest:%d/%m/%Y} – {latest:%d/%m/%Y}).")
            return None
        return day

    def choice(self, key: str) -> str | None:
        column = self._column(key)
        text = cell_text(self.raw.values.get(key))
        if not text:
            if column.required:
                self.error(key, REQUIRED)
            return None
        value = match_choice(text, column)
        if value is None:
            self.error(key, f"'{text}' không phải giá trị hợp lệ. Chọn một trong: {', '.join(column.labels)}.")
        return value


def _ident_from_number(key: str, value: float) -> str:
    """An id typed into a number cell lost its leading zeros. A citizen id always has 12 digits, so
    they can be restored; other ids are kept as the digits Excel stored."""
    digits = str(int(value))
    if key == "citizen_id" and len(digits) < 12:
        return digits.zfill(12)
    return digits


def _lines_by_value(rows: Iterable[RawRow], key: str, column: Column) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = defaultdict(list)
    for raw in rows:
        value = raw.values.get(key)
        if column.kind == IDENT and isinstance(value, int | float) and not isinstance(value, bool):
            value = _ident_from_number(key, value)
        text = cell_text(value)
        if text:
            lines[text].append(raw.number)
    return lines


def _codes_of(book: RawBook) -> list[str]:
    """Every organization code the file names (its own, parents, cells), sorted."""
    codes = {cell_text(r.values.get(k)) for r in book.orgs for k in ("code", "parent_code")}
    codes |= {cell_text(r.values.get("cell_code")) for r in book.members}
    codes.discard("")
    return sorted(codes)


def _in_file_duplicate(what: str, value: str, lines: list[int]) -> str:
    return f"{what} '{value}' xuất hiện nhiều lần trong tệp (dòng {', '.join(str(n) for n in lines)})."


class _Validator:
    def __init__(self, *, book: RawBook, scope: Scope, today: dt.date, on_row: Callable[[int], None] | None) -> None:
        self.book = book
        self.scope = scope
        self.today = today
        self.on_row = on_row or (lambda done: None)
        self.done = 0
        self.report = ImportReport(org_rows=len(book.orgs), member_rows=len(book.members))
        self.codes = _codes_of(book)
        self.db_orgs = orgs_by_code(self.codes)
        self.org_lines = _lines_by_value(book.orgs, "code", ORG_SHEET.column("code"))
        self.file_orgs: dict[str, OrgPlan] = {}  # valid organization rows met so far, by code
        self.bad_file_orgs: dict[str, int] = {}  # code -> row of an organization row that failed
        self.taken = TakenIds(frozenset(), frozenset())  # filled by `validate_members`

    def _tick(self) -> None:
        self.done += 1
        self.on_row(self.done)

    def _resolve(self, check: _RowCheck, key: str, code: str, *, later_is_error: bool) -> Organization | None:
        """The organization a row points at: a valid row of the file, or one in the user's import scope."""
        plan = self.file_orgs.get(code)
        if plan is not None:
            return Organization(code=plan.code, name=plan.name, kind=plan.kind, founded_on=plan.founded_on)
        if code in self.bad_file_orgs:
            check.error(key, f"Tổ chức mã '{code}' ở dòng {self.bad_file_orgs[code]} trang “{ORG_SHEET.name}” có lỗi.")
            return None
        if later_is_error and code in self.org_lines:
            check.error(key, f"Tổ chức cấp trên mã '{code}' phải nằm ở một dòng phía trên dòng này.")
            return None
        org = self.db_orgs.get(code)
        if org is not None and self.scope.covers_path(Right.IMPORT, org.path):
            return org
        if org is not None:
            self.report.denied_codes.add(code)
        # Same words whether it is missing or out of scope: the user cannot tell that it exists.
        check.error(key, f"Không tìm thấy tổ chức mã '{code}' trong phạm vi bạn được nhập dữ liệu.")
        return None

    # -- organizations -------------------------------------------------------------------------

    def validate_orgs(self) -> None:
        for raw in self.book.orgs:
            self._validate_org(raw)
            self._tick()

    def _validate_org(self, raw: RawRow) -> None:
        check = _RowCheck(ORG_SHEET, raw, self.report.errors, today=self.today)
        code = check.text("code")
        name = check.text("name")
        kind = check.choice("kind")
        org_type = check.choice("org_type") or OrgType.OTHER
        parent_code = check.text("parent_code")
        founded_on = check.date("founded_on")
        if code:
            lines = self.org_lines.get(code, [])
            if len(lines) > 1:
                check.error("code", _in_file_duplicate("Mã tổ chức", code, lines))
            elif code in self.db_orgs:
                check.error("code", f"Mã tổ chức '{code}' đã có trong hệ thống.")
        parent = self._resolve(check, "parent_code", parent_code, later_is_error=True) if parent_code else None
        if parent is not None and kind:
            try:
                check_parent_allowed(kind=kind, parent=parent)
            except DomainError as exc:
                check.error(_ORG_FIELD_COLUMNS.get(exc.field or "", "parent_code"), exc.message)
        if founded_on is not None:
            if founded_on > self.today:
                check.error("founded_on", "Ngày thành lập không được sau ngày hôm nay.")
            elif parent is not None and founded_on < parent.founded_on:
                check.error(
                    "founded_on",
                    "Ngày thành lập không được trước ngày thành lập của tổ chức cấp trên "
                    f"({parent.founded_on:%d/%m/%Y}).",
                )
        if check.failed or kind is None or founded_on is None:
            if code and code not in self.bad_file_orgs:
                self.bad_file_orgs[code] = raw.number
            return
        plan = OrgPlan(
            row=raw.number, code=code, name=name, kind=kind, org_type=org_type, parent_code=parent_code,
            parent_id=parent.pk if parent is not None and parent.pk else None, founded_on=founded_on,
        )  # fmt: skip
        self.file_orgs[code] = plan
        self.report.orgs.append(plan)

    # -- members -------------------------------------------------------------------------------

    def validate_members(self) -> None:
        id_lines = {
            key: _lines_by_value(self.book.members, key, MEMBER_SHEET.column(key))
            for key in ("citizen_id", "card_number")
        }
        # The ids of the file that members already hold: asked once for the whole file, not twice a row.
        ids = {key: sorted(lines) for key, lines in id_lines.items()}
        self.report.facts = facts_read(codes=self.codes, orgs=self.db_orgs, ids=ids, scope=self.scope)
        citizen_ids, card_numbers = self.report.facts["taken"]
        self.taken = TakenIds(frozenset(citizen_ids), frozenset(card_numbers))
        for raw in self.book.members:
            self._validate_member(raw, id_lines)
            self._tick()

    def _validate_member(self, raw: RawRow, id_lines: dict[str, dict[str, list[int]]]) -> None:
        check = _RowCheck(MEMBER_SHEET, raw, self.report.errors, today=self.today)
        data: dict[str, Any] = {}
        for column in MEMBER_SHEET.columns:
            if column.key == "cell_code":
                continue
            if column.kind == DATE:
                data[column.key] = check.date(column.key)
            elif column.kind == CHOICE:
                data[column.key] = check.choice(column.key)
            else:
                data[column.key] = check.text(column.key)
        data["ethnicity"] = data["ethnicity"] or "Kinh"
        data["religion"] = data["religion"] or "Không"
        data["education"] = data["education"] or ""
        data["political_theory_level"] = data["political_theory_level"] or TheoryLevel.NONE
        ids_ok = True
        if not data["citizen_id"] and not data["card_number"]:
            check.error("citizen_id", "Cần có số CCCD hoặc số thẻ đảng viên để không nhập trùng đảng viên.")
            ids_ok = False
        for key, what in (("citizen_id", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
            lines = id_lines[key].get(data[key], []) if data[key] else []
            if len(lines) > 1:
                check.error(key, _in_file_duplicate(what, data[key], lines))
                ids_ok = False
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                check.error("email", f"'{data['email']}' không phải địa chỉ thư điện tử hợp lệ.")
        cell_code = check.text("cell_code")
        cell = self._resolve(check, "cell_code", cell_code, later_is_error=False) if cell_code else None
        if cell is not None:
            if cell.kind not in MEMBER_HOLDING_KINDS:
                check.error(
                    "cell_code",
                    f"'{cell.name}' ({OrgKind(cell.kind).label}) không phải chi bộ: đảng viên chỉ sinh hoạt tại "
                    "chi bộ trực thuộc hoặc chi bộ cơ sở.",
                )
            elif not cell.is_active:
                check.error("cell_code", f"Chi bộ '{cell.name}' đã giải thể.")
        self._check_member_rules(check, data, ids_ok=ids_ok)
        if check.failed:
            return
        self.report.members.append(
            MemberPlan(row=raw.number, cell_code=cell_code, cell_id=cell.pk if cell and cell.pk else None, data=data)
        )

    def _check_member_rules(self, check: _RowCheck, data: dict[str, Any], *, ids_ok: bool) -> None:
        """The registry's own rules (member.validation), with their messages put on the right column."""
        if data["birth_date"] is not None and data["admission_decision_date"] is not None:
            try:
                check_member_dates(
                    birth_date=data["birth_date"],
                    admission_decision_date=data["admission_decision_date"],
                    ceremony_date=data["ceremony_date"],
                    full_membership_date=data["full_membership_date"],
                    today=self.today,
                )
            except DomainError as exc:
                check.error(exc.field or "", exc.message)
        if ids_ok:
            try:
                check_unique_ids(
                    citizen_id=data["citizen_id"] or None, card_number=data["card_number"] or None, taken=self.taken
                )
            except DomainError as exc:
                check.error(exc.field or "citizen_id", exc.message)


def validate_rows(
    *, book: RawBook, scope: Scope, today: dt.date, on_row: Callable[[int], None] | None = None
) -> ImportReport:
    """Check every row of both sheets; `on_row(n)` is called after each row for the progress bar.

    Organizations first, in file order (a parent must come before its children), then members,
    whose cell may be any valid organization row of the file.
    """
    validator = _Validator(book=book, scope=scope, today=today, on_row=on_row)
    validator.validate_orgs()
    validator.validate_members()
    return validator.report
