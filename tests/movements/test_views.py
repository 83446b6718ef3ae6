"""The transfer pages with the three personas: the bloc officer moves a member between two grassroots
organizations; the grassroots officer's transfer to another organization waits for its officer; ids outside the
scope (in the address, in a filter, in a form's body) answer 404 and are logged; the letter downloads."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from docx import Document

from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements import transfers
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement

from ..conftest import World

pytestmark = pytest.mark.django_db


def _denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def test_hub_for_each_persona(world: World, as_officer: Client, as_member: Client, as_bloc_officer: Client) -> None:
    assert as_member.get("/bien-dong/").status_code == 403
    page = as_officer.get("/bien-dong/").content.decode()
    assert 'id="movements-start"' in page and 'id="movements-overdue"' in page and 'id="movements-awaiting"' in page
    assert as_bloc_officer.get("/bien-dong/?loai=transfer_internal&tinh_trang=open&nam=2026").status_code == 200
    assert as_bloc_officer.get("/bien-dong/?nam=abc").status_code == 200  # the filter says what is wrong


def test_bloc_officer_moves_between_grassroots_organizations(world: World, as_bloc_officer: Client) -> None:
    member_page = as_bloc_officer.get(f"/dang-vien/{world.m1.pk}/").content.decode()
    assert f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-sinh-hoat/" in member_page
    url = f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-sinh-hoat/"
    assert as_bloc_officer.get(url).status_code == 200
    response = as_bloc_officer.post(url, {"to_chuc": world.cell_b1.pk, "on": "02/03/2026", "reason": "Chuyển công tác",
                                          "decision_number": "15-QĐ/ĐUK", "decision_date": "25/02/2026"})  # fmt: skip
    movement = Movement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bien-dong/{movement.pk}/"
    assert movement.state == MovementState.DONE and Member.objects.get(pk=world.m1.pk).organization == world.cell_b1
    detail = as_bloc_officer.get(f"/bien-dong/{movement.pk}/").content.decode()
    assert "Tải giấy giới thiệu (.docx)" in detail
    letter = as_bloc_officer.get(f"/bien-dong/{movement.pk}/giay-gioi-thieu.docx")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "Giới thiệu đồng chí: Nguyễn Văn Hùng" in text
    assert AuditEntry.objects.filter(action="movements.letter.downloaded").count() == 1
    assert as_bloc_officer.get(f"/bien-dong/{movement.pk}/giay-gioi-thieu/").status_code == 200


def test_waiting_transfer_seen_and_accepted_by_the_receiving_side(
    world: World, as_officer: Client, as_outsider: Client
) -> None:
    url = f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-sinh-hoat/"
    as_officer.post(url, {"to_chuc": world.cell_b1.pk, "on": "02/03/2026", "reason": "Chuyển công tác"})
    movement = Movement.objects.get()
    assert movement.state == MovementState.OPEN
    hub = as_outsider.get("/bien-dong/").content.decode()
    assert f"/bien-dong/{movement.pk}/" in hub and "Nguyễn Văn Hùng" in hub
    assert "accept-form" not in as_officer.get(f"/bien-dong/{movement.pk}/").content.decode()
    assert as_officer.post(f"/bien-dong/{movement.pk}/tiep-nhan/", {"version": 1}).status_code == 400
    assert "accept-form" in as_outsider.get(f"/bien-dong/{movement.pk}/").content.decode()
    assert as_outsider.post(f"/bien-dong/{movement.pk}/tiep-nhan/", {"version": 1}).status_code == 302
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_b1


def test_out_of_scope_ids_answer_404_and_are_logged(world: World, as_outsider: Client, as_officer: Client) -> None:
    movement = transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_a2,
                                           on=dt.date(2026, 3, 2), reason="Điều động")  # fmt: skip
    for url in (
        f"/bien-dong/{movement.pk}/",
        f"/bien-dong/{movement.pk}/giay-gioi-thieu.docx",
        f"/bien-dong/dang-vien/{world.m2.pk}/chuyen-sinh-hoat/",
        f"/bien-dong/dang-vien/{world.m2.pk}/chuyen-ra-ngoai/",
        f"/bien-dong/?to_chuc={world.org_a.pk}",
    ):
        before = _denied()
        assert as_outsider.get(url).status_code == 404, url
        assert _denied() == before + 1, url
    before = _denied()
    assert as_outsider.post(f"/bien-dong/{movement.pk}/huy/", {"reason": "x", "version": 1}).status_code == 404
    assert _denied() == before + 1
    sheet = {"to_chuc": world.cell_a2.pk, "family_name": "Lê", "given_name": "Hoa", "gender": "female",
             "ethnicity": "Kinh", "political_theory_level": "none",
             "birth_date": "02/04/1990", "admission_decision_date": "19/05/2015", "joined_on": "16/03/2026",
             "external_organization": "Đảng bộ Sở Y tế", "letter_number": "4", "letter_date": "09/03/2026",
             "channel": "paper"}  # fmt: skip
    before = _denied()
    assert as_outsider.post("/bien-dong/tiep-nhan/", sheet).status_code == 400
    assert _denied() == before + 1 and not Member.objects.filter(given_name="Hoa").exists()
    response = as_officer.post("/bien-dong/tiep-nhan/", sheet)
    assert response.status_code == 302
    assert Movement.objects.filter(kind=MovementKind.TRANSFER_IN, member__given_name="Hoa").exists()


def test_transfer_out_pages_and_duplicates(world: World, as_officer: Client) -> None:
    url = f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-ra-ngoai/"
    response = as_officer.post(url, {"external_organization": "Đảng bộ Phường Ba Đình", "cause_date": "05/01/2026",
                                     "reason": "Nghỉ hưu", "channel": "paper"})  # fmt: skip
    movement = Movement.objects.get()
    assert response.status_code == 302 and movement.kind == MovementKind.TRANSFER_OUT
    assert "Quá hạn, chưa có giấy giới thiệu" in as_officer.get("/bien-dong/").content.decode()
    letter = {"letter_number": "25", "letter_date": "02/02/2026", "channel": "portal", "portal_reference": "G-1",
              "version": 1}  # fmt: skip
    assert as_officer.post(f"/bien-dong/{movement.pk}/giay-gioi-thieu/ghi/", letter).status_code == 302
    bad = as_officer.post(f"/bien-dong/{movement.pk}/ban-giao/", {"handed_over_on": "01/02/2026", "version": 2})
    assert bad.status_code == 400 and "Ngày bàn giao không được trước ngày giấy giới thiệu" in bad.content.decode()
    assert as_officer.post(f"/bien-dong/{movement.pk}/ban-giao/", {"handed_over_on": "10/03/2026",
                                                                   "version": 2}).status_code == 302  # fmt: skip
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.TRANSFERRED_OUT
    twin = {"to_chuc": world.cell_a2.pk, "family_name": "Đặng", "middle_name": "Thị", "given_name": "Lan",
            "gender": "female", "ethnicity": "Kinh", "political_theory_level": "none",
            "birth_date": world.m2.birth_date.strftime("%d/%m/%Y"),
            "admission_decision_date": "19/05/2015", "joined_on": "16/03/2026",
            "external_organization": "Đảng bộ Sở Y tế", "letter_number": "4", "letter_date": "09/03/2026",
            "channel": "paper"}  # fmt: skip
    page = as_officer.post("/bien-dong/tiep-nhan/", twin)
    assert page.status_code == 400 and "cùng họ, tên và ngày sinh" in page.content.decode()
    assert 'id="duplicates"' in page.content.decode() and f"/dang-vien/{world.m2.pk}/" in page.content.decode()
    assert as_officer.post("/bien-dong/tiep-nhan/", {**twin, "confirm_similar": "on"}).status_code == 302


def test_letter_pdf_is_made_in_the_background_from_the_same_template(
    world: World, as_officer: Client, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    movement = transfers.start_transfer_out(
        actor=world.officer, member=world.m1, external_organization="Đảng bộ Phường Ba Đình, Hà Nội",
        cause_date=dt.date(2026, 1, 5), reason="Nghỉ hưu", letter_number="25", letter_date=dt.date(2026, 2, 2),
    )  # fmt: skip
    url = f"/bien-dong/{movement.pk}/giay-gioi-thieu/"
    assert as_officer.get(url).status_code == 200 and not BackgroundJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert as_officer.post(url).status_code == 200
    job = BackgroundJob.objects.get(kind="documents.pdf")
    assert job.state == BackgroundJob.State.DONE, job.message
    download = as_officer.get(f"/tac-vu/{job.pk}/tai-ve/")
    pdf = tmp_path / "ggt.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "GIẤY GIỚI THIỆU" in flat and "Giới thiệu đồng chí: Nguyễn Văn Hùng" in flat
    assert "(đến hết ngày 23/03/2026)" in flat
    assert AuditEntry.objects.get(action="movements.letter.pdf_requested").data == {"format": "pdf", "job": job.pk}
