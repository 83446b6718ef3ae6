"""The admission and recognition decisions: the right names and dates in the DOCX, hostile text kept as text,
the PDF from the same template, the stage and scope checks, the audit, and an office's own template."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from dangbo.admissions.documents import deciding_committee
from dangbo.admissions.enums import Stage
from dangbo.admissions.models import AdmissionRuleSet, DecidingCommittee
from dangbo.core.models import AuditEntry, BackgroundJob

from ..conftest import World
from .document_helpers import HOSTILE_NAME, docx_text, make_candidate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_admission_decision_docx_names_the_candidate_and_the_issuer(world: World, as_officer: Client) -> None:
    candidate = make_candidate(world.cell_a1)
    response = as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="quyet-dinh-ket-nap-le-thi-mai.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    # the frame: the committee above the grassroots organization decides; the province line above it
    assert "ĐẢNG BỘ TỈNH THÁI BÌNH" in text
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text
    assert "Số 125-QĐ/ĐUK" in text
    assert "Thái Bình, ngày 02 tháng 12 năm 2024" in text
    assert "QUYẾT ĐỊNH\nVề việc kết nạp đảng viên" in text
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in text
    # the regulation is the admission rule set in force on the decision date (02/12/2024: the 2021 one)
    assert f"Căn cứ {AdmissionRuleSet.objects.get(code='KN-2021').citation}" in text
    assert "Xét đề nghị của Chi bộ Phòng Ngân sách (nghị quyết ngày 15/10/2024) và của Đảng ủy Sở Tài chính" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text
    assert (
        "Kết nạp đồng chí Lê Thị Mai, sinh ngày 07/03/1998, quê quán: xã Vũ Thư, tỉnh Thái Bình; "
        "nơi ở hiện nay: phường Lê Hồng Phong, thành phố Thái Bình; vào Đảng Cộng sản Việt Nam." in text
    )
    assert "T/M BAN THƯỜNG VỤ" in text
    assert "- Đảng ủy Sở Tài chính," in text and "- Lưu Văn phòng." in text
    assert "{{" not in text and "{%" not in text
    entry = AuditEntry.objects.get(action="admissions.decision.downloaded")
    assert (entry.object_id, entry.scope_path, entry.actor_id) == (str(candidate.pk), candidate.path, world.officer.pk)
    assert entry.data["format"] == "docx"


def test_recognition_decision_counts_full_membership_from_the_end_of_probation(
    world: World, as_officer: Client
) -> None:
    candidate = make_candidate(world.cell_a1, stage=Stage.FULL)
    response = as_officer.get(reverse("admissions:recognition_docx", args=[candidate.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "Về việc công nhận đảng viên chính thức" in text
    assert "Số 48-QĐ/ĐUK" in text and "ngày 10 tháng 02 năm 2026" in text
    assert "Căn cứ Quyết định số 125-QĐ/ĐUK ngày 02/12/2024 của Đảng ủy Khối" in text
    assert "(nghị quyết ngày 20/01/2026)" in text
    assert (
        "Công nhận đồng chí Lê Thị Mai, sinh ngày 07/03/1998, quê quán: xã Vũ Thư, tỉnh Thái Bình, kết nạp vào "
        "Đảng ngày 06/01/2025, là đảng viên chính thức kể từ ngày 06/01/2026." in text
    )
    assert AuditEntry.objects.filter(action="admissions.recognition.downloaded", object_id=str(candidate.pk)).exists()


def test_the_recorded_or_configured_committee_issues_the_decision(world: World, as_officer: Client) -> None:
    candidate = make_candidate(world.cell_a1)
    assert deciding_committee(candidate) == world.bloc
    DecidingCommittee.objects.create(subtree=world.org_a, decider=world.org_a)
    assert deciding_committee(candidate) == world.org_a
    text = docx_text(as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk])).content)
    assert "ĐẢNG ỦY SỞ TÀI CHÍNH\n*\nSố 125-QĐ/ĐUK\n" in text  # the number and symbol as recorded
    assert "T/M ĐẢNG ỦY" in text
    candidate.deciding_committee = world.bloc
    candidate.decision_number = "7"  # recorded without its symbol: the issuer's default symbol is printed
    candidate.save()
    assert deciding_committee(candidate) == world.bloc
    text = docx_text(as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk])).content)
    assert "Số 7-QĐ/ĐUK\n" in text


def test_hostile_text_stays_text_in_the_docx(world: World, as_officer: Client) -> None:
    candidate = make_candidate(
        world.cell_a1, middle_name=HOSTILE_NAME, home_town='</w:t></w:r><w:r><w:t>"quê"\x07 {{ issuer }}'
    )
    response = as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)  # python-docx parses it: the file is valid
    assert f"Kết nạp đồng chí Lê {HOSTILE_NAME} Mai, sinh ngày" in text
    assert 'quê quán: </w:t></w:r><w:r><w:t>"quê" {{ issuer }};' in text  # the bell character is dropped


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.COMMITTEE_RESOLVED, Stage.NOT_ADMITTED, Stage.WITHDRAWN])
def test_no_admission_decision_before_it_is_decided(world: World, as_officer: Client, stage: Stage) -> None:
    candidate = make_candidate(world.cell_a1, stage=stage)
    for name in ("admissions:decision_docx", "admissions:decision_pdf"):
        response = as_officer.get(reverse(name, args=[candidate.pk]))
        assert response.status_code == 404
        assert "chưa có quyết định kết nạp" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="admissions.decision").exists()


@pytest.mark.parametrize("stage", [Stage.DECIDED, Stage.PROBATION, Stage.STRUCK_OFF])
def test_no_recognition_decision_before_recognition(world: World, as_officer: Client, stage: Stage) -> None:
    candidate = make_candidate(world.cell_a1, stage=stage)
    response = as_officer.get(reverse("admissions:recognition_docx", args=[candidate.pk]))
    assert response.status_code == 404
    assert "chưa được công nhận đảng viên chính thức" in response.content.decode()
    response = as_officer.post(reverse("admissions:recognition_pdf", args=[candidate.pk]))
    assert response.status_code == 404
    assert not BackgroundJob.objects.exists()


def test_admission_decision_stays_available_after_the_decision(world: World, as_officer: Client) -> None:
    for stage in (Stage.PROBATION, Stage.FULL):
        candidate = make_candidate(world.cell_a1, stage=stage, citizen_id=None)
        assert as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk])).status_code == 200


@pytest.mark.parametrize(
    "name", ["admissions:decision_docx", "admissions:decision_pdf", "admissions:recognition_docx",
             "admissions:recognition_pdf"]
)  # fmt: skip
def test_out_of_scope_is_404_and_logged(world: World, as_outsider: Client, name: str) -> None:
    candidate = make_candidate(world.cell_a1, stage=Stage.FULL)
    response = as_outsider.get(reverse(name, args=[candidate.pk]))
    assert response.status_code == 404
    denied = AuditEntry.objects.get(action="core.access.denied")
    assert (denied.actor_id, denied.object_id) == (world.outsider.pk, str(candidate.pk))
    assert not AuditEntry.objects.filter(action__startswith="admissions.").exists()


def test_a_member_without_the_right_is_refused(world: World, as_member: Client) -> None:
    candidate = make_candidate(world.cell_a1)
    assert as_member.get(reverse("admissions:decision_docx", args=[candidate.pk])).status_code == 403
    assert Client().get(reverse("admissions:decision_docx", args=[candidate.pk])).status_code in (302, 403)


def test_the_bloc_officer_sees_every_grassroots_organization(world: World, as_bloc_officer: Client) -> None:
    candidate = make_candidate(world.cell_b1, given_name="Bình")
    response = as_bloc_officer.get(reverse("admissions:decision_docx", args=[candidate.pk]))
    assert response.status_code == 200
    assert "Kết nạp đồng chí Lê Thị Bình" in docx_text(response.content)


def test_pdf_is_made_in_the_background_from_the_same_template(
    world: World, as_officer: Client, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    candidate = make_candidate(world.cell_a1, middle_name=HOSTILE_NAME)
    url = reverse("admissions:decision_pdf", args=[candidate.pk])
    page = as_officer.get(url)
    assert page.status_code == 200
    assert reverse("admissions:decision_docx", args=[candidate.pk]) in page.content.decode()
    assert not BackgroundJob.objects.exists()  # opening the page starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(url)
    assert response.status_code == 200
    job = BackgroundJob.objects.get(kind="documents.pdf")
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.output_file.name.endswith(".pdf")
    assert reverse("core:job", args=[job.pk]) in response.content.decode()
    download = as_officer.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    pdf = tmp_path / "qd.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))  # type: ignore[arg-type]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "QUYẾT ĐỊNH" in flat
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in flat
    assert HOSTILE_NAME in flat
    assert "sinh ngày 07/03/1998" in flat
    requested = AuditEntry.objects.get(action="admissions.decision.pdf_requested")
    assert requested.data == {"format": "pdf", "job": job.pk}
    assert AuditEntry.objects.filter(action="core.job.downloaded", object_id=str(job.pk)).exists()
    assert as_officer.get(url).content.decode().count(reverse("core:job_download", args=[job.pk])) == 1
    # another user cannot fetch it
    assert Client().get(reverse("core:job_download", args=[job.pk])).status_code in (302, 404)


def _office_template(folder: Path, body: str) -> None:
    doc = Document()
    doc.add_paragraph(body)
    doc.save(str(folder / "quyet-dinh-ket-nap.docx"))


def test_an_offices_template_takes_precedence(world: World, as_officer: Client, settings: Any, tmp_path: Path) -> None:
    _office_template(tmp_path, "MẪU CỦA VĂN PHÒNG: {{ title }} kết nạp {{ full_name }} ({{ issuer }})")
    settings.DANGBO_DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    candidate = make_candidate(world.cell_a1)
    text = docx_text(as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk])).content)
    expected = "MẪU CỦA VĂN PHÒNG: QUYẾT ĐỊNH kết nạp Lê Thị Mai (ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH)"
    assert text.strip() == expected
    # the recognition template has no office copy: the shipped one is used
    full = make_candidate(world.cell_a1, stage=Stage.FULL, given_name="Hoa")
    text = docx_text(as_officer.get(reverse("admissions:recognition_docx", args=[full.pk])).content)
    assert "là đảng viên chính thức kể từ ngày 06/01/2026" in text


def test_a_broken_office_template_is_reported_not_served(
    world: World, as_officer: Client, settings: Any, tmp_path: Path
) -> None:
    _office_template(tmp_path, "Kết nạp {{ full_name ")
    settings.DANGBO_DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    candidate = make_candidate(world.cell_a1)
    response = as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk]))
    assert response.status_code == 500
    assert "Mẫu văn bản quyet-dinh-ket-nap.docx có lỗi" in response.content.decode()
    assert not AuditEntry.objects.filter(action="admissions.decision.downloaded").exists()


def test_shipped_templates_are_the_ones_the_build_script_writes(tmp_path: Path) -> None:
    from dangbo.admissions.document_templates import build

    written = build.build(tmp_path)
    shipped = Path(build.__file__).parent
    for path in written:
        assert docx_text(path.read_bytes()) == docx_text((shipped / path.name).read_bytes())
        section = Document(io.BytesIO((shipped / path.name).read_bytes())).sections[0]
        assert (round(section.page_width.cm, 1), round(section.left_margin.cm, 1)) == (21.0, 3.0)


def test_hostile_decision_number_and_proposer_stay_text_in_the_docx(world: World, as_officer: Client) -> None:
    candidate = make_candidate(world.cell_a1, decision_number='</w:t><w:t>{{ x }}"=1+2', proposer_name="<b>Đoàn</b>")
    response = as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert '</w:t><w:t>{{ x }}"=1+2' in text
