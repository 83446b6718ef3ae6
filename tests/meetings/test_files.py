"""A meeting's files: content-checked uploads under a server-made name, the first document publishing the
documents, the signed minutes only once held; opening a file audited, for the officers of the unit and, for the
documents, the members of the cell; anyone else 404 and logged."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.meetings import meeting_files
from dangbo.meetings.models import MeetingFile

from .helpers import hold, plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def docx_bytes(inner: str = "word/document.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(inner, "<w:document/>")
    return out.getvalue()


def upload(meeting, content: bytes, name: str = "tai-lieu.pdf", kind: str = "document"):
    return meeting_files.upload_file(actor=None, meeting=meeting, kind=kind,
                                     uploaded=SimpleUploadedFile(name, content))  # fmt: skip


def test_first_document_publishes_and_keeps_the_version(world):
    meeting = plan(world.cell_a1)
    record = upload(meeting, PDF, "../../etc/Nghị quyết.pdf")
    meeting.refresh_from_db()
    assert meeting.documents_published_at is not None and meeting.version == 1
    assert record.original_name == "Nghị quyết.pdf" and record.content_type == "application/pdf"
    assert record.file.name.startswith("meetings/") and "Nghị" not in record.file.name
    published = meeting.documents_published_at
    upload(meeting, docx_bytes(), "de-cuong.docx")
    meeting.refresh_from_db()
    assert meeting.documents_published_at == published
    assert AuditEntry.objects.filter(action="meetings.file.uploaded", object_id=str(meeting.pk)).count() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"", "rong.pdf", "Tệp rỗng"), (b"MZ\x90\x00binary", "virus.pdf", "Chỉ nhận tệp PDF, Word"),
     (docx_bytes("xl/workbook.xml"), "bang.docx", "Chỉ nhận tệp PDF, Word"),
     (b"PK\x03\x04broken", "hong.docx", "Chỉ nhận tệp PDF, Word")],
)  # fmt: skip
def test_bad_files_refused(world, content, name, message):
    meeting = plan(world.cell_a1)
    with pytest.raises(DomainError, match=message):
        upload(meeting, content, name)
    meeting.refresh_from_db()
    assert not MeetingFile.objects.exists() and meeting.documents_published_at is None


@override_settings(DANGBO_MEETING_FILE_MAX_BYTES=100)
def test_too_large_refused(world):
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        upload(plan(world.cell_a1), PDF + b"x" * 200)


def test_signed_minutes_only_once_held_and_not_word(world):
    meeting = plan(world.cell_a1)
    with pytest.raises(DomainError, match="sau khi đã ghi nhận"):
        upload(meeting, PDF, kind="minutes")
    meeting = hold(meeting)
    with pytest.raises(DomainError, match="Chỉ nhận tệp PDF, JPEG hoặc PNG"):
        upload(meeting, docx_bytes(), "bien-ban.docx", kind="minutes")
    assert upload(meeting, PNG, "bien-ban.png", kind="minutes").content_type == "image/png"


def test_upload_through_the_page(world, as_officer):
    meeting = plan(world.cell_a1)
    url = reverse("meetings:upload", args=[meeting.pk])
    bad = as_officer.post(url, {"kind": "document", "file": SimpleUploadedFile("x.pdf", b"hello")})
    assert bad.status_code == 400 and "Chỉ nhận tệp PDF, Word" in bad.content.decode()
    good = as_officer.post(url, {"kind": "document", "file": SimpleUploadedFile("x.pdf", PDF)})
    assert good.status_code == 302 and MeetingFile.objects.count() == 1


def test_download_for_officer_member_and_outsider(world, as_officer, as_member, as_outsider):
    meeting = hold(plan(world.cell_a1))
    document = upload(meeting, PDF)
    minutes = upload(meeting, PDF, "bien-ban.pdf", kind="minutes")
    response = as_officer.get(reverse("meetings:file", args=[minutes.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert as_member.get(reverse("meetings:file", args=[document.pk])).status_code == 200
    assert as_member.get(reverse("meetings:file", args=[minutes.pk])).status_code == 404
    assert as_outsider.get(reverse("meetings:file", args=[document.pk])).status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", object_type="meeting_file")
    assert sorted(int(e.object_id) for e in denied) == sorted([minutes.pk, document.pk])
    assert AuditEntry.objects.filter(action="meetings.file.viewed").count() == 2


def test_upload_out_of_scope_is_404(world, as_outsider, as_member):
    meeting = plan(world.cell_a1)
    url = reverse("meetings:upload", args=[meeting.pk])
    assert as_outsider.post(url, {"kind": "document", "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    assert as_member.post(url, {"kind": "document", "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    assert not MeetingFile.objects.exists()
