"""A member's own use of the documents published to them: bookmarks ("Lưu") and "studied" marks ("Đã học tập").
One service per change, each audited once and refused in Vietnamese with nothing written.

Which documents: `selectors.documents_published_to_member` (the caller answers 404 and logs the attempt for any
other; the services check again, so the API and the pages cannot differ). The refusals: saving a document already
saved, removing a bookmark that is not there; marking a document studied twice, on a day after today or before
the document was issued; undoing a mark recorded on an earlier day without a reason (the committee may already
have counted it; the reason goes into the audit entry). Undoing on the day the mark was recorded needs none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.members.models import Member

from .models import Bookmark, PartyDocument, StudyMark
from .selectors import documents_published_to_member

UNDO_REASON_MAX = 500


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_published(document: PartyDocument, member: Member) -> None:
    if not documents_published_to_member(member.pk).filter(pk=document.pk).exists():
        raise DomainError("Văn bản này không được phát hành đến đồng chí.", code="not_found")


def _audit(action: str, *, actor: Any, document: PartyDocument, member: Member, **entry: Any) -> None:
    log_action(
        f"library.{action}", actor=actor, object_type="party_document", object_id=document.pk,
        object_repr=str(document)[:255], scope_path=member.organization.path if member.organization_id else "",
        **entry,
    )  # fmt: skip


@transaction.atomic
def add_bookmark(*, actor: Any, member: Member, document: PartyDocument) -> Bookmark:
    """Save the document in the member's list. Refused: a document not published to them; one already saved."""
    _check_published(document, member)
    if Bookmark.objects.filter(member=member, document=document).exists():
        raise DomainError("Đồng chí đã lưu văn bản này.", code="duplicate")
    try:
        with transaction.atomic():
            bookmark = Bookmark.objects.create(member=member, document=document)
    except IntegrityError:  # saved at the same moment by another request
        raise DomainError("Đồng chí đã lưu văn bản này.", code="duplicate") from None
    _audit("bookmark.added", actor=actor, document=document, member=member, data={"member_id": member.pk})
    return bookmark


@transaction.atomic
def remove_bookmark(*, actor: Any, member: Member, document: PartyDocument) -> None:
    """Take the document out of the member's saved list. Refused: a document they have not saved."""
    deleted, _ = Bookmark.objects.filter(member=member, document=document).delete()
    if not deleted:
        raise DomainError("Văn bản này không có trong danh sách đã lưu của đồng chí.")
    _audit("bookmark.removed", actor=actor, document=document, member=member, data={"member_id": member.pk})


@transaction.atomic
def mark_studied(
    *, actor: Any, member: Member, document: PartyDocument, studied_on: dt.date | None = None,
    today: dt.date | None = None,
) -> StudyMark:  # fmt: skip
    """Record that the member studied the document on `studied_on` (today by default). Refused: a document not
    published to them; a second mark; a day after today, or before the document's date."""
    today = today or timezone.localdate()
    studied_on = studied_on or today
    _check_published(document, member)
    existing = StudyMark.objects.filter(member=member, document=document).first()
    if existing is not None:
        raise DomainError(f"Đồng chí đã đánh dấu học tập văn bản này ngày {_d(existing.studied_on)}.", code="duplicate")
    if studied_on > today:
        raise DomainError(f"Ngày học tập ({_d(studied_on)}) không được sau hôm nay ({_d(today)}).", field="studied_on")
    if studied_on < document.issued_on:
        raise DomainError(
            f"Ngày học tập ({_d(studied_on)}) không được trước ngày ban hành văn bản ({_d(document.issued_on)}).",
            field="studied_on",
        )
    try:
        with transaction.atomic():
            mark = StudyMark.objects.create(member=member, document=document, studied_on=studied_on)
    except IntegrityError:
        raise DomainError("Đồng chí đã đánh dấu học tập văn bản này.", code="duplicate") from None
    _audit(
        "study.marked", actor=actor, document=document, member=member,
        after={"member_id": member.pk, "studied_on": studied_on.isoformat()},
    )  # fmt: skip
    return mark


@transaction.atomic
def unmark_studied(
    *, actor: Any, member: Member, document: PartyDocument, reason: str = "", today: dt.date | None = None
) -> None:
    """Undo the member's mark. On the day it was recorded, freely; later, only with a reason (kept in the audit
    entry). Refused: no mark; a later undo without a reason or with one too long."""
    today = today or timezone.localdate()
    mark = StudyMark.objects.select_for_update().filter(member=member, document=document).first()
    if mark is None:
        raise DomainError("Đồng chí chưa đánh dấu học tập văn bản này.")
    reason = " ".join(reason.split())
    recorded_on = timezone.localdate(mark.created_at)
    if recorded_on != today and not reason:
        raise DomainError(f"Đánh dấu học tập đã ghi nhận từ ngày {_d(recorded_on)}: hãy ghi lý do hủy.", field="reason")
    if len(reason) > UNDO_REASON_MAX:
        raise DomainError(f"Lý do hủy dài quá {UNDO_REASON_MAX} ký tự.", field="reason")
    before = {"member_id": member.pk, "studied_on": mark.studied_on.isoformat()}
    mark.delete()
    _audit(
        "study.unmarked", actor=actor, document=document, member=member, before=before,
        data={"reason": reason, "recorded_on": recorded_on.isoformat()},
    )  # fmt: skip
