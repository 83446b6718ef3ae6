"""Writes to the document library: record a document, edit it, set its validity, replace it with a newer one, and
note who downloaded its file. One entry point per change, each checked, audited once and refused in Vietnamese
with nothing written.

The refusals: a number and symbol the issuer already used that year; a date before the party was founded or
after today (an expiry before the issue date, or more than five years ahead); a file whose content is not the
type its name declares (PDF, Word .docx or .doc, Excel .xlsx, judged by `dangbo.core.uploads`), empty, or over
`max_bytes()`; a document replaced or amended by
itself, by one dated before it, or by one that (through its own replacements) leads back to it; a publication to
an organization or member outside the issuer's tree.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from dangbo.core import uploads
from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.date_limits import PARTY_FOUNDED
from dangbo.core.dates import add_years
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.text import normalize_search
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import Audience, DocumentKind, Validity
from .models import MemberRecipient, PartyDocument, Publication

FIELDS = [
    "number", "symbol", "kind", "title", "issued_on", "issuer_id", "issuer_name", "validity", "amended_by_id",
    "replaced_by_id", "expired_on", "audience", "file_name", "file_size", "note",
]  # fmt: skip
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
EXPIRY_YEARS_AHEAD = 5
NUMBER_RE = re.compile(r"^[0-9A-Za-z.]{1,20}$")
SYMBOL_RE = re.compile(r"^[^\s/]+(/[^\s/]+)+$")
# The kinds a document's file may be, in the order the refusal lists them; its name's extension declares which.
FILE_KINDS = (uploads.PDF, uploads.DOCX, uploads.DOC, uploads.XLSX)
CONTENT_TYPES: dict[str, str] = {kind.code: kind.content_type for kind in FILE_KINDS}


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_LIBRARY_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---- checks ----------------------------------------------------------------------------------------------------


def _clean_text(value: Any, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


def _check_reference(number: str, symbol: str) -> tuple[str, str]:
    number = _clean_text(number, label="số văn bản", field="number", max_length=20)
    symbol = _clean_text(symbol, label="ký hiệu văn bản", field="symbol", max_length=40).replace(" ", "").upper()
    if not NUMBER_RE.match(number):
        raise DomainError(f"Số văn bản “{number}” không hợp lệ: chỉ gồm chữ số (ví dụ 20).", field="number")
    if not SYMBOL_RE.match(symbol):
        raise DomainError(
            f"Ký hiệu “{symbol}” không hợp lệ: viết như trên văn bản, ví dụ KH/ĐUK, QĐ/TW.", field="symbol"
        )
    return number, symbol


def _check_issued_on(issued_on: dt.date, today: dt.date) -> None:
    if issued_on < PARTY_FOUNDED:
        raise DomainError(f"Ngày ban hành không được trước ngày {d(PARTY_FOUNDED)}.", field="issued_on")
    if issued_on > today:
        raise DomainError(f"Ngày ban hành ({d(issued_on)}) không được sau hôm nay ({d(today)}).", field="issued_on")


def _issuer_key(issuer: Organization | None, issuer_name: str) -> str:
    return f"org:{issuer.pk}" if issuer is not None else f"name:{normalize_search(issuer_name)}"


def _check_unique(document: PartyDocument) -> None:
    taken = PartyDocument.objects.filter(
        issuer_key=document.issuer_key, year=document.year, number=document.number, symbol=document.symbol
    ).exclude(pk=document.pk)
    if taken.exists():
        raise DomainError(
            f"Số {document.reference} đã được {document.issuer_name} dùng cho một văn bản năm {document.year}.",
            field="number",
        )


def _search_text(document: PartyDocument) -> str:
    with translation.override("vi"):
        kind = str(DocumentKind(document.kind).label)
    words = [document.reference, document.number, document.symbol, kind, document.title, document.issuer_name]
    return normalize_search(" ".join(words))[:1000]


def _check_recipients(
    keeper_path: str, audience: str, organizations: Sequence[Organization], members: Sequence[Member]
) -> None:
    if audience not in Audience.values:
        raise DomainError("Nơi phát hành không hợp lệ.", field="audience")
    if audience == Audience.ORGANIZATIONS:
        if not organizations:
            raise DomainError("Chưa chọn tổ chức đảng nhận văn bản.", field="organizations")
        for org in organizations:
            if not org.path.startswith(keeper_path):
                raise DomainError(f"“{org.name}” không thuộc đảng bộ của đơn vị ban hành.", field="organizations")
    if audience == Audience.MEMBERS:
        if not members:
            raise DomainError("Chưa chọn đảng viên nhận văn bản.", field="members")
        paths = dict(Organization.objects.filter(pk__in={m.organization_id for m in members}).values_list("pk", "path"))
        for member in members:
            if not paths.get(member.organization_id, "").startswith(keeper_path):
                raise DomainError(
                    f"Đảng viên {member.full_name} không thuộc đảng bộ của đơn vị ban hành.", field="members"
                )


def _publish(document: PartyDocument, organizations: Sequence[Organization], members: Sequence[Member]) -> None:
    """Replace the document's recipients by those of its audience."""
    document.publications.all().delete()
    document.member_recipients.all().delete()
    if document.audience == Audience.WHOLE_TREE:
        Publication.objects.create(document=document, organization=document.issuer, path=document.path)
    elif document.audience == Audience.ORGANIZATIONS:
        Publication.objects.bulk_create(
            [
                Publication(document=document, organization=o, path=o.path)
                for o in {o.pk: o for o in organizations}.values()
            ]
        )
    else:
        MemberRecipient.objects.bulk_create(
            [MemberRecipient(document=document, member=m) for m in {m.pk: m for m in members}.values()]
        )


