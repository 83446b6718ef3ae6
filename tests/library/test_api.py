"""The documents API: the same parts of the library, refusals and audit as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from dangbo.core.models import AuditEntry
from dangbo.library.enums import Audience, Validity
from dangbo.library.models import PartyDocument

from .helpers import DOCX, PDF, make_document, upload

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def listed(client, **params) -> set[int]:
    response = client.get(BASE, {"page_size": 100, **params})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"] if row["reference"] not in PRELOADED}


PRELOADED: set[str] = set()  # the preloaded references, filled per test below


@pytest.fixture(autouse=True)
def _preloaded(db):
    PRELOADED.clear()
    PRELOADED.update(f"{n}-{s}" for n, s in PartyDocument.objects.values_list("number", "symbol"))


def test_list_by_persona_and_search_without_accents(world):
    a1 = make_document(world.org_a, number="2", symbol="TB/ĐU", title="Về củng cố chi bộ",
                       audience=Audience.ORGANIZATIONS, organizations=[world.cell_a1])  # fmt: skip
    a2 = make_document(world.org_a, number="3", symbol="TB/ĐU", audience=Audience.ORGANIZATIONS,
                       organizations=[world.cell_a2])  # fmt: skip
    assert listed(client_for(world.member_user)) == {a1.pk}
    assert listed(client_for(world.officer)) == {a1.pk, a2.pk}
    assert listed(client_for(world.outsider)) == set()
    assert listed(client_for(world.officer), q="cung co") == {a1.pk}
    response = client_for(world.member_user).get(BASE, {"q": "dieu le dang", "validity": "in_force"})
    assert {row["reference"] for row in response.json()["results"]} == {"294-QĐ/TW", "01-HD/TW"}


def test_out_of_scope_404_logged_and_member_cannot_write(world):
    a2 = make_document(world.org_a, number="3", symbol="TB/ĐU", audience=Audience.ORGANIZATIONS,
                       organizations=[world.cell_a2], uploaded=upload())  # fmt: skip
    member = client_for(world.member_user)
    assert member.get(f"{BASE}{a2.pk}/").status_code == 404
    assert member.get(f"{BASE}{a2.pk}/file/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="party_document").count() == 2
    response = member.post(BASE, {"number": "1"}, format="json")
    assert response.status_code == 403 and "không có quyền cập nhật thư viện" in response.json()["detail"]


def test_create_with_file_download_and_refusals(world):
    officer = client_for(world.officer)
    body = {"number": "7", "symbol": "KH/ĐU", "kind": "plan", "title": "Kế hoạch", "issued_on": "2025-03-01",
            "issuer": world.org_a.pk, "file": upload("ke-hoach.docx", DOCX)}  # fmt: skip
    response = officer.post(BASE, body, format="multipart")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["reference"] == "7-KH/ĐU" and created["file_type"] == "docx" and created["has_file"]
    file = officer.get(f"{BASE}{created['id']}/file/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == DOCX
    assert AuditEntry.objects.filter(action="library.document.downloaded").count() == 1
    before = PartyDocument.objects.count()
    again = officer.post(BASE, {**body, "file": upload("ke-hoach.docx", DOCX)}, format="multipart")
    assert again.status_code == 400 and "Số 7-KH/ĐU đã được" in str(again.json())
    wrong = officer.post(BASE, {**body, "number": "8", "file": upload("x.pdf", DOCX)}, format="multipart")
    assert wrong.status_code == 400 and "không phải là tệp PDF" in str(wrong.json())
    outside = officer.post(BASE, {**body, "number": "9", "issuer": world.org_b.pk, "file": upload("x.pdf", PDF)},
                           format="multipart")  # fmt: skip
    assert outside.status_code == 404
    assert PartyDocument.objects.count() == before


def test_edit_stale_409_validity_and_replace(world):
    officer = client_for(world.officer)
    old = make_document(world.org_a, number="1", symbol="QĐ/ĐU", kind="regulation")
    url = f"{BASE}{old.pk}/"
    assert officer.patch(url, {"expected_version": 1, "title": "Mới"}, format="json").status_code == 200
    stale = officer.patch(url, {"expected_version": 1, "title": "Cũ"}, format="json")
    assert stale.status_code == 409
    self_loop = officer.post(f"{url}validity/", {"expected_version": 2, "validity": "replaced", "other": old.pk},
                             format="json")  # fmt: skip
    assert self_loop.status_code == 400 and "chính nó" in str(self_loop.json())
    replaced = officer.post(f"{url}replace/", {"expected_version": 2, "number": "2", "symbol": "QĐ/ĐU",
                                               "kind": "regulation", "title": "Thay thế",
                                               "issued_on": "2026-01-05"}, format="json")  # fmt: skip
    assert replaced.status_code == 201
    old.refresh_from_db()
    assert old.validity == Validity.REPLACED and old.replaced_by_id == replaced.json()["id"]
    preloaded = PartyDocument.objects.get(number="21", symbol="NQ/TW")
    denied = officer.patch(f"{BASE}{preloaded.pk}/", {"expected_version": 1, "title": "x"}, format="json")
    assert denied.status_code == 403
