"""A question's attachment: PDF, JPEG, PNG or Word, judged by its content (its first bytes, and for .docx the part
that makes a zip a Word document), not by the name it was sent with; empty or over
`DANGBO_QUESTION_FILE_MAX_BYTES` (10 MB by default) refused. The stored name is made by the server."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from dangbo.core.errors import DomainError

from .enums import AttachmentType

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES = (
    (b"%PDF-", AttachmentType.PDF),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
    (OLE2, AttachmentType.DOC),
)
CONTENT_TYPES: dict[str, str] = {
    AttachmentType.PDF: "application/pdf",
    AttachmentType.JPEG: "image/jpeg",
    AttachmentType.PNG: "image/png",
    AttachmentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentType.DOC: "application/msword",
}


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_QUESTION_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _is_docx(uploaded: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def sniff(uploaded: UploadedFile) -> str | None:
    """The attachment's type by its content, or None for any other kind of file."""
    uploaded.seek(0)
    head = bytes(uploaded.read(8))
    uploaded.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return str(kind)
    if head.startswith(b"PK\x03\x04") and _is_docx(uploaded):
        return str(AttachmentType.DOCX)
    return None


def check_attachment(uploaded: UploadedFile) -> tuple[str, str, int]:
    """The attachment's type, its name as sent (without folders) and its size; a DomainError otherwise."""
    name = (uploaded.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255] or "tep-dinh-kem"
    size = uploaded.size or 0
    if size == 0:
        raise DomainError("Tệp đính kèm rỗng.", field="attachment")
    limit = max_bytes()
    if size > limit:
        raise DomainError(
            f"Tệp đính kèm quá lớn: tối đa {limit // (1024 * 1024)} MB (tệp này {size / (1024 * 1024):.1f} MB).",
            field="attachment",
        )
    kind = sniff(uploaded)
    if kind is None:
        raise DomainError(
            f"Tệp “{name}” không phải PDF, ảnh JPEG, PNG hay văn bản Word: chỉ nhận các loại tệp này.",
            field="attachment",
        )
    return kind, name, size
