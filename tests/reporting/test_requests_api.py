"""The API of the reports asked of lower levels: the same scopes, refusals and audit as the pages. Every refusal
answers the Vietnamese message and saves nothing; an id outside the scope (URL, body) is 404 and logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dangbo.core.models import AuditEntry
from dangbo.reporting import request_services
from dangbo.reporting.models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission
from tests.factories import make_org

from .request_helpers import PDF, ask, send

BASE = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def test_bloc_sets_a_request_and_sees_the_units(world):
    api = client_for(world.bloc_officer)
    due = timezone.localdate() + dt.timedelta(days=20)
    answer = api.post(f"{BASE}/report-requests/", {
        "requester": world.bloc.pk, "kind": "yearly", "year": 2025, "title": "Báo cáo năm 2025",
        "due_on": due.isoformat(), "units": [world.org_a.pk, world.org_b.pk], "figures": ["Số đảng viên"],
    }, format="json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["n_units"] == 2 and {u["state"] for u in body["units"]} == {"not_sent"}
    listed = api.get(f"{BASE}/report-requests/").json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]


def test_request_refusals_save_nothing(world):
    api = client_for(world.bloc_officer)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    base = {"requester": world.bloc.pk, "kind": "yearly", "year": 2025, "title": "X",
            "due_on": yesterday.isoformat(), "units": [world.org_a.pk]}  # fmt: skip
    answer = api.post(f"{BASE}/report-requests/", base, format="json")
    assert answer.status_code == 400 and "không được trước ngày yêu cầu" in answer.json()["detail"]
    outside = make_org(name="Đảng bộ khác", kind="upper", code="KHAC")
    before = denied()
    answer = api.post(f"{BASE}/report-requests/", {**base, "units": [outside.pk]}, format="json")
    assert answer.status_code == 404 and denied() == before + 1
    answer = client_for(world.officer).post(f"{BASE}/report-requests/", base, format="json")
    assert answer.status_code == 403
    assert not ReportRequest.objects.exists()


def test_unit_sends_through_the_api(world):
    request = ask(world, units=[world.org_a])
    api = client_for(world.officer)
    rows = api.get(f"{BASE}/report-recipients/").json()["results"]
    assert [r["organization"] for r in rows] == [world.org_a.pk] and rows[0]["state"] == "late"
    not_asked = api.post(f"{BASE}/report-submissions/", {
        "request": request.pk, "organization": world.org_a.pk, "file": SimpleUploadedFile("a.pdf", b"GIF89a"),
        "figures": '{"Số đảng viên": 1, "Số đảng viên mới kết nạp": 0}',
    }, format="multipart")  # fmt: skip
    assert not_asked.status_code == 400 and "Chỉ nhận tệp PDF" in not_asked.json()["detail"]
    ok = api.post(f"{BASE}/report-submissions/", {
        "request": request.pk, "organization": world.org_a.pk, "file": SimpleUploadedFile("a.pdf", PDF),
        "figures": '{"Số đảng viên": 12, "Số đảng viên mới kết nạp": 1}',
    }, format="multipart")  # fmt: skip
    assert ok.status_code == 201, ok.content
    assert ok.json()["figures"] == {"Số đảng viên": 12, "Số đảng viên mới kết nạp": 1}
    other = client_for(world.outsider).post(f"{BASE}/report-submissions/", {
        "request": request.pk, "organization": world.org_b.pk, "file": SimpleUploadedFile("a.pdf", PDF),
        "figures": '{"Số đảng viên": 1, "Số đảng viên mới kết nạp": 1}',
    }, format="multipart")  # fmt: skip
    assert other.status_code == 400 and "không được yêu cầu gửi báo cáo" in other.json()["detail"]
    assert ReportSubmission.objects.count() == 1


def test_no_submission_after_acceptance_through_the_api_or_the_page(world):
    request = ask(world, units=[world.org_a])
    send(world, request, world.org_a)
    a = ReportRecipient.objects.get(request=request)
    request_services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version)
    entries, sent = AuditEntry.objects.count(), ReportSubmission.objects.count()
    answer = client_for(world.officer).post(f"{BASE}/report-submissions/", {
        "request": request.pk, "organization": world.org_a.pk, "file": SimpleUploadedFile("a.pdf", PDF),
        "figures": '{"Số đảng viên": 12, "Số đảng viên mới kết nạp": 1}',
    }, format="multipart")  # fmt: skip
    assert answer.status_code == 400 and "Báo cáo đã được cấp trên tiếp nhận" in answer.json()["detail"]
    page = Client()
    page.force_login(world.officer)
    url = reverse("reporting:inbox_item", args=[a.pk])
    assert 'id="submit-form"' not in page.get(url).content.decode()
    posted = page.post(url, {"so_lieu_0": "12", "so_lieu_1": "1", "file": SimpleUploadedFile("bc.pdf", PDF)})
    assert posted.status_code == 400 and "Báo cáo đã được cấp trên tiếp nhận" in posted.content.decode()
    assert (AuditEntry.objects.count(), ReportSubmission.objects.count()) == (entries, sent)
    assert ReportRecipient.objects.get(pk=a.pk).status == "accepted"


def test_review_and_remind_through_the_api(world):
    request = ask(world)
    send(world, request, world.org_a)
    a = ReportRecipient.objects.get(request=request, organization=world.org_a)
    b = ReportRecipient.objects.get(request=request, organization=world.org_b)
    api = client_for(world.bloc_officer)
    unit = client_for(world.officer)
    accept = unit.post(f"{BASE}/report-recipients/{a.pk}/accept/", {"expected_version": a.version}, format="json")
    assert accept.status_code == 403
    refused = api.post(f"{BASE}/report-recipients/{a.pk}/remind/", {}, format="json")
    assert refused.status_code == 400 and "không cần nhắc" in refused.json()["detail"]
    stale = api.post(f"{BASE}/report-recipients/{a.pk}/return/", {"expected_version": a.version - 1,
                                                                 "comment": "Thiếu"}, format="json")  # fmt: skip
    assert stale.status_code == 409
    returned = api.post(f"{BASE}/report-recipients/{a.pk}/return/", {"expected_version": a.version,
                                                                    "comment": "Thiếu"}, format="json")  # fmt: skip
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    late = api.post(f"{BASE}/report-requests/{request.pk}/remind-late/", {}, format="json")
    assert late.status_code == 200 and set(late.json()["reminded"]) == {world.org_a.pk, world.org_b.pk}
    assert ReportReminder.objects.filter(recipient=b).count() == 1


def test_out_of_scope_ids_404_and_logged(world):
    request = ask(world)
    a = ReportRecipient.objects.get(request=request, organization=world.org_a)
    submission = send(world, request, world.org_a)
    outsider = client_for(world.outsider)
    before = denied()
    assert outsider.get(f"{BASE}/report-recipients/{a.pk}/").status_code == 404
    assert outsider.get(f"{BASE}/report-submissions/{submission.pk}/").status_code == 404
    assert outsider.post(f"{BASE}/report-submissions/", {
        "request": request.pk, "organization": world.org_a.pk, "file": SimpleUploadedFile("a.pdf", PDF),
    }, format="multipart").status_code == 404  # fmt: skip
    assert denied() == before + 3
    assert client_for(world.member_user).get(f"{BASE}/report-requests/").status_code == 403


def test_a_sent_file_downloads_for_the_committee_and_the_unit_only(world):
    request = ask(world)
    submission = send(world, request, world.org_a)
    viewed = AuditEntry.objects.filter(action="reporting.request.file_viewed")
    for user in (world.bloc_officer, world.officer):
        answer = client_for(user).get(f"{BASE}/report-submissions/{submission.pk}/file/")
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        assert b"".join(answer.streaming_content) == PDF
        assert f'filename="bao-cao-{submission.pk}.pdf"' in answer["Content-Disposition"]
    assert viewed.count() == 2 and viewed.first().data == {"submission_id": submission.pk}
    before = denied()
    assert client_for(world.outsider).get(f"{BASE}/report-submissions/{submission.pk}/file/").status_code == 404
    assert denied() == before + 1 and viewed.count() == 2
