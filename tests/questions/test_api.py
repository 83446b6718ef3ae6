"""Questions through the API: the member's own (a member's token sees only their own), the officers' in scope,
answering and closing with their refusals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from dangbo.accounts.tokens import issue_token
from dangbo.core.models import AuditEntry
from dangbo.questions import services
from dangbo.questions.models import Question

from ..conftest import World
from ..library.helpers import PDF

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_member_asks_and_reads_own(world: World) -> None:
    _token, key = issue_token(user=world.member_user, name="Điện thoại", second_factor=True)
    member = APIClient()
    member.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"addressee": world.cell_a1.pk, "subject": "Hỏi", "body": ""}
    response = member.post("/api/v1/my-questions/", body, format="json")
    assert response.status_code == 400 and "Chưa nhập nội dung" in response.json()["detail"]
    response = member.post("/api/v1/my-questions/", {**body, "body": "x" * 4001}, format="json")
    assert response.status_code == 400
    response = member.post("/api/v1/my-questions/", {**body, "addressee": world.org_b.pk, "body": "Nội dung"},
                           format="json")  # fmt: skip
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").exists()
    big = SimpleUploadedFile("a.pdf", PDF + b"0" * (20 * 1024 * 1024))
    response = member.post("/api/v1/my-questions/", {**body, "body": "Nội dung", "attachment": big})
    assert response.status_code == 400 and "quá lớn" in response.json()["detail"]
    assert not Question.objects.exists()
    response = member.post("/api/v1/my-questions/", {**body, "body": "Nội dung", "kind": "proposal"}, format="json")
    assert response.status_code == 201 and response.json()["state"] == "open"
    other = services.ask(actor=None, member=world.m3, addressee=world.cell_b1, subject="B", body="B")
    ids = [row["id"] for row in member.get("/api/v1/my-questions/").json()["results"]]
    assert ids == [response.json()["id"]]
    assert member.get(f"/api/v1/my-questions/{other.pk}/").status_code == 404
    assert member.get("/api/v1/questions/").status_code == 403


def test_officers_answer_and_close_in_scope(world: World) -> None:
    question = services.ask(actor=None, member=world.m1, addressee=world.org_a, subject="A", body="Hỏi A")
    officer, outsider, bloc = (client_for(u) for u in (world.officer, world.outsider, world.bloc_officer))
    assert [r["id"] for r in officer.get("/api/v1/questions/").json()["results"]] == [question.pk]
    assert outsider.get("/api/v1/questions/").json()["results"] == []
    assert outsider.post(f"/api/v1/questions/{question.pk}/answer/", {"expected_version": 1, "answer": "x"},
                         format="json").status_code == 404  # fmt: skip
    assert bloc.get(f"/api/v1/questions/{question.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="questions.question.viewed").count() == 1
    url = f"/api/v1/questions/{question.pk}/"
    assert officer.post(url + "close/", {"expected_version": 1}, format="json").status_code == 400
    assert officer.post(url + "answer/", {"expected_version": 1, "answer": "Trả lời"}, format="json").status_code == 200
    assert officer.post(url + "answer/", {"expected_version": 1, "answer": "Cũ"}, format="json").status_code == 409
    assert officer.post(url + "close/", {"expected_version": 2}, format="json").status_code == 200
    response = officer.post(url + "answer/", {"expected_version": 3, "answer": "Thêm"}, format="json")
    assert response.status_code == 400 and "đã đóng" in response.json()["detail"]
    assert client_for(world.member_user).get("/api/v1/questions/").status_code == 403