def _store_file(document: PartyDocument, uploaded: UploadedFile) -> None:
    kind, name, size = uploads.check_upload(uploaded, allowed=FILE_KINDS, max_bytes=max_bytes(), declared=True)
    document.file.save(f"{uuid.uuid4().hex}.{kind.code}", uploaded, save=False)
    document.file_type, document.file_name, document.file_size = kind.code, name, size


def _audit(action: str, *, actor: Any, document: PartyDocument, request: Any = None, **entry: Any) -> None:
    log_action(
        f"library.document.{action}", actor=actor, object_type="party_document", object_id=document.pk,
        object_repr=str(document)[:255], scope_path=document.path, request=request, **entry,
    )  # fmt: skip


def _check_link(document: PartyDocument, other: PartyDocument, *, field: str) -> None:
    """`other` may replace or amend `document`: another document, not dated before it, that does not lead back to
    it through its own replacements and amendments."""
    if other.pk == document.pk:
        raise DomainError("Một văn bản không thể thay thế hoặc sửa đổi chính nó.", field=field)
    if other.issued_on < document.issued_on:
        raise DomainError(
            f"{other} ban hành ngày {d(other.issued_on)}, trước {document} ({d(document.issued_on)}): văn bản ban "
            "hành trước không thể thay thế hoặc sửa đổi văn bản ban hành sau.",
            field=field,
        )
    seen: set[int] = set()
    current: PartyDocument | None = other
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        next_ids = [i for i in (current.replaced_by_id, current.amended_by_id) if i is not None]
        if document.pk in next_ids:
            raise DomainError(
                f"{other} đã được (trực tiếp hoặc gián tiếp) thay thế, sửa đổi bởi {document}: không thể tạo vòng "
                "thay thế.",
                field=field,
            )
        current = PartyDocument.objects.filter(pk__in=next_ids).exclude(pk__in=seen).order_by("id").first()


# ---- writes ----------------------------------------------------------------------------------------------------


def _build(
    *, keeper: Organization | None, number: str, symbol: str, kind: str, title: str, issued_on: dt.date,
    issuer: Organization | None, issuer_name: str, audience: str, note: str, today: dt.date,
) -> PartyDocument:  # fmt: skip
    number, symbol = _check_reference(number, symbol)
    if kind not in DocumentKind.values:
        raise DomainError("Loại văn bản không hợp lệ.", field="kind")
    title = _clean_text(title, label="trích yếu", field="title", max_length=500)
    _check_issued_on(issued_on, today)
    if issuer is not None:
        issuer_name, keeper = issuer.name, issuer
    else:
        issuer_name = _clean_text(issuer_name, label="cơ quan ban hành", field="issuer_name", max_length=255)
    note = _clean_text(note, label="ghi chú", field="note", max_length=1000, required=False)
    document = PartyDocument(
        number=number, symbol=symbol, kind=kind, title=title, issued_on=issued_on, year=issued_on.year,
        issuer=issuer, issuer_name=issuer_name, issuer_key=_issuer_key(issuer, issuer_name),
        path=keeper.path if keeper is not None else "", audience=audience, note=note,
    )  # fmt: skip
    _check_unique(document)
    return document


