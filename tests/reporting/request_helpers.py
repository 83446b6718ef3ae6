"""What the tests of the reports asked of lower levels share: files of each kind, a request of the bloc to both
grassroots organizations of the test world, dated in the past."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.reporting import request_services as services
from dangbo.reporting.enums import RequestKind
from dangbo.reporting.models import ReportRequest, ReportSubmission

ASKED_ON = dt.date(2026, 1, 5)
DUE = dt.date(2026, 1, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIGURES = ["Số đảng viên", "Số đảng viên mới kết nạp"]


def zip_bytes(inner: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(inner, "<x/>")
    return out.getvalue()


DOCX = zip_bytes("word/document.xml")
XLSX = zip_bytes("xl/workbook.xml")


def upload(content: bytes = PDF, name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def ask(world: Any, *, units: list[Any] | None = None, due_on: dt.date = DUE, **extra: Any) -> ReportRequest:
    data: dict[str, Any] = {
        "kind": RequestKind.YEARLY, "year": 2025, "title": "Báo cáo tổng kết công tác đảng năm 2025",
        "due_on": due_on, "figures": FIGURES, "today": ASKED_ON,
    }  # fmt: skip
    data.update(extra)
    return services.create_request(
        actor=world.bloc_officer, requester=world.bloc, units=units or [world.org_a, world.org_b], **data
    )


def send(world: Any, request: ReportRequest, unit: Any, *, on: dt.date = dt.date(2026, 1, 15),
         content: bytes = PDF, figures: dict[str, Any] | None = None) -> ReportSubmission:  # fmt: skip
    return services.submit_report(
        actor=world.officer, request=request, organization=unit, uploaded=upload(content),
        figures=figures or {"Số đảng viên": 120, "Số đảng viên mới kết nạp": 4}, today=on,
    )  # fmt: skip
