"""The pages of the reports asked of lower levels, per persona: the bloc officer sets a request, sees the units'
states, reminds, accepts and returns; the grassroots officer sees what the unit must send and sends it; the
member and the officer of another unit are refused (403, or 404 logged for an id outside their scope). Bad input
answers with the Vietnamese message and saves nothing; text typed by users is escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangbo.core.models import AuditEntry
from dangbo.reporting import request_services as services
from dangbo.reporting.models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission
from tests.factories import make_org

from .request_helpers import DOCX, DUE, PDF, ask, send


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def recipient(request: ReportRequest, unit) -> ReportRecipient:
    return ReportRecipient.objects.get(request=request, organization=unit)


def test_hub_and_home_lead_each_persona(world, as_bloc_officer, as_officer, as_member):
    hub = as_bloc_officer.get(reverse("plans_hub:hub")).content.decode()
    assert 'id="plans-requests"' in hub and reverse("reporting:requests") in hub
    assert 'id="plans-requests"' not in as_officer.get(reverse("plans_hub:hub")).content.decode()
    ask(world)
    home = as_officer.get("/").content.decode()
    assert 'id="home-report-inbox"' in home and reverse("reporting:inbox") in home
    assert 'id="home-report-inbox"' not in as_member.get("/").content.decode()


def test_pages_refused_without_the_right(world, as_member, as_officer):
    assert as_member.get(reverse("reporting:requests")).status_code == 403
    assert as_member.get(reverse("reporting:inbox")).status_code == 403
    assert as_officer.get(reverse("reporting:requests")).status_code == 403  # a grassroots officer asks nobody
    assert as_officer.get(reverse("reporting:request_new")).status_code == 403


def test_create_request_through_the_page(world, as_bloc_officer):
    due = timezone.localdate() + dt.timedelta(days=10)
    answer = as_bloc_officer.post(reverse("reporting:request_new"), {
        "to_chuc": world.bloc.pk, "kind": "yearly", "year": 2025, "period": 0, "title": "Báo cáo năm <b>2025</b>",
        "due_on": due.strftime("%d/%m/%Y"), "units": [world.org_a.pk, world.org_b.pk],
        "figures": "Số đảng viên\nSố đảng viên mới kết nạp\n", "note": "",
        "template": SimpleUploadedFile("mau.docx", DOCX),
    })  # fmt: skip
    request = ReportRequest.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("reporting:request", args=[request.pk])
    assert request.figures == ["Số đảng viên", "Số đảng viên mới kết nạp"] and request.template_name == "mau.docx"
    page = as_bloc_officer.get(answer["Location"]).content.decode()
    assert "Báo cáo năm &lt;b&gt;2025&lt;/b&gt;" in page and "<b>2025</b>" not in page
    assert "Chưa gửi" in page and 'id="units-table"' in page
    template = as_bloc_officer.get(reverse("reporting:request_template", args=[request.pk]))
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")


def test_create_refusals_on_the_page_save_nothing(world, as_bloc_officer):
    today = timezone.localdate()
    base = {"to_chuc": world.bloc.pk, "kind": "yearly", "year": today.year, "period": 0, "title": "Báo cáo",
            "due_on": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"), "units": [world.org_a.pk]}  # fmt: skip
    answer = as_bloc_officer.post(reverse("reporting:request_new"), base)
    assert answer.status_code == 400 and "không được trước ngày yêu cầu" in answer.content.decode()
    outside = make_org(name="Đảng bộ tỉnh khác", kind="upper", code="KHAC")
    before = denied()
    answer = as_bloc_officer.post(reverse("reporting:request_new"), {
        **base, "due_on": (today + dt.timedelta(days=3)).strftime("%d/%m/%Y"), "units": [outside.pk],
    })  # fmt: skip
    assert answer.status_code == 400 and "nằm ngoài phạm vi" in answer.content.decode() and denied() == before + 1
    assert not ReportRequest.objects.exists()


def test_bloc_officer_sees_states_reminds_and_answers(world, as_bloc_officer):
    org_c = make_org(name="Đảng bộ Trường Chính trị", kind="grassroots_committee", parent=world.bloc, code="C")
    request = ask(world, units=[world.org_a, world.org_b, org_c])
    send(world, request, world.org_a, figures={"Số đảng viên": 1234, "Số đảng viên mới kết nạp": 7})
    page = as_bloc_officer.get(reverse("reporting:request", args=[request.pk])).content.decode()
    assert "1/3 đơn vị đã gửi, 2 đơn vị quá hạn" in page and "1.234" in page and "Quá hạn" in page
    assert as_bloc_officer.post(reverse("reporting:remind_late", args=[request.pk])).status_code == 302
    assert ReportReminder.objects.count() == 2
    a = recipient(request, world.org_a)
    answer = as_bloc_officer.post(reverse("reporting:remind_one", args=[a.pk]), follow=True)
    assert "đã gửi báo cáo: không cần nhắc" in answer.content.decode() and ReportReminder.objects.count() == 2
    answer = as_bloc_officer.post(reverse("reporting:return", args=[a.pk]), {"version": a.version, "comment": ""})
    assert answer.status_code == 400 and "Chưa nhập lý do trả lại" in answer.content.decode()
    answer = as_bloc_officer.post(reverse("reporting:return", args=[a.pk]),
                                  {"version": a.version, "comment": "Bổ sung <script>x</script>"})  # fmt: skip
    assert answer.status_code == 302 and recipient(request, world.org_a).status == "returned"
    stale = as_bloc_officer.post(reverse("reporting:accept", args=[a.pk]), {"version": a.version, "comment": ""})
    assert stale.status_code == 409
    page = as_bloc_officer.get(reverse("reporting:request", args=[request.pk])).content.decode()
    assert "Bị trả lại" in page and "&lt;script&gt;" in page and "<script>x" not in page


def test_unit_inbox_and_submission(world, as_officer):
    request = ask(world)
    services.remind(actor=world.bloc_officer, recipient=recipient(request, world.org_a), today=DUE + dt.timedelta(1))
    inbox = as_officer.get(reverse("reporting:inbox")).content.decode()
    a = recipient(request, world.org_a)
    assert request.title in inbox and reverse("reporting:inbox_item", args=[a.pk]) in inbox
    assert reverse("reporting:inbox_item", args=[recipient(request, world.org_b).pk]) not in inbox
    page = as_officer.get(reverse("reporting:inbox_item", args=[a.pk])).content.decode()
    assert "Cấp trên đã nhắc gửi báo cáo ngày 21/01/2026" in page and "Quá hạn" in page
    home = as_officer.get("/").content.decode()
    assert "Cấp trên đã nhắc gửi báo cáo ngày 21/01/2026" in home
    url = reverse("reporting:inbox_item", args=[a.pk])
    bad = as_officer.post(url, {"so_lieu_0": "10", "so_lieu_1": "1", "file": SimpleUploadedFile("x.pdf", b"GIF89a")})
    assert bad.status_code == 400 and "Chỉ nhận tệp PDF, Word" in bad.content.decode()
    assert not ReportSubmission.objects.exists()
    ok = as_officer.post(url, {"so_lieu_0": "10", "so_lieu_1": "1", "file": SimpleUploadedFile("bc.pdf", PDF)})
    assert ok.status_code == 302 and recipient(request, world.org_a).status == "submitted"
    submission = ReportSubmission.objects.get()
    download = as_officer.get(reverse("reporting:submission_file", args=[submission.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="reporting.request.file_viewed").count() == 1


def test_out_of_scope_ids_404_and_logged(world, as_outsider, as_officer, as_bloc_officer):
    request = ask(world)
    a = recipient(request, world.org_a)
    submission = send(world, request, world.org_a)
    before = denied()
    assert as_outsider.get(reverse("reporting:inbox_item", args=[a.pk])).status_code == 404
    assert as_outsider.get(reverse("reporting:submission_file", args=[submission.pk])).status_code == 404
    assert as_bloc_officer.get(reverse("reporting:inbox_item", args=[a.pk])).status_code == 404
    assert denied() == before + 3
    other = make_org(name="Đảng bộ tỉnh khác", kind="upper", code="KHAC")
    theirs = services.create_request(
        actor=None, requester=other, kind="yearly", year=2025, title="Khác", due_on=DUE,
        units=[make_org(parent=other, kind="grassroots_committee")], today=DUE,
    )  # fmt: skip
    before = denied()
    assert as_bloc_officer.get(reverse("reporting:request", args=[theirs.pk])).status_code == 404
    assert as_bloc_officer.post(reverse("reporting:remind_late", args=[theirs.pk])).status_code == 404
    their_row = theirs.recipients.get()
    assert as_bloc_officer.post(reverse("reporting:remind_one", args=[their_row.pk])).status_code == 404
    assert as_bloc_officer.post(reverse("reporting:accept", args=[their_row.pk]), {"version": 1}).status_code == 404
    assert denied() == before + 4 and not ReportReminder.objects.exists()


def test_request_list_queries_do_not_grow(world, as_bloc_officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_bloc_officer.get(reverse("reporting:requests")).status_code == 200
        return len(ctx)

    ask(world)
    first = count()
    for _ in range(4):
        ask(world)
    assert count() == first


def test_request_page_queries_do_not_grow(world, as_bloc_officer):
    request = ask(world, units=[world.org_a])
    url = reverse("reporting:request", args=[request.pk])
    with CaptureQueriesContext(connection) as ctx:
        as_bloc_officer.get(url)
    few = len(ctx)
    more = ask(world, units=[world.org_a, world.org_b] + [
        make_org(parent=world.bloc, kind="grassroots_committee") for _ in range(4)
    ])  # fmt: skip
    send(world, more, world.org_a)
    with CaptureQueriesContext(connection) as ctx:
        as_bloc_officer.get(reverse("reporting:request", args=[more.pk]))
    assert len(ctx) == few


def test_only_the_committee_itself_asks(world, as_bloc_officer):
    """The bloc officer asks in the bloc's name, not in the name of a grassroots organization under it (404, logged)."""
    before = denied()
    assert as_bloc_officer.get(reverse("reporting:request_new"), {"to_chuc": world.org_a.pk}).status_code == 404
    assert denied() == before + 1
    page = as_bloc_officer.get(reverse("reporting:request_new")).content.decode()
    assert 'id="requester-pick"' not in page and world.bloc.name in page


def test_inbox_queries_do_not_grow(world, as_officer):
    ask(world)
    with CaptureQueriesContext(connection) as ctx:
        assert as_officer.get(reverse("reporting:inbox")).status_code == 200
    few = len(ctx)
    for _ in range(3):
        send(world, ask(world), world.org_a)
    with CaptureQueriesContext(connection) as ctx:
        assert as_officer.get(reverse("reporting:inbox")).status_code == 200
    assert len(ctx) == few


def test_figure_names_and_note_are_escaped(world, as_officer, as_bloc_officer):
    request = ask(world, figures=["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x")'], note="<b>gấp</b>")
    row = recipient(request, world.org_a)
    unit_page = as_officer.get(reverse("reporting:inbox_item", args=[row.pk])).content.decode()
    assert "<img src=x" not in unit_page and "&lt;img src=x onerror=alert(1)&gt;" in unit_page
    assert "<b>gấp</b>" not in unit_page and "&lt;b&gt;gấp&lt;/b&gt;" in unit_page
    page = as_bloc_officer.get(reverse("reporting:request", args=[request.pk])).content.decode()
    assert "<img src=x" not in page
