"""The upload request checks only the zip container (sizes from its headers, no XML parsed); the validation
job checks it again, then parses sheets, columns and rows within the limits."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.urls import reverse

from dangbo.core.models import BackgroundJob
from dangbo.members import importing
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .test_import_support import last_job, make_xlsx, member_row, upload


def counts() -> tuple[int, int, int]:
    return Organization.objects.count(), Member.objects.count(), BackgroundJob.objects.count()


def file_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(str(e) for e in response.context["form"].errors["file"])


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """`content` (an .xlsx) with the part `name` replaced by `data`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def no_parsing(monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("the upload request must not parse the workbook")

    monkeypatch.setattr(importing, "load_workbook", must_not_parse)


def shared_strings_bomb() -> bytes:
    """A valid-looking workbook whose shared strings expand from a few hundred KB to 60 MB."""
    text = "Nguyễn Văn " * 16
    strings = f"<si><t>{text}</t></si>".encode() * (60 * 1024 * 1024 // (len(text.encode()) + 13))
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    content = with_part(make_xlsx([], [member_row(1, "A1")]), "xl/sharedStrings.xml", head + strings + b"</sst>")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    override = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    return with_part(content, "[Content_Types].xml", types.replace("</Types>", override + "</Types>").encode())


def test_upload_shared_strings_bomb_is_refused_without_parsing(
    world, as_officer, django_capture_on_commit_callbacks, no_parsing, monkeypatch
):
    from dangbo.members import import_views

    spent: list[float] = []
    real_check = import_views.check_upload

    def timed_check(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_check(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    monkeypatch.setattr(import_views, "check_upload", timed_check)
    content = shared_strings_bomb()
    assert len(content) < 1024 * 1024
    before = counts()
    message = file_errors(upload(as_officer, content, django_capture_on_commit_callbacks))
    assert "“xl/sharedStrings.xml” nén hơn 100 lần" in message and "không được mở" in message
    assert counts() == before
    assert len(spent) == 1 and spent[0] < 0.5, spent  # headers only: parsing 60 MB of XML takes many seconds


def test_upload_over_the_uncompressed_limit_is_refused_without_parsing(
    world, as_officer, django_capture_on_commit_callbacks, settings, no_parsing
):
    settings.DANGBO_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024
    before = counts()
    response = upload(as_officer, make_xlsx([], [member_row(1, "A1")]), django_capture_on_commit_callbacks)
    message = file_errors(response)
    assert "Tệp Excel khi giải nén có dung lượng" in message and "vượt mức tối đa 0,0 MB" in message
    assert counts() == before


def test_upload_zip_without_workbook_parts_is_refused_without_parsing(
    world, as_officer, django_capture_on_commit_callbacks, no_parsing
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    before = counts()
    response = upload(as_officer, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert "không phải tệp Excel (.xlsx) hợp lệ" in file_errors(response)
    assert counts() == before


def test_upload_truncated_zip_is_refused_without_parsing(
    world, as_officer, django_capture_on_commit_callbacks, no_parsing
):
    content = make_xlsx([], [member_row(1, "A1")])
    response = upload(as_officer, content[: len(content) // 2], django_capture_on_commit_callbacks)
    assert "không phải tệp Excel (.xlsx) hợp lệ" in file_errors(response)


def test_upload_sound_file_is_parsed_by_the_job_not_the_request(
    world, as_officer, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    real_load = importing.load_workbook
    calls: list[str] = []
    monkeypatch.setattr(importing, "load_workbook", lambda *a, **k: calls.append("load") or real_load(*a, **k))
    content = make_xlsx([], [member_row(1, "A1")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = as_officer.post(reverse("imports:start"), {"file": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code == 302 and calls == []
    for callback in callbacks:
        callback()
    job = last_job()
    job.refresh_from_db()
    assert calls == ["load"] and job.state == BackgroundJob.State.DONE, job.message
    assert job.result["valid_rows"] == 1


def test_check_job_rechecks_the_container_with_the_current_limits(
    world, as_officer, django_capture_on_commit_callbacks, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = make_xlsx([], [member_row(1, "A1")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        as_officer.post(reverse("imports:start"), {"file": SimpleUploadedFile("a.xlsx", content)})
    settings.DANGBO_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024
    for callback in callbacks:
        callback()
    job = last_job()
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.FAILED and "khi giải nén" in job.message
    assert not Member.objects.filter(given_name="Hoa1").exists()


def test_check_job_far_row_and_column_do_not_blow_up(world, as_officer, django_capture_on_commit_callbacks):
    """A sheet whose last cell is at row 1,000,000, column 16,000 is read over the template's columns only."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(make_xlsx([], [member_row(1, "A1")])))
    book["Đảng viên"].cell(row=1_000_000, column=16_000, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    started = time.perf_counter()
    upload(as_officer, buffer.getvalue(), django_capture_on_commit_callbacks)
    elapsed = time.perf_counter() - started
    job = last_job()
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.result["valid_rows"] == 1
    assert elapsed < 20, elapsed
