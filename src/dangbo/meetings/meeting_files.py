"""A meeting's files: the documents members read ahead (publishing the first one publishes the meeting's
documents) and the signed minutes; each upload and each opening audited.

As with the admission dossier, a file is judged by its content, not its name (`dangbo.core.uploads`): PDF, JPEG,
PNG, and for documents also Word (.docx). An empty file, one over `max_bytes()` or anything else is refused with
nothing saved; the stored name is made by the server, the user's name kept only as a label.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dangbo.core import uploads
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError

from .enums import MeetingStatus
from .models import Meeting, MeetingFile, MeetingFileKind
from .services import check_open_quarter

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    MeetingFileKind.DOCUMENT: (uploads.PDF, uploads.DOCX, uploads.JPEG, uploads.PNG),
    MeetingFileKind.MINUTES: (uploads.PDF, uploads.JPEG, uploads.PNG),
}


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_MEETING_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _audit(action: str, *, actor: Any, file: MeetingFile, request: Any = None) -> None:
    meeting = file.meeting
    log_action(
        f"meetings.file.{action}", actor=actor, object_type="meeting", object_id=meeting.pk,
        object_repr=f"{meeting} — {meeting.organization.name}", scope_path=meeting.organization.path,
        request=request, data={"file_id": file.pk, "kind": file.kind, "name": file.original_name, "size": file.size},
    )  # fmt: skip


@transaction.atomic
def upload_file(*, actor: Any, meeting: Meeting, kind: str, uploaded: UploadedFile) -> MeetingFile:
    """Store one file of the meeting. Refuses (DomainError, nothing saved): an unknown kind, a cancelled meeting,
    signed minutes before the meeting is held, a locked quarter, an empty or too large file, content of another
    type. The first document sets `documents_published_at` (the documents' lead-time rule reads it); the
    meeting's version is left alone, so an attendance form open meanwhile is not made stale."""
    if kind not in MeetingFileKind.values:
        raise DomainError("Loại tệp không hợp lệ.", field="kind")
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Buổi sinh hoạt đã hủy.", field="file")
    if kind == MeetingFileKind.MINUTES and meeting.status != MeetingStatus.HELD:
        raise DomainError("Biên bản được tải lên sau khi đã ghi nhận buổi sinh hoạt đã tổ chức.", field="kind")
    check_open_quarter(meeting.organization, meeting.day)
    file_kind, original, size = uploads.check_upload(
        uploaded, allowed=ALLOWED[MeetingFileKind(kind)], max_bytes=max_bytes(), unnamed="tai-lieu"
    )
    record = MeetingFile(
        meeting=meeting, kind=kind, original_name=original, size=size, content_type=file_kind.content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    record.file.save(f"{uuid.uuid4().hex}.{file_kind.code}", uploaded, save=False)
    record.save()
    if kind == MeetingFileKind.DOCUMENT and meeting.documents_published_at is None:
        meeting.documents_published_at = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(documents_published_at=meeting.documents_published_at)
    _audit("uploaded", actor=actor, file=record)
    return record


def record_viewed(*, actor: Any, file: MeetingFile, request: Any = None) -> None:
    """Opening a meeting's file is audited like opening a record."""
    _audit("viewed", actor=actor, file=file, request=request)
