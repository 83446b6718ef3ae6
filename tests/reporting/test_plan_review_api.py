"""The review through /api/v1/plan-reviews/: start the job, read it, download the file (logged); the same refusals
as the page (an organization or plan out of scope → 404 and logged, a year outside the plan → 400, no right → 403),
nothing queued on a refusal; a user reads only their own jobs."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.reporting.review_services import JOB_KIND

from ..factories import make_user
from .review_clock import on_review_day  # noqa: F401  (fixture)
from .review_world import ReviewWorld, rw  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_review_day")]
BASE = "/api/v1/plan-reviews/"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(rw: ReviewWorld, **overrides: Any) -> dict[str, Any]:  # noqa: F811
    body = {"plan": rw.plan.pk, "kind": "final", "organization": rw.w.bloc.pk, "year": 2026, "format": "docx",
            "number": "22", "signer_name": "Đinh Vĩnh Thụy"}  # fmt: skip
    body.update(overrides)
    return body


def test_start_read_and_download(rw: ReviewWorld, django_capture_on_commit_callbacks: Any) -> None:  # noqa: F811
    api = client_for(rw.w.bloc_officer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(BASE, _body(rw), format="json")
    assert answer.status_code == 202, answer.content
    job_id = answer.json()["id"]
    read = api.get(f"{BASE}{job_id}/").json()
    assert (read["state"], read["done"], read["total"], read["kind"], read["year"], read["format"]) == (
        "done", 4, 4, "final", 2026, "docx")  # fmt: skip
    assert read["file_name"] == "bao-cao-tong-ket-05-kh-duk-2026-khoi.docx"
    download = api.get(f"{BASE}{job_id}/file/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.text for p in doc.paragraphs).replace("\u00a0", " ")
    assert "Tổng kết thực hiện Kế hoạch số 05-KH/ĐUK" in text and "Năm 2025: 1/2 chỉ tiêu đạt kế hoạch." in text
    assert AuditEntry.objects.filter(action="reporting.plan_review.generated").count() == 1
    assert AuditEntry.objects.filter(action="core.job.downloaded", object_id=str(job_id)).count() == 1
    assert client_for(rw.w.officer).get(f"{BASE}{job_id}/").status_code == 404  # another user's job


def test_refusals_queue_nothing(rw: ReviewWorld) -> None:  # noqa: F811
    api = client_for(rw.w.officer)  # grassroots A's officer
    answer = api.post(BASE, _body(rw, organization=rw.w.org_a.pk, year=2024), format="json")
    assert answer.status_code == 400
    assert "từ 2025 đến 2026" in answer.json()["detail"]
    before = AuditEntry.objects.filter(action="core.access.denied").count()
    assert api.post(BASE, _body(rw, organization=rw.w.org_b.pk), format="json").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied").count() == before + 1
    assert api.post(BASE, _body(rw, organization=rw.w.bloc.pk), format="json").status_code == 404  # above A
    assert client_for(rw.w.member_user).post(BASE, _body(rw), format="json").status_code == 403
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


def test_unit_officer_starts_their_own_review(rw: ReviewWorld) -> None:  # noqa: F811
    answer = client_for(rw.w.officer).post(BASE, _body(rw, organization=rw.w.org_a.pk, kind="mid_term",
                                                       format="pdf"), format="json")  # fmt: skip
    assert answer.status_code == 202, answer.content
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    assert job.params["organization_id"] == rw.w.org_a.pk and job.params["format"] == "pdf"


def _tables_text(api: APIClient, job_id: int) -> str:
    doc = Document(io.BytesIO(b"".join(api.get(f"{BASE}{job_id}/file/").streaming_content)))
    return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_the_job_reads_the_tasks_its_owner_sees(rw: ReviewWorld, django_capture_on_commit_callbacks: Any) -> None:  # noqa: F811
    """Grassroots A's inspection officer does not see task 3 (A's) on the plan's page: the review they make for A
    leaves it out; the bloc's office officer's review for A lists it."""
    body = _body(rw, organization=rw.w.org_a.pk, kind="mid_term")
    texts = {}
    for username, role, where in (("ubkt_a", RoleKind.GRASSROOTS_INSPECTION_OFFICER, rw.w.org_a),
                                  ("vanphong", RoleKind.BLOC_OFFICE_OFFICER, rw.w.bloc)):  # fmt: skip
        api = client_for(make_user(username, role=role, organization=where))
        with django_capture_on_commit_callbacks(execute=True):
            answer = api.post(BASE, body, format="json")
        assert answer.status_code == 202, answer.content
        assert api.get(f"{BASE}{answer.json()['id']}/").json()["state"] == "done"
        texts[username] = _tables_text(api, answer.json()["id"])
    assert "Nhiệm vụ số 3" not in texts["ubkt_a"]
    assert "Nhiệm vụ số 3" in texts["vanphong"]
