"""The task pages attacked: the secretary of the neighbouring cell, a plain member posting every form, absurd
dates, sizes and numbers answered in Vietnamese with nothing saved, two people saving one task, and hostile text
in every field kept as text on the pages and in the export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.core.models import AuditEntry
from tests.conftest import login
from tests.factories import make_member

from .conftest import give

pytestmark = pytest.mark.django_db
ASSIGN = reverse("assignments:assign")
EVIL = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil","bấm")'


def _today_give(world, *members, cell=None, **overrides):
    today = timezone.localdate()
    return give(world, *members, cell=cell or world.cell_a1, today=today, assigned_on=today.replace(month=1, day=2),
                deadline=today.replace(month=12, day=31), **overrides)  # fmt: skip


def _denied(what, object_id) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(object_id)).count()


def _assign_data(members, **overrides):
    today = timezone.localdate()
    data = {"members": [m.pk for m in members], "title": "Hướng dẫn quần chúng ưu tú", "kind": TaskKind.HELP_MEMBER,
            "details": "", "year": today.year, "assigned_on": f"{today.replace(month=1, day=5):%d/%m/%Y}",
            "deadline": f"31/12/{today.year}"}  # fmt: skip
    data.update(overrides)
    return data


def _writes(task):
    today = timezone.localdate()
    return {
        "edit": {"title": "Chiếm quyền", "kind": TaskKind.PARTY_WORK, "details": "", "version": task.version,
                 "assigned_on": f"{today.replace(month=1, day=2):%d/%m/%Y}", "deadline": f"31/12/{today.year}"},
        "progress": {"progress": "50", "progress_note": "", "version": task.version},
        "result": {"result": TaskResult.ON_TIME, "completed_on": f"{today:%d/%m/%Y}", "version": task.version},
        "remove": {"reason": "x", "version": task.version},
    }  # fmt: skip


def test_the_secretary_of_a1_cannot_read_or_touch_a_task_of_a2(world, secretary):
    neighbour = make_member(organization=world.cell_a2, given_name="Bình")
    task = _today_give(world, neighbour, cell=world.cell_a2, title="Việc của chi bộ bên cạnh")[0]
    client = login(secretary)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"assignments:{name}", args=[task.pk])).status_code == 404, name
    for name, data in _writes(task).items():
        assert client.post(reverse(f"assignments:{name}", args=[task.pk]), data).status_code == 404, name
    assert _denied("task", task.pk) == 2 + 4
    assert client.get(ASSIGN, {"to_chuc": world.cell_a2.pk}).status_code == 404
    assert _denied("organization", world.cell_a2.pk) == 1
    assert client.post(ASSIGN, _assign_data([world.m1, neighbour])).status_code == 404  # a member of A2 ticked
    assert _denied("member", neighbour.pk) == 1
    assert client.get(reverse("assignments:list"), {"to_chuc": world.cell_a2.pk}).status_code == 404
    assert client.get(reverse("assignments:export"), {"to_chuc": world.cell_a2.pk}).status_code in (403, 404)
    task.refresh_from_db()
    assert task.title == "Việc của chi bộ bên cạnh" and task.version == 1
    assert TaskAssignment.objects.count() == 1


def test_a_member_who_is_not_a_secretary_cannot_write_even_their_own_task(world, as_member):
    task = _today_give(world, world.m1)[0]
    assert as_member.get(ASSIGN).status_code == 403
    assert as_member.post(ASSIGN, _assign_data([world.m1])).status_code == 403
    assert as_member.get(reverse("assignments:edit", args=[task.pk])).status_code == 403
    for name, data in _writes(task).items():
        assert as_member.post(reverse(f"assignments:{name}", args=[task.pk]), data).status_code == 403, name
    task.refresh_from_db()
    assert task.version == 1 and task.progress == 0 and TaskAssignment.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"assigned_on": "01/01/1800"}, "không được trước 01/01/1900"),
     ({"deadline": "31/12/9999"}, "không được sau"),
     ({"title": "x" * 501}, "tối đa 500 kí tự"),
     ({"details": "x" * 5_001}, "tối đa 5000 kí tự"),
     ({"year": "1800"}, "lớn hơn hoặc bằng với 2000"),
     ({"year": "9" * 30}, "nhỏ hơn hoặc bằng với 2100"),
     ({"kind": "<b>x</b>"}, "Hãy chọn một lựa chọn hợp lệ")],
)  # fmt: skip
def test_absurd_tasks_are_refused_in_vietnamese(world, secretary, overrides, message):
    response = login(secretary).post(ASSIGN, _assign_data([world.m1], **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not TaskAssignment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("progress", {"progress": str(10**9)}, "Tiến độ phải là số nguyên từ 0 đến 100%"),
     ("progress", {"progress": "9" * 40}, "Tiến độ phải là số nguyên từ 0 đến 100%"),
     ("progress", {"progress": "-1"}, "Tiến độ phải là số nguyên từ 0 đến 100%"),
     ("progress", {"progress_note": "x" * 501}, "tối đa 500 kí tự"),
     ("result", {"completed_on": "01/01/1800"}, "không được trước 01/01/1900"),
     ("result", {"completed_on": "31/12/9999"}, "không được sau"),
     ("result", {"result_note": "x" * 501}, "tối đa 500 kí tự"),
     ("edit", {"deadline": "31/12/9999"}, "không được sau"),
     ("remove", {"reason": "x" * 501}, "tối đa 500 kí tự")],
)  # fmt: skip
def test_absurd_updates_are_refused_in_vietnamese(world, as_officer, name, data, message):
    task = _today_give(world)[0]
    body = {**_writes(task)[name], **data}
    response = as_officer.post(reverse(f"assignments:{name}", args=[task.pk]), body)
    assert response.status_code == 400 and message in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1 and task.progress == 0 and task.result == ""


@pytest.mark.parametrize("name", ["edit", "progress", "result", "remove"])
def test_the_second_of_two_saves_gets_the_concurrent_edit_message(world, as_officer, secretary, name):
    task = _today_give(world)[0]
    opened = _writes(task)[name]
    assert login(secretary).post(reverse("assignments:progress", args=[task.pk]),
                                 {"progress": "30", "version": 1}).status_code == 302  # fmt: skip
    response = as_officer.post(reverse(f"assignments:{name}", args=[task.pk]), opened)
    assert response.status_code == 400 and "đã được người khác sửa" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == 30 and task.version == 2 and task.title != "Chiếm quyền"


def test_hostile_text_in_every_field_stays_text(world, as_officer, as_member):
    task = _today_give(world, world.m1, title=EVIL, details=EVIL)[0]
    today = timezone.localdate()
    as_officer.post(reverse("assignments:progress", args=[task.pk]),
                    {"progress": "40", "progress_note": EVIL, "version": 1})  # fmt: skip
    as_officer.post(reverse("assignments:result", args=[task.pk]),
                    {"result": TaskResult.ON_TIME, "completed_on": f"{today:%d/%m/%Y}", "result_note": FORMULA,
                     "version": 2})  # fmt: skip
    task.refresh_from_db()
    assert (task.progress_note, task.result_note) == (EVIL, FORMULA)
    for client, url in ((as_officer, reverse("assignments:detail", args=[task.pk])),
                        (as_member, reverse("assignments:mine")),
                        (as_member, reverse("assignments:detail", args=[task.pk])),
                        (as_officer, reverse("assignments:list") + f"?to_chuc={world.cell_a1.pk}")):  # fmt: skip
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
    response = as_officer.get(reverse("assignments:export"), {"to_chuc": world.cell_a1.pk, "nam": today.year})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    note = sheet["L2"]
    assert note.value == FORMULA and note.data_type == "s" and note.quotePrefix
