"""The task pages with the three personas (an officer of the unit, a member of it, an officer of another unit),
bad input in the body, escaping, the export's formulas, and the query count of the list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.services import change_status
from tests.conftest import login
from tests.factories import make_member

from .conftest import give

pytestmark = pytest.mark.django_db
LIST = reverse("assignments:list")
ASSIGN = reverse("assignments:assign")
EVIL = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil","bấm")'


def _today_give(world, *members, **overrides):
    today = timezone.localdate()
    return give(world, *members, today=today, assigned_on=today.replace(month=1, day=2),
                deadline=today.replace(month=12, day=31), **overrides)  # fmt: skip


def _denied(object_id) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", object_id=str(object_id)).exists()


def test_the_list_shows_each_members_tasks_and_the_share_with_one(world, as_officer):
    _today_give(world, world.m1, title="Theo dõi thu chi ngân sách")
    body = as_officer.get(LIST).content.decode()
    assert "Theo dõi thu chi ngân sách" in body and "Nguyễn Văn Hùng" in body and "Đặng Thị Lan" in body
    assert '<span class="stat">1/2</span>' in body  # grassroots A: m1 has a task, m2 not


def test_without_task_lists_only_the_members_without_one(world, as_officer):
    _today_give(world, world.m1)
    body = as_officer.get(LIST, {"to_chuc": world.org_a.pk, "chua_giao": "on"}).content.decode()
    assert "Đặng Thị Lan" in body and "Nguyễn Văn Hùng" not in body
    assert "1</strong> đảng viên chưa được giao nhiệm vụ" in body


def test_a_unit_out_of_scope_answers_404_and_is_logged(world, as_outsider):
    assert as_outsider.get(LIST, {"to_chuc": world.org_a.pk}).status_code == 404
    assert _denied(world.org_a.pk)


def test_a_member_without_the_right_is_refused_the_list(as_member):
    assert as_member.get(LIST).status_code == 403
    assert as_member.get(ASSIGN).status_code == 403


def test_the_list_costs_the_same_queries_for_1_and_3_members(world, as_officer):
    _today_give(world, world.m1)
    as_officer.get(LIST, {"to_chuc": world.cell_a2.pk})  # warm the caches (scope, session)
    make_member(organization=world.cell_a2)
    with CaptureQueriesContext(connection) as one:
        assert as_officer.get(LIST, {"to_chuc": world.cell_a2.pk}).status_code == 200
    for _ in range(2):
        member = make_member(organization=world.cell_a2)
        give(world, member, cell=world.cell_a2, today=timezone.localdate(),
             assigned_on=timezone.localdate().replace(month=1, day=2))  # fmt: skip
    with CaptureQueriesContext(connection) as three:
        assert as_officer.get(LIST, {"to_chuc": world.cell_a2.pk}).status_code == 200
    assert len(one) == len(three)


def test_html_in_a_title_is_escaped_on_every_page(world, as_officer, as_member):
    task = _today_give(world, world.m1, title=EVIL)[0]
    for client, url in ((as_officer, LIST), (as_officer, reverse("assignments:detail", args=[task.pk])),
                        (as_member, reverse("assignments:mine")), (as_member, "/")):  # fmt: skip
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body, url


def _assign_data(world, members, **overrides):
    today = timezone.localdate()
    data = {"members": [m.pk for m in members], "title": "Hướng dẫn quần chúng ưu tú", "kind": TaskKind.HELP_MEMBER,
            "details": "", "year": today.year, "assigned_on": f"{today.replace(month=1, day=5):%d/%m/%Y}",
            "deadline": f"31/12/{today.year}"}  # fmt: skip
    data.update(overrides)
    return data


def test_the_secretary_gives_one_task_to_two_members(world, secretary):
    client = login(secretary)
    page = client.get(ASSIGN).content.decode()  # one cell: no need to pick it
    assert f'value="{world.m1.pk}"' in page and f'value="{world.m2.pk}"' in page
    response = client.post(ASSIGN, _assign_data(world, [world.m1, world.m2]))
    assert response.status_code == 302
    assert TaskAssignment.objects.filter(organization=world.cell_a1).count() == 2


def test_a_member_out_of_scope_in_the_body_answers_404_and_is_logged(world, secretary):
    response = login(secretary).post(ASSIGN, _assign_data(world, [world.m1, world.m3]))
    assert response.status_code == 404
    assert _denied(world.m3.pk) and not TaskAssignment.objects.exists()


def test_a_member_who_left_in_the_body_is_refused_in_vietnamese(world, secretary):
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=dt.date(2026, 1, 2))
    client = login(secretary)
    assert f'value="{world.m2.pk}"' not in client.get(ASSIGN).content.decode()  # not offered
    response = client.post(ASSIGN, _assign_data(world, [world.m1, world.m2]))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Đặng Thị Lan đang ở trạng thái “Đã chuyển sinh hoạt chính thức đi”" in body
    assert "Chưa ghi nhiệm vụ nào" in body and not TaskAssignment.objects.exists()


def test_bad_dates_in_the_form_are_refused(world, secretary):
    client = login(secretary)
    body = client.post(ASSIGN, _assign_data(world, [world.m1], deadline="01/01/1000")).content.decode()
    assert "Ngày không được trước 01/01/1900." in body
    body = client.post(ASSIGN, _assign_data(world, [world.m1], year="3000")).content.decode()
    assert not TaskAssignment.objects.exists()
    body = client.post(ASSIGN, _assign_data(world, [world.m1], assigned_on="02/01/2026", deadline="01/01/2026",
                                            year="2026")).content.decode()  # fmt: skip
    assert "Thời hạn 01/01/2026 không được trước ngày giao 02/01/2026." in body
    assert not TaskAssignment.objects.exists()


def test_a_cell_out_of_scope_answers_404_and_is_logged(world, secretary):
    assert login(secretary).get(ASSIGN, {"to_chuc": world.cell_b1.pk}).status_code == 404
    assert _denied(world.cell_b1.pk)


def test_an_officer_over_several_cells_picks_one_first(world, as_officer):
    body = as_officer.get(ASSIGN).content.decode()
    assert "chọn chi bộ" in body and f"?to_chuc={world.cell_a2.pk}" in body


def test_progress_101_is_refused_on_the_page_and_nothing_saved(world, as_officer):
    task = _today_give(world)[0]
    url = reverse("assignments:progress", args=[task.pk])
    body = as_officer.post(url, {"progress": "101", "progress_note": "", "version": 1}).content.decode()
    assert "Tiến độ phải là số nguyên từ 0 đến 100% (đang là 101)." in body
    task.refresh_from_db()
    assert task.progress == 0 and task.version == 1


def test_a_stale_form_is_refused(world, as_officer):
    task = _today_give(world)[0]
    url = reverse("assignments:progress", args=[task.pk])
    assert as_officer.post(url, {"progress": "30", "version": 1}).status_code == 302
    body = as_officer.post(url, {"progress": "60", "version": 1}).content.decode()
    assert "đã được người khác sửa" in body
    task.refresh_from_db()
    assert task.progress == 30


def test_result_and_removal_from_the_task_page(world, as_officer):
    task = _today_give(world)[0]
    today = timezone.localdate()
    result = reverse("assignments:result", args=[task.pk])
    data = {"result": TaskResult.ON_TIME, "completed_on": f"{today:%d/%m/%Y}", "result_note": "Tốt", "version": 1}
    assert as_officer.post(result, data).status_code == 302
    task.refresh_from_db()
    assert (task.result, task.progress) == (TaskResult.ON_TIME, 100)
    body = as_officer.get(reverse("assignments:detail", args=[task.pk])).content.decode()
    assert "Hoàn thành đúng hạn" in body
    assert as_officer.post(reverse("assignments:remove", args=[task.pk]), {"version": 2}).status_code == 302
    assert not TaskAssignment.objects.exists()


def test_writes_out_of_scope_answer_404_and_are_logged(world, as_outsider, as_member):
    task = _today_give(world)[0]
    url = reverse("assignments:progress", args=[task.pk])
    assert as_outsider.post(url, {"progress": "50", "version": 1}).status_code == 404
    assert _denied(task.pk)
    assert as_member.post(url, {"progress": "50", "version": 1}).status_code == 403  # own task: read only
    task.refresh_from_db()
    assert task.progress == 0


def test_a_member_reads_their_own_tasks_only(world, as_member):
    own = _today_give(world, world.m1, title="Việc của Hùng")[0]
    other = _today_give(world, world.m2, title="Việc của Lan")[0]
    mine = as_member.get(reverse("assignments:mine")).content.decode()
    assert "Việc của Hùng" in mine and "Việc của Lan" not in mine
    detail = as_member.get(reverse("assignments:detail", args=[own.pk])).content.decode()
    assert "Việc của Hùng" in detail and 'id="progress-form"' not in detail
    assert as_member.get(reverse("assignments:detail", args=[other.pk])).status_code == 404
    assert _denied(other.pk)


def test_an_officer_of_another_unit_is_refused_a_task(world, as_outsider):
    task = _today_give(world)[0]
    assert as_outsider.get(reverse("assignments:detail", args=[task.pk])).status_code == 404
    assert _denied(task.pk)


def test_the_export_keeps_formulas_as_text_and_is_audited(world, as_officer):
    _today_give(world, world.m1, title=FORMULA)
    year = timezone.localdate().year
    response = as_officer.get(reverse("assignments:export"), {"to_chuc": world.org_a.pk, "nam": year})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    tasks, missing = book.worksheets
    cell = tasks["C2"]
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix
    assert tasks["F2"].number_format == "DD/MM/YYYY"
    assert missing["B2"].value == "Đặng Thị Lan"
    entry = AuditEntry.objects.get(action="assignments.tasks.exported")
    assert entry.data == {"year": year, "rows": 1} and entry.scope_path == world.org_a.path


def test_the_export_refuses_a_unit_out_of_scope_and_a_member(world, as_outsider, as_member):
    url = reverse("assignments:export")
    assert as_outsider.get(url, {"to_chuc": world.org_a.pk}).status_code == 404
    assert _denied(world.org_a.pk)
    assert as_member.get(url).status_code == 403


def test_the_home_page_shows_the_members_tasks_and_the_units_share(world, as_member, secretary):
    _today_give(world, world.m1, title="Việc của Hùng")
    home = as_member.get("/").content.decode()
    assert 'id="home-tasks"' in home and "Việc của Hùng" in home and reverse("assignments:mine") in home
    cell_home = login(secretary).get("/").content.decode()
    assert 'id="home-without-task"' in cell_home and "1 đảng viên chưa được giao nhiệm vụ" in cell_home


def test_a_secretary_who_is_a_member_reaches_their_own_tasks_from_home(world, secretary):
    world.m2.user = secretary
    world.m2.save(update_fields=["user"])
    _today_give(world, world.m2, title="Việc của bí thư")
    client = login(secretary)
    home = client.get("/").content.decode()
    assert 'id="home-my-tasks-shortcut"' in home and 'id="home-without-task"' in home  # their unit's card too
    assert "Việc của bí thư" in client.get(reverse("assignments:mine")).content.decode()
