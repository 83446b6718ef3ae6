"""Library documents made through the real services, on fixed past days, and small files of each type."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.library import services
from dangbo.library.models import PartyDocument
from dangbo.organizations.models import Organization

TODAY = dt.date(2026, 3, 16)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zip_bytes(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


DOCX = zip_bytes("word/document.xml")
XLSX = zip_bytes("xl/workbook.xml")


def upload(name: str = "van-ban.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_document(
    issuer: Organization | None, *, number: str = "20", symbol: str = "KH/ĐUK", kind: str = "plan",
    title: str = "Kế hoạch thực hiện Nghị quyết", issued_on: dt.date = dt.date(2025, 4, 23),
    keeper: Organization | None = None, **extra: Any,
) -> PartyDocument:  # fmt: skip
    return services.create_document(
        actor=None, keeper=keeper or issuer, number=number, symbol=symbol, kind=kind, title=title,
        issued_on=issued_on, issuer=issuer, today=TODAY, **extra,
    )  # fmt: skip
