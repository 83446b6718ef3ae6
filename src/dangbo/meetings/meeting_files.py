"""A meeting's files: the documents members read ahead (publishing the first one publishes the meeting's
documents) and the signed minutes; each upload and each opening audited.

As with the admission dossier, a file is judged by its content, not its name: PDF (``%PDF-``), JPEG, PNG, and for
documents also Word (.docx: a zip whose directory holds ``word/document.xml``, read from the directory only).
An empty file, one over `max_bytes()` or anything else is refused with nothing saved; the stored name is made
by the server, the user's name kept only as a label.
"""

from __future__ import annotations

import uuid
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError

from .enums import MeetingStatus
from .models import Meeting, MeetingFile, MeetingFileKind
from .services import check_open_quarter

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_MEETING_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _is_docx(uploaded: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _content_type(uploaded: UploadedFile, kind: str) -> tuple[str, str]:
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if kind == MeetingFileKind.DOCUMENT and head.startswith(b"PK\x03\x04") and _is_docx(uploaded):
        return DOCX
    allowed = "PDF, Word (.docx), JPEG hoặc PNG" if kind == MeetingFileKind.DOCUMENT else "PDF, JPEG hoặc PNG"
    raise DomainError(f"Chỉ nhận tệp {allowed} (nội dung tệp không đúng các loại này).", field="file")


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
    size = uploaded.size or 0
    if size == 0:
        raise DomainError("Tệp rỗng.", field="file")
    limit = max_bytes()
    if size > limit:
        raise DomainError(
            f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB (tệp này {size / (1024 * 1024):.1f} MB).", field="file"
        )
    content_type, extension = _content_type(uploaded, kind)
    original = (uploaded.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255] or f"tai-lieu.{extension}"
    record = MeetingFile(
        meeting=meeting, kind=kind, original_name=original, size=size, content_type=content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    record.file.save(f"{uuid.uuid4().hex}.{extension}", uploaded, save=False)
    record.save()
    if kind == MeetingFileKind.DOCUMENT and meeting.documents_published_at is None:
        meeting.documents_published_at = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(documents_published_at=meeting.documents_published_at)
    _audit("uploaded", actor=actor, file=record)
    return record


def record_viewed(*, actor: Any, file: MeetingFile, request: Any = None) -> None:
    """Opening a meeting's file is audited like opening a record."""
    _audit("viewed", actor=actor, file=file, request=request)
