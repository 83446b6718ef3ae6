"""Helpers shared by the import tests: building .xlsx files and driving the upload → preview → confirm flow.

Jobs run inline in tests (the immediate task backend); `start_job` enqueues on commit, so every
request that starts a job runs inside `django_capture_on_commit_callbacks(execute=True)`.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from dangbo.core.models import BackgroundJob
from dangbo.members import import_jobs  # also registers the import job kinds

ORG_HEADERS = ["Mã", "Tên", "Loại tổ chức", "Loại hình", "Mã tổ chức cấp trên", "Ngày thành lập"]
MEMBER_HEADERS = [
    "Họ", "Tên đệm", "Tên", "Giới tính", "Ngày sinh", "Dân tộc", "Tôn giáo", "Quê quán", "Nơi ở", "Số CCCD",
    "Số thẻ đảng viên", "Số lý lịch", "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Ngày công nhận chính thức",
    "Trình độ học vấn", "Chuyên môn", "Trình độ lý luận chính trị", "Chức vụ", "Nơi làm việc", "Điện thoại", "Email",
    "Mã chi bộ",
]  # fmt: skip

Capture = Callable[..., Any]


def org_row(code: str, parent: str, **overrides: Any) -> dict[str, Any]:
    row = {
        "Mã": code, "Tên": f"Chi bộ {code}", "Loại tổ chức": "Chi bộ trực thuộc",
        "Loại hình": "Cơ quan hành chính nhà nước", "Mã tổ chức cấp trên": parent, "Ngày thành lập": "15/03/2010",
    }  # fmt: skip
    row.update(overrides)
    return row


def member_row(n: int, cell: str, **overrides: Any) -> dict[str, Any]:
    row = {
        "Họ": "Lê", "Tên đệm": "Thị", "Tên": f"Hoa{n}", "Giới tính": "Nữ", "Ngày sinh": "12/05/1985",
        "Dân tộc": "Kinh", "Tôn giáo": "", "Quê quán": "Thái Bình", "Nơi ở": "Hà Nội",
        "Số CCCD": f"0341850{n:05d}", "Số thẻ đảng viên": f"9300{n:04d}", "Số lý lịch": f"LL{n}",
        "Ngày quyết định kết nạp": "19/05/2010", "Ngày lễ kết nạp": "01/06/2010",
        "Ngày công nhận chính thức": "01/06/2011", "Trình độ học vấn": "Đại học", "Chuyên môn": "Kế toán",
        "Trình độ lý luận chính trị": "Trung cấp", "Chức vụ": "Chuyên viên", "Nơi làm việc": "Sở Tài chính",
        "Điện thoại": "0912345678", "Email": f"hoa{n}@example.vn", "Mã chi bộ": cell,
    }  # fmt: skip
    row.update(overrides)
    return row


def make_xlsx(
    orgs: Iterable[dict[str, Any]] = (),
    members: Iterable[dict[str, Any]] = (),
    *,
    org_headers: list[str] | None = None,
    member_headers: list[str] | None = None,
    sheets: Iterable[str] = ("Tổ chức", "Đảng viên"),
) -> bytes:
    """A workbook laid out like the template, rows given as {header: value}."""
    book = Workbook()
    book.remove(book.active)
    layouts = {
        "Tổ chức": (org_headers or ORG_HEADERS, list(orgs)),
        "Đảng viên": (member_headers or MEMBER_HEADERS, list(members)),
    }
    for name in sheets:
        headers, rows = layouts[name]
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client: Client, content: bytes, capture: Capture, *, name: str = "du-lieu.xlsx") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        return client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, content)})


def confirm(client: Client, job: BackgroundJob, capture: Capture, *, only_valid: bool = False) -> Any:
    data = {"only_valid": "on"} if only_valid else {}
    with capture(execute=True):
        return client.post(reverse("imports:confirm", args=[job.pk]), data)


def last_job(kind: str = import_jobs.VALIDATE) -> BackgroundJob:
    return BackgroundJob.objects.filter(kind=kind).latest("pk")


def errors_of(job: BackgroundJob) -> list[str]:
    job.refresh_from_db()
    return [e["text"] for e in job.result.get("errors", [])]


def page_text(response: Any) -> str:
    """The response body with HTML entities decoded, to compare with the Vietnamese messages."""
    return html.unescape(response.content.decode())
