"""The admission pages and downloads under the production settings: an officer without the second factor reaches
none of them, and the decision, the Excel lists and the dossier scans go out with a file name, `nosniff` and
`no-store`; an uploaded scan is never served from MEDIA_URL."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangbo.admissions import dossier
from dangbo.admissions.enums import DossierItem

from ..admissions.document_helpers import make_candidate
from .test_two_factor import OTP_PAGE, _client, _verify

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _downloads(world) -> dict[str, str]:
    candidate = make_candidate(world.cell_a1)
    record = dossier.upload_file(actor=world.officer, candidate=candidate, item=DossierItem.APPLICATION,
                                 uploaded=SimpleUploadedFile("don.pdf", PDF))  # fmt: skip
    return {
        "decision": reverse("admissions:decision_docx", args=[candidate.pk]),
        "candidates": reverse("admissions:export_candidates"),
        "probationary": reverse("admissions:export_probationary"),
        "scan": reverse("admissions:dossier_file", args=[record.pk]),
        "media": "/media/" + record.file.name,
        "page": reverse("admissions:detail", args=[candidate.pk]),
        "api": f"/api/v1/candidates/{candidate.pk}/",
    }


def test_unverified_officer_reaches_no_admission_page_download_or_api(world, production_like):
    urls = _downloads(world)
    client = _client(world.officer)
    for name, url in urls.items():
        response = client.get(url, secure=True)
        if name == "api":
            assert response.status_code == 403, name
        elif name == "media":
            assert response.status_code == 404, name
        else:
            assert response.status_code == 302 and response["Location"] == OTP_PAGE, name


@pytest.mark.parametrize("name", ["decision", "candidates", "probationary", "scan"])
def test_downloads_carry_a_file_name_nosniff_and_no_store(world, production_like, name):
    url = _downloads(world)[name]
    client: Client = _client(world.officer)
    _verify(client, world.officer)
    response = client.get(url, secure=True)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].split(";")[0] in ("attachment", "inline")
    assert 'filename="' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_an_uploaded_scan_is_never_served_from_media_url(world, production_like):
    url = _downloads(world)["media"]
    client = _client(world.officer)
    _verify(client, world.officer)
    assert client.get(url, secure=True).status_code == 404
    assert Client().get(url, secure=True).status_code == 404
