"""Reconciliation: a payment statement (the national portal's records or a bank statement, .xlsx or CSV) read
against the ledger, reviewed by an officer, and only then written to it.

1. `upload_statement` checks the file (size, the .xlsx container, at most `DANGBO_IMPORT_MAX_ROWS` rows: the
   member import's limits), keeps each row as text (`ReconciliationLine.raw`, header → text; nothing is ever
   evaluated, and the review page shows formula-like text as text) and, with a column mapping (given, or
   recognised from the headers), classifies the lines.
2. `classify` reads each row through the mapping (amount, date, reference, memo, card number, citizen id, name,
   month) and sets it matched (one member, a month), ambiguous (several members: the candidates are kept),
   unmatched (no member, or an unreadable amount or date) or duplicate (the ledger already has that payment,
   or the same reference came earlier in the file). A mapping naming columns the file lacks, or missing the
   amount, the date or any way to find the member, is refused saying which columns are missing.
3. `review_lines` records the officer's choices: lines accepted, a candidate picked for an ambiguous line.
4. `apply_batch` writes every accepted line through `dues.ledger.record_payment`, all or nothing, once: a line
   the ledger refuses (a month before admission, a second payment…) refuses the whole batch with its row number.
Nothing reaches the ledger before step 4. Each step is one transaction, version-checked, with one audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.text import normalize_search
from dangbo.members.import_container import ImportLimits, format_megabytes
from dangbo.members.importing import cell_text, open_workbook, parse_date
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from . import ledger
from .enums import BatchState, LineStatus, PaymentChannel, StatementSource
from .models import DuesMonth, ReconciliationBatch, ReconciliationLine

# The columns a statement may have, with the headers they are recognised by (accents and case ignored).
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "amount": ("số tiền", ("so tien", "so tien ghi co", "ghi co", "so tien nop", "credit", "amount")),
    "date": ("ngày", ("ngay", "ngay giao dich", "ngay nop", "ngay hach toan", "date", "transaction date")),
    "reference": ("mã giao dịch", ("ma giao dich", "so tham chieu", "so but toan", "ma ho so", "reference", "ref")),
    "memo": ("nội dung", ("noi dung", "dien giai", "noi dung chuyen khoan", "mo ta", "memo", "description")),
    "card_number": ("số thẻ đảng viên", ("so the dang vien", "so the dang", "so the")),
    "citizen_id": ("số CCCD", ("so cccd", "cccd", "so dinh danh", "so can cuoc", "citizen id")),
    "name": ("họ và tên", ("ho va ten", "ho ten", "ten dang vien", "nguoi nop", "name")),
    "month": ("tháng đóng", ("thang dong", "thang", "ky dong", "month")),
}
CLASSIFIED_FIELDS = ["amount", "paid_on", "reference", "memo", "month", "member", "status", "candidates", "message"]
IDENTIFYING = ("card_number", "citizen_id", "name", "memo")
CARD_RE = re.compile(r"(?<!\d)(\d{8})(?!\d)")
CITIZEN_RE = re.compile(r"(?<!\d)(\d{12})(?!\d)")
MONTH_RE = re.compile(r"\bT\s?(\d{1,2})[/.-]?(\d{4})\b", re.IGNORECASE)
MONTH_TEXT_RE = re.compile(r"^(\d{1,2})[/.-](\d{4})$")


def batches_for(scope: Scope) -> QuerySet[ReconciliationBatch]:
    return ReconciliationBatch.objects.filter(scope.path_q(Right.VIEW_FINANCE)).select_related("organization")


# --- reading the file -------------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _xlsx_rows(data: bytes, limits: ImportLimits) -> list[list[str]]:
    book = open_workbook(io.BytesIO(data), limits=limits)
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        row = [cell_text(v) for v in values]
        if any(row):
            rows.append(row)
        if len(rows) > limits.max_rows + 1:
            break
    book.close()
    return rows


def read_rows(data: bytes, file_name: str, limits: ImportLimits) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the first sheet of an .xlsx or of a CSV file, every value as text."""
    if len(data) > limits.max_bytes:
        raise DomainError(
            f"Tệp quá lớn ({format_megabytes(len(data))}). Dung lượng tối đa là {format_megabytes(limits.max_bytes)}.",
            field="file",
        )
    if not data:
        raise DomainError("Tệp tải lên rỗng.", field="file")
    name = file_name.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data, limits)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise DomainError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).", field="file")
    if not rows:
        raise DomainError("Tệp không có dòng nào.", field="file")
    if len(rows) - 1 > limits.max_rows:
        raise DomainError(f"Tệp có hơn {limits.max_rows} dòng; hãy chia thành nhiều tệp.", field="file")
    headers = [" ".join(h.split()) for h in rows[0]]
    return headers, rows[1:]


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Role → header for the headers that read like a known column."""
    found: dict[str, str] = {}
    for header in headers:
        key = normalize_search(header)
        for role, (_label, names) in ROLES.items():
            if role not in found and key in names:
                found[role] = header
    return found


def check_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """The mapping with empty choices dropped; refused, naming the columns, when the file lacks a mapped column
    or the mapping lacks the amount, the date or any way to find the member."""
    mapping = {role: h for role, h in mapping.items() if role in ROLES and h}
    absent = [f"“{h}” ({ROLES[role][0]})" for role, h in mapping.items() if h not in headers]
    needed = [ROLES[role][0] for role in ("amount", "date") if role not in mapping]
    if not any(role in mapping for role in IDENTIFYING):
        needed.append("số thẻ đảng viên, số CCCD, họ và tên hoặc nội dung")
    if absent or needed:
        parts = []
        if needed:
            parts.append("thiếu cột " + "; ".join(needed))
        if absent:
            parts.append("tệp không có cột " + ", ".join(absent))
        raise DomainError(
            "Không nhận ra bố cục tệp: " + "; ".join(parts) + ". Hãy chọn cột tương ứng trong tệp "
            f"(các cột của tệp: {', '.join(headers) or 'không có'}).",
            field="mapping",
        )
    return mapping


# --- classifying ------------------------------------------------------------------------------------------------


def parse_amount(text: str) -> int | None:
    """ "85.000", "85,000", "85000 VND", "85000.00" → 85000; None when it is not a whole positive amount."""
    cleaned = re.sub(r"(?i)\s*(vnd|đ|dong|đồng)\s*$", "", text.strip()).replace(" ", "")
    cleaned = re.sub(r"[.,]00$", "", cleaned)
    if not re.fullmatch(r"\d{1,3}([.,]\d{3})*|\d+", cleaned):
        return None
    value = int(re.sub(r"[.,]", "", cleaned))
    return value if value > 0 else None


def _parse_day(text: str) -> dt.date | None:
    try:
        return parse_date(text.split(" ")[0])
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None


def _month(text: str, memo: str, paid_on: dt.date | None) -> dt.date | None:
    text = text.strip()
    for candidate in (MONTH_TEXT_RE.match(text), MONTH_RE.search(text) if text else None, MONTH_RE.search(memo)):
        if candidate:
            month, year = int(candidate.group(1)), int(candidate.group(2))
            if 1 <= month <= 12:
                return dt.date(year, month, 1)
    if text and (day := _parse_day(text)):
        return day.replace(day=1)
    return paid_on.replace(day=1) if paid_on else None


def _candidates(organization: Organization, card: str, citizen: str, name: str, memo: str) -> list[Member]:
    members = Member.objects.filter(organization__path__startswith=organization.path)
    if card:
        return list(members.filter(card_number=card))
    if citizen:
        return list(members.filter(citizen_id=citizen))
    for pattern, field_name in ((CARD_RE, "card_number"), (CITIZEN_RE, "citizen_id")):
        found = {m for m in pattern.findall(memo)}
        if found:
            hits = list(members.filter(**{f"{field_name}__in": found}))
            if hits:
                return hits
    if name:
        return list(members.filter(search_name=normalize_search(name)).order_by("sort_key"))
    return []


def _candidate_json(members: list[Member]) -> list[dict[str, Any]]:
    return [{"id": m.pk, "name": m.full_name, "card": m.card_number or "", "cell": m.organization_id} for m in members]


def classify_line(
    line: ReconciliationLine, mapping: dict[str, str], organization: Organization, seen: set[str]
) -> None:
    """Fill the line's fields and status from its raw row (no write)."""

    def value(role: str) -> str:
        return str(line.raw.get(mapping.get(role, ""), "") or "").strip()

    line.amount = parse_amount(value("amount"))
    line.paid_on = _parse_day(value("date"))
    line.reference = value("reference")[:120]
    line.memo = value("memo")[:500]
    line.month = _month(value("month"), line.memo, line.paid_on)
    line.member, line.candidates, line.accepted = None, [], False
    if line.amount is None:
        line.status, line.message = LineStatus.UNMATCHED, "Số tiền không đọc được hoặc không dương."
        return
    if line.paid_on is None or line.month is None:
        line.status, line.message = LineStatus.UNMATCHED, "Ngày nộp không đọc được (dd/mm/yyyy)."
        return
    found = _candidates(organization, value("card_number"), value("citizen_id"), value("name"), line.memo)
    if not found:
        line.status, line.message = LineStatus.UNMATCHED, "Không tìm thấy đảng viên trong đơn vị."
        return
    if len(found) > 1:
        line.status, line.candidates = LineStatus.AMBIGUOUS, _candidate_json(found)
        line.message = f"{len(found)} đảng viên khớp; hãy chọn một."
        return
    line.member = found[0]
    key = line.reference or f"{line.member.pk}:{line.month}:{line.amount}:{line.paid_on}"
    ledger = DuesMonth.objects.filter(member=line.member, month=line.month).first()
    if key in seen:
        line.status, line.message = LineStatus.DUPLICATE, "Trùng với một dòng trước trong tệp."
    elif (
        ledger is not None
        and ledger.paid
        and ((line.reference and ledger.reference == line.reference) or ledger.paid == line.amount)
    ):
        line.status = LineStatus.DUPLICATE
        line.message = f"Sổ đã ghi {ledger.paid} đồng tháng {line.month:%m/%Y} ngày {ledger.paid_on or ''}."
    else:
        line.status, line.message = LineStatus.MATCHED, ""
    seen.add(key)


