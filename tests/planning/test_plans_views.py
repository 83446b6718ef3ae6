"""The plans' pages for each persona: who sees which tasks, who reports (a task outside the scope answers 404 and
is logged; a task seen but not one's own is refused with nothing saved), the overdue lists, the forms, the hub and
home cards, HTML typed in a field shown as text, and the plan page's queries not growing with its tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.audit import AuditEntry
from dangbo.planning import plans
from dangbo.planning.models import Plan, PlanTask, TaskProgress

from ..conftest import login
from .plan_world import PlanWorld, task_data

pytestmark = pytest.mark.django_db


def denied(task_id: int) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_id=str(task_id)).count()


def progress_post(**kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"reported_on": "20/11/2026", "stage": "in_progress", "percent": "50",
                            "result": "Đã tổ chức quán triệt"}  # fmt: skip
    data.update(kw)
    return data


def test_plan_list_by_persona(pw: PlanWorld, as_officer: Client, as_member: Client) -> None:
    page = as_officer.get(reverse("planning:plan_list"))
    assert page.status_code == 200 and "35-KH/ĐUK" in page.text and "20-KH/ĐUK" in page.text
    assert 'id="plan-new"' not in page.text
    assert as_member.get(reverse("planning:plan_list")).status_code == 403
    bloc = login(pw.w.bloc_officer).get(reverse("planning:plan_list"))
    assert 'id="plan-new"' in bloc.text


def test_plan_page_shows_the_committee_every_task_and_a_unit_its_own(pw: PlanWorld, as_officer: Client) -> None:
    url = reverse("planning:plan", args=[pw.plan.pk])
    bloc = login(pw.w.bloc_officer).get(url).text
    for t in (pw.o1, pw.p1, pw.ua, pw.ub, pw.g1, pw.n1):
        assert f'id="task-{t.pk}"' in bloc
    assert bloc.index("Ban Tổ chức") < bloc.index("Ban Tuyên giáo và Dân vận") < bloc.index("Văn phòng")
    mine = as_officer.get(url).text
    assert f'id="task-{pw.ua.pk}"' in mine and f'id="task-{pw.g1.pk}"' in mine
    for t in (pw.o1, pw.p1, pw.ub, pw.n1):
        assert f'id="task-{t.pk}"' not in mine


def test_task_page_outside_scope_404_and_logged(pw: PlanWorld, as_officer: Client, as_outsider: Client) -> None:
    assert as_officer.get(reverse("planning:task", args=[pw.ua.pk])).status_code == 200
    assert as_outsider.get(reverse("planning:task", args=[pw.ua.pk])).status_code == 404
    assert denied(pw.ua.pk) == 1
    assert as_officer.get(reverse("planning:task", args=[pw.o1.pk])).status_code == 404  # a board's task
    assert denied(pw.o1.pk) == 1


def test_unit_officer_reports_progress(pw: PlanWorld, as_officer: Client) -> None:
    page = as_officer.get(reverse("planning:task", args=[pw.ua.pk]))
    assert 'id="progress-form"' in page.text
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    answer = as_officer.post(reverse("planning:task_report", args=[pw.ua.pk]), progress_post(file=pdf))
    assert answer.status_code == 302
    p = TaskProgress.objects.get(task=pw.ua)
    assert (p.organization, p.percent, p.reported_on) == (pw.w.org_a, 50, dt.date(2026, 11, 20))
    history = as_officer.get(reverse("planning:task", args=[pw.ua.pk])).text
    assert "Đã tổ chức quán triệt" in history and "bien-ban.pdf" in history
    download = as_officer.get(reverse("planning:progress_file", args=[p.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    outsider = login(pw.w.outsider).get(reverse("planning:progress_file", args=[p.pk]))
    assert outsider.status_code == 404


def test_progress_text_shown_as_text(pw: PlanWorld, as_officer: Client) -> None:
    typed = '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("x")'
    answer = as_officer.post(reverse("planning:task_report", args=[pw.ua.pk]), progress_post(result=typed))
    assert answer.status_code == 302
    for url in (reverse("planning:task", args=[pw.ua.pk]), reverse("planning:my_tasks")):
        page = as_officer.get(url).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page
    page = as_officer.get(reverse("planning:task", args=[pw.ua.pk])).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page


def test_report_outside_scope_404_logged_nothing_saved(pw: PlanWorld, as_outsider: Client, as_member: Client) -> None:
    assert as_outsider.post(reverse("planning:task_report", args=[pw.ua.pk]), progress_post()).status_code == 404
    assert denied(pw.ua.pk) == 1
    assert as_member.post(reverse("planning:task_report", args=[pw.ua.pk]), progress_post()).status_code == 403
    assert not TaskProgress.objects.exists()


def test_board_officer_refused_on_another_boards_task(pw: PlanWorld) -> None:
    client = login(pw.propaganda)
    page = client.get(reverse("planning:task", args=[pw.o1.pk]))
    assert page.status_code == 200 and 'id="progress-form"' not in page.text
    answer = client.post(reverse("planning:task_report", args=[pw.o1.pk]), progress_post(), follow=True)
    assert "không thuộc trách nhiệm của bạn" in answer.text
    assert not TaskProgress.objects.exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"percent": "150"}, "Tỷ lệ hoàn thành phải từ 0 đến 100%."),
        ({"reported_on": "31/02/2026"}, ""),
        ({"stage": "done", "percent": "20"}, "Báo cáo “hoàn thành” nhưng tỷ lệ là 20%."),
        ({"result": ""}, ""),
    ],
)
def test_report_bad_input_400_nothing_saved(pw: PlanWorld, kw: dict[str, Any], message: str) -> None:
    answer = login(pw.propaganda).post(reverse("planning:task_report", args=[pw.p1.pk]), progress_post(**kw))
    assert answer.status_code == 400 and message in answer.text
    assert not TaskProgress.objects.exists()


def test_my_tasks_page_per_persona(pw: PlanWorld, as_officer: Client) -> None:
    mine = as_officer.get(reverse("planning:my_tasks")).text
    assert f'id="task-{pw.ua.pk}"' in mine and 'id="committee-overdue"' not in mine
    assert f'id="task-{pw.ub.pk}"' not in mine
    board = login(pw.propaganda).get(reverse("planning:my_tasks")).text
    own, committee = board.split('id="committee-overdue"')
    assert f'id="task-{pw.p1.pk}"' in own and f'id="task-{pw.o1.pk}"' not in own
    assert f'id="task-{pw.o1.pk}"' in committee and f'id="task-{pw.ub.pk}"' in committee


def test_my_tasks_folds_the_tasks_not_pressing(pw: PlanWorld, as_officer: Client) -> None:
    """Overdue tasks in full; the unit's other open tasks under a count, folded when there are more than five."""
    ongoing = [
        plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=task_data(f"9.{n}", owner_kind="unit",
                                                                               unit=pw.w.org_a))
        for n in range(6)
    ]  # fmt: skip
    page = as_officer.get(reverse("planning:my_tasks")).text
    urgent, later = page.split('id="my-tasks-later"')
    assert f'id="task-{pw.ua.pk}"' in urgent  # overdue since 31/10/2026
    assert all(f'id="task-{t.pk}"' not in urgent and f'id="task-{t.pk}"' in later for t in ongoing)
    shown = later.count('<tr id="task-')  # the preloaded plan's tasks of every grassroots organization too
    assert shown >= 6 and f"<summary>{shown} nhiệm vụ khác đang thực hiện</summary>" in later
    assert not later.startswith(" open")
    office = login(pw.office).get(reverse("planning:my_tasks")).text  # N1 only: no deadline
    assert "Không có nhiệm vụ nào quá hạn hoặc sắp đến hạn." in office
    assert 'id="my-tasks-later" open' in office and f'id="task-{pw.n1.pk}"' in office