@transaction.atomic
def create_document(
    *, actor: Any, keeper: Organization | None, number: str, symbol: str, kind: str, title: str,
    issued_on: dt.date, issuer: Organization | None = None, issuer_name: str = "",
    audience: str = Audience.WHOLE_TREE, organizations: Sequence[Organization] = (),
    members: Sequence[Member] = (), uploaded: UploadedFile | None = None, note: str = "",
    today: dt.date | None = None,
) -> PartyDocument:  # fmt: skip
    """Record a document. Steps: clean and check the number and symbol, kind, title and date (1930 → today); the
    issuer is the organization (which then keeps it) or the outside body's name (kept by `keeper`); refuse a
    number and symbol the issuer used that year; check the recipients are in the keeper's tree and the file;
    save with its search text; publish; audit."""
    today = today or timezone.localdate()
    document = _build(
        keeper=keeper, number=number, symbol=symbol, kind=kind, title=title, issued_on=issued_on, issuer=issuer,
        issuer_name=issuer_name, audience=audience, note=note, today=today,
    )  # fmt: skip
    _check_recipients(document.path, audience, organizations, members)
    if uploaded is not None:
        _store_file(document, uploaded)
    document.search_text = _search_text(document)
    document.created_by = actor if getattr(actor, "is_authenticated", False) else None
    document.save()
    _publish(document, organizations, members)
    _audit("created", actor=actor, document=document, after=snapshot(document, FIELDS))
    return document