def _classify(batch: ReconciliationBatch) -> dict[str, int]:
    lines = list(batch.lines.order_by("row_number"))
    seen: set[str] = set()
    for line in lines:
        classify_line(line, batch.mapping, batch.organization, seen)
    ReconciliationLine.objects.bulk_update(lines, [*CLASSIFIED_FIELDS, "accepted"])
    counts = {s: 0 for s in LineStatus.values}
    for line in lines:
        counts[line.status] += 1
    return counts


# --- the services -----------------------------------------------------------------------------------------------


def _lock(batch: ReconciliationBatch, expected_version: int) -> ReconciliationBatch:
    locked = ReconciliationBatch.objects.select_for_update().select_related("organization").get(pk=batch.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.state != BatchState.REVIEW:
        raise DomainError("Bảng đối soát này đã được ghi vào sổ hoặc đã hủy; không sửa được nữa.")
    return locked


def _audit(action: str, *, actor: Any, batch: ReconciliationBatch, data: dict[str, Any]) -> None:
    log_action(f"dues.reconciliation.{action}", actor=actor, object_type="dues.reconciliationbatch",
               object_id=batch.pk, object_repr=f"{batch.file_name} ({batch.organization.name})",
               scope_path=batch.organization.path, data=data)  # fmt: skip


@transaction.atomic
def upload_statement(
    *,
    actor: Any,
    scope: Scope,
    organization: Organization,
    source: str,
    file_name: str,
    data: bytes,
    mapping: dict[str, str] | None = None,
    limits: ImportLimits | None = None,
) -> ReconciliationBatch:
    """Read the file and keep its rows as a batch to review. The columns `mapping` does not name are recognised
    by their headers where they can be; a layout that cannot be read is refused saying which columns are
    missing."""
    if not scope.covers_path(Right.MANAGE_FINANCE, organization.path) and not scope.covers_path(
        Right.RECORD_DUES, organization.path
    ):
        raise DomainError("Đơn vị này nằm ngoài phạm vi thu đảng phí của bạn.", field="organization")
    if source not in StatementSource.values:
        raise DomainError("Nguồn dữ liệu không hợp lệ.", field="source")
    headers, rows = read_rows(data, file_name, limits or ImportLimits.from_settings())
    checked = check_mapping({**guess_mapping(headers), **(mapping or {})}, headers)
    batch = ReconciliationBatch.objects.create(
        organization=organization, path=organization.path, source=source, file_name=file_name[:255],
        mapping=checked, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    ReconciliationLine.objects.bulk_create(
        ReconciliationLine(
            batch=batch, row_number=i, raw=dict(zip(headers, row, strict=False)), status=LineStatus.UNMATCHED
        )
        for i, row in enumerate(rows, start=2)
    )
    counts = _classify(batch)
    _audit("uploaded", actor=actor, batch=batch, data={"rows": len(rows), "mapping": checked, **counts})
    return batch


@transaction.atomic
def review_lines(
    *,
    actor: Any,
    batch: ReconciliationBatch,
    expected_version: int,
    accepted: Iterable[int],
    picks: dict[int, int] | None = None,
) -> ReconciliationBatch:
    """Accept the lines `accepted` (ids; the others are not accepted) and give ambiguous lines the member picked
    among their candidates (`picks`: line id → member id). Only matched lines (a pick makes one matched) may be
    accepted."""
    locked = _lock(batch, expected_version)
    lines = {line.pk: line for line in locked.lines.all()}
    wanted, picks = set(accepted), picks or {}
    for line_id, member_id in picks.items():
        line = lines.get(line_id)
        if line is None or line.status != LineStatus.AMBIGUOUS:
            raise DomainError("Chỉ chọn đảng viên cho dòng chưa rõ.")
        if member_id not in {c["id"] for c in line.candidates}:
            raise DomainError(f"Dòng {line.row_number}: đảng viên chọn không nằm trong danh sách khớp.")
        line.member_id, line.status, line.message = member_id, LineStatus.MATCHED, "Đã chọn khi rà soát."
    for line_id in wanted:
        line = lines.get(line_id)
        if line is None:
            raise DomainError("Dòng không thuộc bảng đối soát này.")
        if line.status != LineStatus.MATCHED:
            raise DomainError(f"Dòng {line.row_number} ({LineStatus(line.status).label}) không ghi vào sổ được.")
    for line in lines.values():
        line.accepted = line.pk in wanted
    ReconciliationLine.objects.bulk_update(list(lines.values()), ["member", "status", "message", "accepted"])
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _audit("reviewed", actor=actor, batch=locked, data={"accepted": len(wanted), "picked": len(picks)})
    return locked


@transaction.atomic
def apply_batch(*, actor: Any, scope: Scope, batch: ReconciliationBatch, expected_version: int) -> int:
    """Write every accepted line to the ledger (`dues.ledger.record_payment`), all or nothing, and close the
    batch. Returns the number of payments written."""
    locked = _lock(batch, expected_version)
    if not scope.covers_path(Right.MANAGE_FINANCE, locked.path) and not scope.covers_path(
        Right.RECORD_DUES, locked.path
    ):
        raise DomainError("Bảng đối soát này nằm ngoài phạm vi thu đảng phí của bạn.")
    lines = list(locked.lines.filter(accepted=True).select_related("member").order_by("row_number"))
    if not lines:
        raise DomainError("Chưa chấp nhận dòng nào; hãy rà soát trước khi ghi vào sổ.")
    channel = PaymentChannel.PORTAL if locked.source == StatementSource.PORTAL else PaymentChannel.BANK
    for line in lines:
        assert line.member is not None and line.month and line.paid_on and line.amount
        try:
            ledger.record_payment(
                actor=actor, member=line.member, month=line.month, amount=line.amount, paid_on=line.paid_on,
                channel=channel, reference=line.reference or f"{locked.file_name} dòng {line.row_number}",
            )  # fmt: skip
        except DomainError as exc:
            raise DomainError(f"Dòng {line.row_number} ({line.member.full_name}): {exc.message}") from exc
    locked.state, locked.applied_at = BatchState.APPLIED, timezone.now()
    locked.version += 1
    locked.save(update_fields=["state", "applied_at", "version", "updated_at"])
    _audit("applied", actor=actor, batch=locked, data={"payments": len(lines)})
    return len(lines)


def counts_of(batch: ReconciliationBatch) -> dict[str, int]:
    counts = {s: 0 for s in LineStatus.values}
    for status in batch.lines.values_list("status", flat=True):
        counts[status] += 1
    return counts


def in_scope_members(scope: Scope) -> Q:
    return scope.path_q(Right.VIEW_FINANCE, "organization__path")
