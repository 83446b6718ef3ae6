"""A question's attachment: PDF, JPEG, PNG or Word, judged by its content (`dangbo.core.uploads`), not by the name
it was sent with; empty or over `DANGBO_QUESTION_FILE_MAX_BYTES` (10 MB by default) refused. The stored name is
made by the server."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from dangbo.core import uploads

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.DOC)
CONTENT_TYPES: dict[str, str] = {kind.code: kind.content_type for kind in ALLOWED}


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_QUESTION_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_attachment(uploaded: UploadedFile) -> tuple[str, str, int]:
    """The attachment's type, its name as sent (without folders) and its size; a DomainError otherwise."""
    kind, name, size = uploads.check_upload(
        uploaded, allowed=ALLOWED, max_bytes=max_bytes(), field="attachment", noun="Tệp đính kèm",
        unnamed="tep-dinh-kem",
        wording={"kind": "Tệp “{name}” không phải PDF, ảnh JPEG, PNG hay văn bản Word: chỉ nhận các loại tệp này."},
    )  # fmt: skip
    return kind.code, name, size