def test_hub_and_home_cards(pw: PlanWorld, as_officer: Client, as_member: Client) -> None:
    hub = as_officer.get(reverse("plans_hub:hub")).text
    assert 'id="plans-plans"' in hub
    home = login(pw.w.bloc_officer).get("/").text
    assert 'id="home-plan-tasks"' in home and 'id="home-plan-tasks-committee"' in home
    assert 'id="home-plan-tasks"' in as_officer.get("/").text
    assert 'id="home-plan-tasks"' not in as_member.get("/").text


def test_plan_and_task_forms(pw: PlanWorld, as_officer: Client) -> None:
    client = login(pw.w.bloc_officer)
    answer = client.post(reverse("planning:plan_new"), {
        "issuer": pw.w.bloc.pk, "document_number": "41-KH/ĐUK", "title": "Kế hoạch sơ kết", "issued_on": "01/11/2026",
        "year_from": "2026", "year_to": "2026",
    })  # fmt: skip
    assert answer.status_code == 302
    plan = Plan.objects.get(document_number="41-KH/ĐUK")
    url = reverse("planning:task_new", args=[plan.pk])
    before = PlanTask.objects.count()
    no_owner = client.post(url, {"number": "1", "title": "Việc", "deadline_kind": "none"})
    assert no_owner.status_code == 400 and "Nhiệm vụ phải có ban hoặc đơn vị chủ trì." in no_owner.text
    early = client.post(url, {"number": "1", "title": "Việc", "owner_kind": "board", "board": "office",
                              "deadline_kind": "date", "due_on": "31/10/2026"})  # fmt: skip
    assert early.status_code == 400 and "không được trước ngày ban hành kế hoạch (01/11/2026)" in early.text
    assert PlanTask.objects.count() == before
    ok = client.post(
        url,
        {
            "number": "1",
            "title": "<b>Việc</b>",
            "owner_kind": "unit",
            "unit": pw.w.org_a.pk,
            "coordinating_boards": ["organization"],
            "deadline_kind": "date",
            "due_on": "30/11/2026",
        },
    )
    assert ok.status_code == 302
    task = PlanTask.objects.get(plan=plan)
    page = client.get(reverse("planning:task", args=[task.pk])).text
    assert "&lt;b&gt;Việc&lt;/b&gt;" in page and "<b>Việc</b>" not in page
    assert as_officer.get(reverse("planning:plan_new")).status_code == 403
    assert as_officer.get(reverse("planning:task_edit", args=[pw.ua.pk])).status_code == 403
    edit = client.post(reverse("planning:task_edit", args=[task.pk]), {
        "version": task.version, "number": "1", "title": "Việc", "owner_kind": "unit", "unit": pw.w.org_a.pk,
        "deadline_kind": "date", "due_on": "30/11/2026", "state": "cancelled",
    })  # fmt: skip
    assert edit.status_code == 302
    task.refresh_from_db()
    assert task.state == "cancelled"


def test_plan_page_queries_do_not_grow_with_tasks(pw: PlanWorld) -> None:
    client = login(pw.w.bloc_officer)
    url = reverse("planning:plan", args=[pw.plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3):
        task = plans.create_task(
            actor=pw.w.bloc_officer,
            plan=pw.plan,
            data=task_data(
                f"5.{i}", owner_kind="unit", unit=pw.w.org_b, deadline_kind="date", due_on=dt.date(2026, 1, 5)
            ),
        )
        plans.report_progress(actor=pw.w.outsider, task=task, reported_on=dt.date(2026, 1, 2), stage="started",
                              percent=10, result="Đã triển khai", today=dt.date(2026, 11, 27))  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
