"""The inspection pages with the personas: the grassroots inspection committee plans and runs a case step by step,
the member has no page, the other organization's officer gets 404 (logged) for every id of A, in the address or
posted; a cell secretary sees only their cell's own plan; stale forms, HTML in text and bad input save nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.inspection import services
from dangbo.inspection.enums import Body, CaseState, Stage
from dangbo.inspection.models import Case, Programme
from tests.conftest import login

from .conftest import TODAY, advance, make_programme, open_case
from .helpers import nothing_written

pytestmark = pytest.mark.django_db
HOME = reverse("inspection:home")


def _denied(user: Any, object_id: Any) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=user, object_id=str(object_id)).exists()


def test_grassroots_inspector_plans_and_runs_a_case(world: Any, grassroots_inspector: Any) -> None:
    client = login(grassroots_inspector)
    response = client.post(reverse("inspection:programme_new"), {
        "organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION, "year": 2026, "number": "01-CTr/UBKT",
        "approved_on": "05/01/2026", "title": "Chương trình kiểm tra, giám sát năm 2026",
    })  # fmt: skip
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspection:programme", args=[programme.pk])
    new = reverse("inspection:case_new") + f"?chuong_trinh={programme.pk}"
    assert client.get(new).status_code == 200
    response = client.post(new, {"organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION,
                                 "kind": "thematic_supervision", "subject_organization": world.cell_a1.pk,
                                 "content": "Giám sát việc thực hiện Chỉ thị 50", "planned_month": "3"})  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and case.state == CaseState.PLANNED and case.programme == programme
    page = client.get(reverse("inspection:case", args=[case.pk])).content.decode()
    assert 'id="step-quyet-dinh"' in page and "dự kiến tháng 3" in page
    step = reverse("inspection:case_step", args=[case.pk, "quyet-dinh"])
    response = client.post(step, {"version": case.version, "quyet-dinh-decision_number": "07-QĐ/UBKT",
                                  "quyet-dinh-decision_date": "02/03/2026"})  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.due_stage) == (CaseState.IN_PROGRESS, Stage.NOTICE)
    response = client.post(reverse("inspection:case_step", args=[case.pk, "thong-bao"]),
                           {"version": case.version, "thong-bao-on": "04/03/2026"})  # fmt: skip
    assert response.status_code == 302 and Case.objects.get().notice_on == dt.date(2026, 3, 4)
    page = client.get(reverse("inspection:programme", args=[programme.pk])).content.decode()
    assert "Chi bộ Phòng Ngân sách" in page and "25%" in page
    assert AuditEntry.objects.filter(action="inspection.case.viewed").count() == 1


def test_stale_version_is_refused_with_nothing_saved(world: Any, grassroots_inspector: Any) -> None:
    case = open_case(world)
    client = login(grassroots_inspector)
    with nothing_written():
        response = client.post(reverse("inspection:case_step", args=[case.pk, "thong-bao"]),
                               {"version": case.version - 1, "thong-bao-on": "04/03/2026"})  # fmt: skip
    assert response.status_code == 400
    assert "Bản ghi đã được người khác sửa sau khi bạn mở nó" in response.content.decode()


def test_stage_refused_by_the_rules_shows_the_message(world: Any, grassroots_inspector: Any) -> None:
    case = open_case(world)
    with nothing_written():
        response = login(grassroots_inspector).post(
            reverse("inspection:case_step", args=[case.pk, "thong-bao"]),
            {"version": case.version, "thong-bao-on": "01/03/2026"},
        )
    assert response.status_code == 400
    assert "không được trước ngày “Quyết định và kế hoạch” (02/03/2026)" in response.content.decode()


def test_absurd_and_malformed_dates_are_refused(world: Any, grassroots_inspector: Any) -> None:
    case = open_case(world)
    client = login(grassroots_inspector)
    refusals = [("31/02/2026", "Ngày phải có dạng dd/mm/yyyy"), ("01/01/1800", "không được trước 01/01/2000"),
                ("01/01/9999", "không được sau")]  # fmt: skip
    for value, message in refusals:
        with nothing_written():
            response = client.post(reverse("inspection:case_step", args=[case.pk, "thong-bao"]),
                                   {"version": case.version, "thong-bao-on": value})  # fmt: skip
        assert response.status_code == 400 and message in response.content.decode()


def test_html_in_text_is_shown_as_text(world: Any, grassroots_inspector: Any) -> None:
    case = advance(open_case(world), until=Stage.REPORT)
    client = login(grassroots_inspector)
    client.post(reverse("inspection:case_step", args=[case.pk, "ket-qua"]), {
        "version": case.version, "ket-qua-found_on": "10/03/2026", "ket-qua-text": "<script>alert(1)</script>",
    })  # fmt: skip
    page = client.get(reverse("inspection:case", args=[case.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_member_has_no_page(world: Any, as_member: Any) -> None:
    assert as_member.get(HOME).status_code == 403
    assert as_member.get(reverse("inspection:case_new")).status_code == 403


def test_outsider_gets_404_logged_for_ids_of_another_organization(world: Any, as_outsider: Any) -> None:
    programme = make_programme(world.org_a)
    case = open_case(world)
    with nothing_written():
        assert as_outsider.get(reverse("inspection:case", args=[case.pk])).status_code == 404
        assert as_outsider.get(reverse("inspection:programme", args=[programme.pk])).status_code == 404
        assert (
            as_outsider.post(
                reverse("inspection:case_step", args=[case.pk, "thong-bao"]),
                {"version": case.version, "thong-bao-on": "04/03/2026"},
            ).status_code
            == 404
        )
        assert as_outsider.get(reverse("inspection:case_new") + f"?chuong_trinh={programme.pk}").status_code == 404
        assert as_outsider.get(HOME + f"?to_chuc={world.org_a.pk}").status_code == 404
        response = as_outsider.post(reverse("inspection:case_new"), {
            "organization": world.org_b.pk, "body": Body.COMMITTEE, "kind": "routine_supervision",
            "member": world.m1.pk, "content": "x", "decision_number": "1", "decision_date": "02/03/2026",
        })  # fmt: skip
        assert response.status_code == 404
    assert _denied(world.outsider, case.pk) and _denied(world.outsider, programme.pk)
    assert _denied(world.outsider, world.m1.pk) and _denied(world.outsider, world.org_a.pk)


def test_bloc_inspector_reads_but_may_not_be_refused_steps_of_a_grassroots_case(world: Any, inspector: Any) -> None:
    case = open_case(world)
    client = login(inspector)
    assert client.get(reverse("inspection:case", args=[case.pk])).status_code == 200
    assert client.get(HOME + "?q=hung").content.decode().count(f'id="case-{case.pk}"') == 1


def test_cell_secretary_sees_only_the_cells_own_plan(world: Any, secretary: Any) -> None:
    grassroots_case = open_case(world)
    own = make_programme(world.cell_a1, body=Body.COMMITTEE)
    cell_case = open_case(world, organization=world.cell_a1, body=Body.COMMITTEE, member=world.m2,
                          kind="routine_supervision", programme=own)  # fmt: skip
    client = login(secretary)
    page = client.get(HOME).content.decode()
    assert f'id="case-{cell_case.pk}"' in page and f'id="case-{grassroots_case.pk}"' not in page
    assert f'id="programme-{own.pk}"' in page
    assert client.get(reverse("inspection:case", args=[grassroots_case.pk])).status_code == 404
    assert (
        client.post(
            reverse("inspection:case_step", args=[cell_case.pk, "thong-bao"]),
            {"version": cell_case.version, "thong-bao-on": "04/03/2026"},
        ).status_code
        == 302
    )


def test_filters_search_without_accents_and_overdue(world: Any, grassroots_inspector: Any) -> None:
    late = open_case(world, on=dt.date(2025, 6, 2), violation=dt.date(2025, 1, 1))
    fresh = services.open_case(
        actor=None,
        organization=world.org_a,
        body=Body.INSPECTION_COMMISSION,
        kind="routine_supervision",
        content="Giám sát thường xuyên",
        member=world.m2,
        programme=make_programme(world.org_a),
        today=TODAY,
    )  # planned: no deadline yet
    client = login(grassroots_inspector)
    page = client.get(HOME + "?qua_han=on").content.decode()
    assert f'id="case-{late.pk}"' in page and f'id="case-{fresh.pk}"' not in page
    page = client.get(HOME + "?q=dang+thi").content.decode()
    assert f'id="case-{fresh.pk}"' in page and f'id="case-{late.pk}"' not in page
    page = client.get(HOME + "?loai=party_finance").content.decode()
    assert "Không có cuộc nào khớp với bộ lọc" in page


def test_case_list_costs_the_same_queries_for_one_or_three_cases(world: Any, grassroots_inspector: Any) -> None:
    client = login(grassroots_inspector)
    open_case(world)
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    open_case(world, member=world.m2)
    open_case(world, subject=world.cell_a2, kind="routine_supervision")
    with CaptureQueriesContext(connection) as three:
        client.get(HOME)
    assert len(one) == len(three)


def _complaint(world: Any) -> Any:
    from dangbo.complaints.models import Complaint

    return Complaint.objects.create(kind="denunciation", received_on=dt.date(2026, 2, 10), channel="post",
                                    handling_organization=world.org_a, summary="Tố cáo sử dụng xe công sai quy định",
                                    subject_member=world.m1, reference="03/TC")  # fmt: skip


def test_case_opened_from_a_complaint_links_both_ways(world: Any, grassroots_inspector: Any) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    complaint = _complaint(world)
    client = login(grassroots_inspector)
    url = reverse("inspection:case_new") + f"?don={complaint.pk}"
    form = client.get(url).content.decode()
    assert "Tố cáo sử dụng xe công sai quy định" in form and f'value="{world.m1.pk}" selected' in form
    response = client.post(url, {
        "organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION, "kind": "suspected_violation",
        "member": world.m1.pk, "content": "Kiểm tra nội dung tố cáo", "decision_number": "10-QĐ/UBKT",
        "decision_date": "02/03/2026", "violation_date": "01/12/2025", "violation_form": "warning",
        "violation_kind": "ordinary",
    })  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and case.complaint == complaint
    assert "03/TC" in client.get(reverse("inspection:case", args=[case.pk])).content.decode()
    request = RequestFactory().get("/")
    template = Template("{% load inspection_links %}{% complaint_cases complaint %}")
    for user, shown in [(grassroots_inspector, True), (world.outsider, False)]:
        request.user = user
        html = template.render(Context({"request": request, "complaint": complaint}))
        assert (reverse("inspection:case", args=[case.pk]) in html) is shown


def test_complaint_page_offers_a_case_while_none_is_under_way(world: Any, grassroots_inspector: Any) -> None:
    complaint = _complaint(world)
    client = login(grassroots_inspector)
    page = reverse("complaints:detail", args=[complaint.pk])
    open_url = reverse("inspection:case_new") + f"?don={complaint.pk}"
    html = client.get(page).content.decode()
    assert 'id="open-case"' in html and open_url in html
    assert 'value="inspection_commission" selected' in client.get(open_url).content.decode()
    case = open_case(world, member=world.m1)
    Case.objects.filter(pk=case.pk).update(complaint=complaint)
    html = client.get(page).content.decode()
    assert 'id="open-case"' not in html and reverse("inspection:case", args=[case.pk]) in html
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED)
    assert 'id="open-case"' in client.get(page).content.decode()
    complaint.state = "not_considered"
    complaint.save(update_fields=["state"])
    assert 'id="open-case"' not in client.get(page).content.decode()


def test_complaint_about_another_subject_is_refused(world: Any, grassroots_inspector: Any) -> None:
    complaint = _complaint(world)
    with nothing_written():
        response = login(grassroots_inspector).post(reverse("inspection:case_new") + f"?don={complaint.pk}", {
            "organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION, "kind": "suspected_violation",
            "member": world.m2.pk, "content": "x", "decision_number": "10", "decision_date": "02/03/2026",
            "violation_date": "01/12/2025", "violation_form": "warning", "violation_kind": "ordinary",
        })  # fmt: skip
    assert response.status_code == 400
    assert "Đơn nêu đối tượng “Nguyễn Văn Hùng”: cuộc kiểm tra từ đơn phải có cùng đối tượng." in \
        response.content.decode()  # fmt: skip
    assert login(world.outsider).get(reverse("inspection:case_new") + f"?don={complaint.pk}").status_code == 404


def test_programme_page_costs_the_same_queries_for_one_or_three_cases(world: Any, grassroots_inspector: Any) -> None:
    programme = make_programme(world.org_a)
    client = login(grassroots_inspector)
    url = reverse("inspection:programme", args=[programme.pk])
    open_case(world, programme=programme)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    open_case(world, programme=programme, member=world.m2)
    open_case(world, programme=programme, subject=world.cell_a2, kind="thematic_supervision")
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count('id="case-') == 3
    assert len(one) == len(three)
