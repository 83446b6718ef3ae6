"""The minutes as DOCX in the party frame (BIÊN BẢN, the cell as issuer), hostile text kept as text, the PDF
started in the background from the same template, each audited; out of scope 404."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from docx import Document

from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.meetings import services
from dangbo.meetings.attendance import Mark
from dangbo.meetings.enums import Presence

from .helpers import attend, hold, plan

HOSTILE = '<w:t>x</w:t> & <script>1</script> =HYPERLINK("http://x")'


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def held_meeting(world, *, topic: str = "Học tập chuyên đề năm 2026"):
    meeting = hold(plan(world.cell_a1, topic=topic, place="Phòng họp số 2", agenda="1. Khai mạc\n2. Thảo luận"))
    meeting = attend(meeting, {world.m2.pk: Mark(Presence.EXCUSED, "work")})
    return services.record_minutes(actor=None, meeting=meeting, expected_version=meeting.version,
                                   minutes="Đồng chí Bí thư khai mạc.\nCác đồng chí thảo luận.",
                                   resolutions="Chi bộ thống nhất.")  # fmt: skip


def test_minutes_docx_in_the_party_frame(world, as_officer):
    meeting = held_meeting(world)
    response = as_officer.get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200
    assert f'filename="bien-ban-sinh-hoat-20260310-{meeting.pk}.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "ĐẢNG BỘ SỞ TÀI CHÍNH\nCHI BỘ PHÒNG NGÂN SÁCH" in text  # the superior line, then the cell
    assert "BIÊN BẢN\nSinh hoạt chi bộ thường kỳ ngày\u00a010/03/2026" in text
    assert "Thái Bình, ngày 10 tháng 3 năm 2026" in text
    assert "Hôm nay, vào hồi 08:00 ngày 10/03/2026, tại Phòng họp số 2, Chi bộ Phòng Ngân sách tiến hành" in text
    assert "có mặt: 1 đồng chí; vắng có lý do: 1 đồng chí" in text
    assert "- Đồng chí Đặng Thị Lan: vắng có lý do — Đi công tác" in text
    assert "Đồng chí Bí thư khai mạc.\nCác đồng chí thảo luận." in text
    assert "Chi bộ thống nhất." in text and "THƯ KÝ" in text and "T/M CHI BỘ" in text
    assert "thời lượng 120 phút" in text
    entry = AuditEntry.objects.get(action="meetings.meeting.minutes_downloaded")
    assert entry.object_id == str(meeting.pk) and entry.data == {"format": "docx"}


def test_hostile_text_stays_text_in_the_docx(world, as_officer):
    meeting = held_meeting(world, topic=HOSTILE)
    meeting = services.record_minutes(actor=None, meeting=meeting, expected_version=meeting.version,
                                      minutes=HOSTILE, resolutions=HOSTILE)  # fmt: skip
    content = as_officer.get(reverse("meetings:minutes_docx", args=[meeting.pk])).content
    text = docx_text(content)
    assert text.count(HOSTILE) == 3
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_minutes_pdf_job_started_and_audited(world, as_officer):
    """Queued only (the conversion itself is the shared job's, tested with the admission decisions)."""
    meeting = held_meeting(world)
    url = reverse("meetings:minutes_pdf", args=[meeting.pk])
    page = as_officer.get(url)
    assert page.status_code == 200 and not BackgroundJob.objects.exists()
    response = as_officer.post(url)
    assert response.status_code == 200
    job = BackgroundJob.objects.get(kind="documents.pdf")
    assert job.params["template"] == "bien-ban-sinh-hoat.docx" and job.params["app"] == "meetings"
    assert job.params["fields"]["topic"] == "Học tập chuyên đề năm 2026"
    entry = AuditEntry.objects.get(action="meetings.meeting.minutes_pdf_requested")
    assert entry.data == {"format": "pdf", "job": job.pk}


def test_minutes_documents_out_of_scope(world, as_outsider):
    meeting = held_meeting(world)
    assert as_outsider.get(reverse("meetings:minutes_docx", args=[meeting.pk])).status_code == 404
    assert as_outsider.post(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert not BackgroundJob.objects.exists()