def _lock(document: PartyDocument, expected_version: int) -> PartyDocument:
    locked = PartyDocument.objects.select_for_update().get(pk=document.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


@transaction.atomic
def update_document(
    *, actor: Any, document: PartyDocument, expected_version: int, data: dict[str, Any],
    organizations: Sequence[Organization] = (), members: Sequence[Member] = (),
    uploaded: UploadedFile | None = None, today: dt.date | None = None,
) -> PartyDocument:  # fmt: skip
    """Edit a document's number, symbol, kind, title, date, outside issuer's name, recipients, note, and put a new
    file in place of the old one. The issuer in the tree and the keeper stay. A stale version is refused, and
    every check of `create_document` applies (the date also against the documents it replaced or that replaced
    it)."""
    today = today or timezone.localdate()
    locked = _lock(document, expected_version)
    before = snapshot(locked, FIELDS)
    number, symbol = _check_reference(data.get("number", locked.number), data.get("symbol", locked.symbol))
    kind = data.get("kind", locked.kind)
    if kind not in DocumentKind.values:
        raise DomainError("Loại văn bản không hợp lệ.", field="kind")
    issued_on = data.get("issued_on", locked.issued_on)
    _check_issued_on(issued_on, today)
    locked.number, locked.symbol, locked.kind, locked.issued_on, locked.year = (
        number, symbol, kind, issued_on, issued_on.year
    )  # fmt: skip
    locked.title = _clean_text(data.get("title", locked.title), label="trích yếu", field="title", max_length=500)
    if locked.issuer is None:
        locked.issuer_name = _clean_text(
            data.get("issuer_name", locked.issuer_name), label="cơ quan ban hành", field="issuer_name",
            max_length=255,
        )  # fmt: skip
        locked.issuer_key = _issuer_key(None, locked.issuer_name)
    locked.note = _clean_text(
        data.get("note", locked.note), label="ghi chú", field="note", max_length=1000, required=False
    )
    for link in (locked.replaced_by, locked.amended_by):
        if link is not None and link.issued_on < issued_on:
            raise DomainError(
                f"{locked} đã được thay thế, sửa đổi bởi {link} ban hành ngày {d(link.issued_on)}: ngày ban hành "
                "không được sau ngày đó.",
                field="issued_on",
            )
    earlier = (
        locked.replaces.filter(issued_on__gt=issued_on).first() or locked.amends.filter(issued_on__gt=issued_on).first()
    )
    if earlier is not None:
        raise DomainError(
            f"Văn bản này thay thế, sửa đổi {earlier} ban hành ngày {d(earlier.issued_on)}: ngày ban hành không "
            "được trước ngày đó.",
            field="issued_on",
        )
    if locked.expired_on is not None and locked.expired_on < issued_on:
        raise DomainError("Ngày hết hiệu lực không được trước ngày ban hành.", field="issued_on")
    _check_unique(locked)
    audience = data.get("audience", locked.audience)
    republish = "audience" in data
    if republish:
        _check_recipients(locked.path, audience, organizations, members)
        locked.audience = audience
    if uploaded is not None:
        _store_file(locked, uploaded)
    locked.search_text = _search_text(locked)
    locked.version += 1
    locked.save()
    if republish:
        _publish(locked, organizations, members)
    changed_before, changed_after = diff(before, snapshot(locked, FIELDS))
    _audit("updated", actor=actor, document=locked, before=changed_before, after=changed_after)
    return locked


@transaction.atomic
def set_validity(
    *, actor: Any, document: PartyDocument, expected_version: int, validity: str,
    other: PartyDocument | None = None, expired_on: dt.date | None = None, today: dt.date | None = None,
) -> PartyDocument:  # fmt: skip
    """Say whether the document is in force, amended by `other`, replaced by `other`, or expired from
    `expired_on`. Refused: a stale version; an amendment or replacement without the other document, by itself, by
    one dated before it, or one that leads back to it; an expiry before the issue date or far in the future."""
    today = today or timezone.localdate()
    locked = _lock(document, expected_version)
    before = snapshot(locked, FIELDS)
    if validity not in Validity.values:
        raise DomainError("Hiệu lực không hợp lệ.", field="validity")
    locked.amended_by = locked.replaced_by = None
    locked.expired_on = None
    if validity in (Validity.AMENDED, Validity.REPLACED):
        field = "replaced_by" if validity == Validity.REPLACED else "amended_by"
        if other is None:
            raise DomainError("Chưa chọn văn bản sửa đổi, bổ sung hoặc thay thế.", field=field)
        other = PartyDocument.objects.get(pk=other.pk)  # its links as they are now
        _check_link(locked, other, field=field)
        setattr(locked, field, other)
        if validity == Validity.REPLACED:
            locked.expired_on = other.issued_on
    elif validity == Validity.EXPIRED:
        if expired_on is None:
            raise DomainError("Chưa nhập ngày hết hiệu lực.", field="expired_on")
        if expired_on < locked.issued_on:
            raise DomainError(
                f"Ngày hết hiệu lực ({d(expired_on)}) không được trước ngày ban hành ({d(locked.issued_on)}).",
                field="expired_on",
            )
        latest = add_years(today, EXPIRY_YEARS_AHEAD)
        if expired_on > latest:
            raise DomainError(f"Ngày hết hiệu lực không được sau ngày {d(latest)}.", field="expired_on")
        locked.expired_on = expired_on
    locked.validity = validity
    locked.version += 1
    locked.save()
    changed_before, changed_after = diff(before, snapshot(locked, FIELDS))
    _audit("validity_set", actor=actor, document=locked, before=changed_before, after=changed_after)
    return locked


@transaction.atomic
def replace_document(
    *, actor: Any, document: PartyDocument, expected_version: int, number: str, symbol: str, kind: str,
    title: str, issued_on: dt.date, audience: str = Audience.WHOLE_TREE,
    organizations: Sequence[Organization] = (), members: Sequence[Member] = (),
    uploaded: UploadedFile | None = None, note: str = "", today: dt.date | None = None,
) -> PartyDocument:  # fmt: skip
    """Record the document that replaces `document` (same issuer and keeper), and mark `document` replaced by it
    from its date. Refused: a stale version, a replacement dated before the document, and every refusal of
    `create_document`. One audit entry names both."""
    today = today or timezone.localdate()
    old = _lock(document, expected_version)
    keeper = Organization.objects.filter(path=old.path).first() if old.path else None
    new = _build(
        keeper=keeper, number=number, symbol=symbol, kind=kind, title=title, issued_on=issued_on,
        issuer=old.issuer, issuer_name=old.issuer_name, audience=audience, note=note, today=today,
    )  # fmt: skip
    new.path = old.path
    if issued_on < old.issued_on:
        raise DomainError(f"Văn bản thay thế không được ban hành trước {old} ({d(old.issued_on)}).", field="issued_on")
    _check_recipients(new.path, audience, organizations, members)
    if uploaded is not None:
        _store_file(new, uploaded)
    new.search_text = _search_text(new)
    new.created_by = actor if getattr(actor, "is_authenticated", False) else None
    new.save()
    _publish(new, organizations, members)
    before = snapshot(old, FIELDS)
    old.validity, old.replaced_by, old.amended_by, old.expired_on = Validity.REPLACED, new, None, issued_on
    old.version += 1
    old.save()
    changed_before, changed_after = diff(before, snapshot(old, FIELDS))
    _audit(
        "replaced", actor=actor, document=old, before=changed_before, after=changed_after,
        data={"replacement_id": new.pk, "replacement": snapshot(new, FIELDS)},
    )  # fmt: skip
    return new


def record_download(*, actor: Any, document: PartyDocument, request: Any = None) -> None:
    """Downloading a document's file is audited like opening a record."""
    _audit(
        "downloaded", actor=actor, document=document, request=request,
        data={"file_name": document.file_name, "size": document.file_size},
    )  # fmt: skip
