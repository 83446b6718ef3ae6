"""The dossier: the checklist per stage with what is missing, uploads checked by size and content (PDF, JPEG,
PNG by their signature), audited and access-checked opening of a file, and the three personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dangbo.admissions import dossier
from dangbo.admissions.enums import DossierItem, Stage
from dangbo.admissions.models import DossierFile
from dangbo.core.errors import DomainError

from .view_helpers import audit_count, denied_count, stored_candidate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


TODAY = dt.date(2026, 11, 27)


def missing(candidate) -> set[str]:
    return {row.item for row in dossier.checklist(candidate, today=TODAY) if row.missing}


def test_checklist_grows_with_the_stage(world):
    proposed = stored_candidate(cell=world.cell_a1)
    assert missing(proposed) == set()
    sponsored = stored_candidate(cell=world.cell_a1, stage=Stage.SPONSORED)
    assert missing(sponsored) == {
        DossierItem.CERTIFICATE, DossierItem.APPLICATION, DossierItem.BACKGROUND_FORM, DossierItem.VERIFICATION,
        DossierItem.SPONSOR_LETTER, DossierItem.OPINIONS,
    }  # fmt: skip
    full = stored_candidate(cell=world.cell_a1, stage=Stage.FULL)
    assert {DossierItem.CELL_RESOLUTION, DossierItem.DECISION, DossierItem.MEMBER_SHEET} <= missing(full)
    assert DossierItem.OTHER not in missing(full)


def test_checklist_youth_union_resolution_and_readmission_consent(world):
    candidate = stored_candidate(cell=world.cell_a1, stage=Stage.SPONSORED, youth_union_resolution=True)
    assert DossierItem.UNION_RESOLUTION in missing(candidate)
    former = stored_candidate(cell=world.cell_a1, former_member=world.m3)
    assert missing(former) == {DossierItem.CONSENT}


def test_checklist_exit_keeps_what_was_reached(world):
    candidate = stored_candidate(cell=world.cell_a1, stage=Stage.WITHDRAWN, applied_on=None,
                                 course_passed_on="2024-05-01")  # fmt: skip
    candidate.refresh_from_db()
    assert missing(candidate) == {DossierItem.CERTIFICATE}


def test_upload_stores_the_file_under_a_server_name_and_audits(world):
    candidate = stored_candidate(cell=world.cell_a1, stage=Stage.COURSE_PASSED)
    upload = SimpleUploadedFile("../../giấy chứng nhận.pdf", PDF, content_type="text/html")
    record = dossier.upload_file(
        actor=world.officer, candidate=candidate, item=DossierItem.CERTIFICATE, uploaded=upload
    )
    assert record.content_type == "application/pdf"  # from the content, not from what the browser said
    assert record.original_name == "giấy chứng nhận.pdf"
    assert ".." not in record.file.name and record.file.name.endswith(".pdf")
    assert audit_count("admissions.dossier.uploaded", candidate.pk) == 1
    assert missing(candidate) == set()


@pytest.mark.parametrize(("content", "name"), [
    (b"MZ\x90\x00 this is a program", "lylich.pdf"),
    (b"<html><script>alert(1)</script></html>", "anh.png"),
    (b"", "rong.pdf"),
])  # fmt: skip
def test_upload_refuses_wrong_type_or_empty_and_saves_nothing(world, content, name):
    candidate = stored_candidate(cell=world.cell_a1)
    with pytest.raises(DomainError):
        dossier.upload_file(actor=world.officer, candidate=candidate, item=DossierItem.APPLICATION,
                            uploaded=SimpleUploadedFile(name, content))  # fmt: skip
    assert not DossierFile.objects.exists()
    assert audit_count("admissions.dossier.uploaded", candidate.pk) == 0


@override_settings(DANGBO_DOSSIER_MAX_BYTES=1024)
def test_upload_refuses_an_oversized_file_through_the_page(world, as_officer):
    candidate = stored_candidate(cell=world.cell_a1)
    big = SimpleUploadedFile("to.pdf", PDF + b"0" * 2000)
    response = as_officer.post(reverse("admissions:dossier_upload", args=[candidate.pk]),
                               {"item": DossierItem.APPLICATION, "file": big})  # fmt: skip
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not DossierFile.objects.exists()


def test_upload_page_accepts_png_and_jpeg(world, as_officer):
    candidate = stored_candidate(cell=world.cell_a1)
    url = reverse("admissions:dossier_upload", args=[candidate.pk])
    for name, content in (("a.png", PNG), ("b.jpg", JPEG)):
        response = as_officer.post(url, {"item": DossierItem.OPINIONS, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302
    assert sorted(DossierFile.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]


def test_upload_refused_to_member_and_outsider(world, as_member, as_outsider):
    candidate = stored_candidate(cell=world.cell_a1)
    url = reverse("admissions:dossier_upload", args=[candidate.pk])
    data = {"item": DossierItem.APPLICATION, "file": SimpleUploadedFile("a.pdf", PDF)}
    assert as_member.post(url, data).status_code == 403
    data["file"] = SimpleUploadedFile("a.pdf", PDF)
    assert as_outsider.post(url, data).status_code == 404
    assert denied_count("candidate", candidate.pk) == 1
    assert not DossierFile.objects.exists()


def test_file_is_served_in_scope_only_and_each_opening_is_audited(world, as_officer, as_outsider, as_member):
    candidate = stored_candidate(cell=world.cell_a1)
    record = dossier.upload_file(actor=world.officer, candidate=candidate, item=DossierItem.APPLICATION,
                                 uploaded=SimpleUploadedFile("don.pdf", PDF))  # fmt: skip
    url = reverse("admissions:dossier_file", args=[record.pk])
    response = as_officer.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert audit_count("admissions.dossier.viewed", candidate.pk) == 1
    assert as_outsider.get(url).status_code == 404
    assert denied_count("dossier_file", record.pk) == 1
    assert as_member.get(url).status_code == 403
    assert audit_count("admissions.dossier.viewed", candidate.pk) == 1


def test_written_consent_is_filed_with_its_kind_and_the_age_rule_reads_it(world, as_officer):
    candidate = stored_candidate(cell=world.cell_a1, birth_date=dt.date(1960, 1, 1))
    url = reverse("admissions:dossier_upload", args=[candidate.pk])
    refused = as_officer.post(url, {"item": DossierItem.CONSENT, "file": SimpleUploadedFile("dy.pdf", PDF)})
    assert refused.status_code == 400 and "dành cho trường hợp nào" in refused.content.decode()
    assert not DossierFile.objects.exists()
    response = as_officer.post(url, {"item": DossierItem.CONSENT, "consent_kind": "over_age",
                                     "file": SimpleUploadedFile("dy.pdf", PDF)})  # fmt: skip
    assert response.status_code == 302
    assert DossierFile.objects.get().consent_kind == "over_age"
    page = as_officer.get(reverse("admissions:detail", args=[candidate.pk]))
    # Over 60 with the consent on file: the age rule passes (the education, not on this sheet, still fails).
    assert [(f.rule, f.ok) for f in page.context["checks"] if f.rule == "age"] == [("age", True)]
    assert [f.rule for f in page.context["pending"]] == ["education"]
