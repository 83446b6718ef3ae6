"""The demo's document library (issue 11 item 1): besides the preloaded central documents and the plan
20-KH/ĐUK (a data migration ships them), a few documents of the bloc committee recorded by the office
(`vanphong`) through the library's services, each with a small PDF:

- a plan published to two grassroots organizations only (the demo officer's `coso` one among them);
- a notice published to the whole bloc;
- a guidance of 2024 replaced by the guidance of 2025 (the older one then shows "replaced" and the chain);
- a letter published by name to the demo member `dangvien`.

    result = build_library(bloc=bloc, today=dt.date(2026, 12, 6))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.accounts.models import Role, User
from dangbo.library import services
from dangbo.library.enums import Audience, DocumentKind
from dangbo.library.models import PartyDocument
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization


@dataclass
class LibraryResult:
    documents: int
    with_files: int
    replaced: int


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a valid cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def build_library(*, bloc: Organization, today: dt.date) -> LibraryResult:
    actor = User.objects.get(username="vanphong")
    own = Role.objects.filter(user__username="coso").select_related("organization").first()
    others = Organization.objects.filter(
        path__startswith=bloc.path, dissolved_on__isnull=True,
        kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL],
    )  # fmt: skip
    if own is not None:
        others = others.exclude(pk=own.organization_id)
    grassroots = list(others.order_by("path")[:1])
    targets = ([own.organization] if own else []) + grassroots
    member = getattr(User.objects.filter(username="dangvien").first(), "member", None)

    def day(value: dt.date) -> dt.date:
        return min(value, today)

    def record(**fields: Any) -> PartyDocument:
        return services.create_document(actor=actor, keeper=bloc, issuer=bloc, today=today, **fields)

    made = [
        record(
            number="35",
            symbol="KH/ĐUK",
            kind=DocumentKind.PLAN,
            issued_on=day(dt.date(2025, 9, 15)),
            title="Tổ chức học tập, quán triệt Nghị quyết Đại hội Đảng bộ Khối lần thứ I, nhiệm kỳ 2025–2030",
            audience=Audience.ORGANIZATIONS,
            organizations=targets,
            uploaded=_pdf("ke-hoach-35.pdf", "Ke hoach 35-KH/DUK"),
        ),
        record(  # the plan of the mid-term review (demo/plans.py links it)
            number="45",
            symbol="KH/ĐUK",
            kind=DocumentKind.PLAN,
            issued_on=day(dt.date(today.year, 3, 15)),
            title="Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết số 21-NQ/TW và Kế hoạch số 20-KH/ĐUK",
            uploaded=_pdf("ke-hoach-45.pdf", "Ke hoach 45-KH/DUK"),
        ),
        record(
            number="12",
            symbol="TB/ĐUK",
            kind=DocumentKind.NOTICE,
            issued_on=day(dt.date(2025, 11, 3)),
            title="Kết luận của Ban Thường vụ Đảng ủy Khối về công tác xây dựng Đảng quý III/2025",
            uploaded=_pdf("thong-bao-12.pdf", "Thong bao 12-TB/DUK"),
        ),
    ]
    old = record(
        number="05",
        symbol="HD/ĐUK",
        kind=DocumentKind.GUIDANCE,
        issued_on=day(dt.date(2024, 11, 20)),
        title="Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2024",
        uploaded=_pdf("huong-dan-05.pdf", "Huong dan 05-HD/DUK"),
    )
    made.append(old)
    made.append(
        services.replace_document(
            actor=actor,
            document=old,
            expected_version=old.version,
            number="09",
            symbol="HD/ĐUK",
            kind=DocumentKind.GUIDANCE,
            issued_on=day(dt.date(2025, 11, 25)),
            title="Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025",
            uploaded=_pdf("huong-dan-09.pdf", "Huong dan 09-HD/DUK"),
            today=today,
        )
    )
    if member is not None:
        made.append(
            record(
                number="240",
                symbol="CV/ĐUK",
                kind=DocumentKind.LETTER,
                issued_on=day(dt.date(2026, 3, 10)),
                title="Đề nghị đồng chí tham gia tổ biên tập tài liệu sinh hoạt chuyên đề",
                audience=Audience.MEMBERS,
                members=[member],
                uploaded=_pdf("cong-van-240.pdf", "Cong van 240-CV/DUK"),
            )
        )
    return LibraryResult(documents=len(made), with_files=sum(1 for d in made if d.file), replaced=1)
