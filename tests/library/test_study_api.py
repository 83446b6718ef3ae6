"""The member's own bookmarks and study marks through the API (a member's token sees only their own) and the
officers' count per unit."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from dangbo.accounts.tokens import issue_token
from dangbo.core.models import AuditEntry
from dangbo.library.models import Bookmark, StudyMark

from ..conftest import World
from .helpers import make_document

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_client(user) -> APIClient:
    _token, key = issue_token(user=user, name="Điện thoại", second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def docs(world: World):
    return (
        make_document(world.bloc, number="1", symbol="KH/ĐUK", title="Kế hoạch toàn khối"),
        make_document(world.org_b, number="3", symbol="NQ/ĐU", kind="resolution", title="Nghị quyết B"),
    )


def test_member_bookmarks_and_marks_own_only(world: World, docs) -> None:
    whole, b_doc = docs
    member = token_client(world.member_user)
    response = member.post("/api/v1/bookmarks/", {"document": whole.pk}, format="json")
    assert response.status_code == 201 and response.json()["reference"] == "1-KH/ĐUK"
    assert member.post("/api/v1/bookmarks/", {"document": whole.pk}, format="json").status_code == 400
    response = member.post("/api/v1/study-marks/", {"document": whole.pk, "studied_on": "2099-01-01"}, format="json")
    assert response.status_code == 400 and "không được sau hôm nay" in response.json()["detail"]
    response = member.post("/api/v1/study-marks/", {"document": whole.pk}, format="json")
    assert response.status_code == 201
    assert member.post("/api/v1/study-marks/", {"document": whole.pk}, format="json").status_code == 400
    # a document not published to me, in the body: 404, logged, nothing saved
    response = member.post("/api/v1/study-marks/", {"document": b_doc.pk}, format="json")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(b_doc.pk)).exists()
    # another member's rows are not listed and cannot be deleted
    m3_user = world.m3
    other = StudyMark.objects.create(member=m3_user, document=whole, studied_on=whole.issued_on)
    listed = member.get("/api/v1/study-marks/").json()["results"]
    assert [row["document"] for row in listed] == [whole.pk]
    assert member.delete(f"/api/v1/study-marks/{other.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="study_mark").exists()
    assert StudyMark.objects.filter(pk=other.pk).exists()
    mine = StudyMark.objects.get(member=world.m1)
    assert member.delete(f"/api/v1/study-marks/{mine.pk}/").status_code == 204
    bookmark = Bookmark.objects.get(member=world.m1)
    assert member.delete(f"/api/v1/bookmarks/{bookmark.pk}/").status_code == 204
    assert not Bookmark.objects.exists()


def test_officer_without_member_record_is_refused(world: World, docs) -> None:
    assert client_for(world.officer).get("/api/v1/bookmarks/").status_code == 403
    assert client_for(world.officer).post("/api/v1/study-marks/", {"document": docs[0].pk}).status_code == 403


def test_counts_for_officers(world: World, docs) -> None:
    whole, _b = docs
    StudyMark.objects.create(member=world.m1, document=whole, studied_on=whole.issued_on)
    url = f"/api/v1/documents/{whole.pk}/study/"
    data = client_for(world.bloc_officer).get(url).json()
    rows = {r["organization"]["id"]: (r["published"], r["studied"]) for r in data["rows"]}
    assert rows == {world.org_a.pk: (2, 1), world.org_b.pk: (1, 0)}
    assert data["total"] == {"organization": None, "published": 3, "studied": 1, "percent": 33}
    assert client_for(world.member_user).get(url).status_code == 403
    response = client_for(world.officer).get(url, {"unit": world.org_b.pk})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").exists()
    assert client_for(world.officer).get(url, {"unit": "abc"}).status_code == 400
    data = client_for(world.officer).get(url).json()
    assert data["unit"]["id"] == world.org_a.pk
