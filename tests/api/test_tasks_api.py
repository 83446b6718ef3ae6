"""The tasks API: tasks in and out of scope, filters (a member outside the scope is 404 and logged), giving a
task to several members at once or to none, the refusals of the task rules (a member elsewhere, one who left,
dates), edits with their version, progress, results and the members without a task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.assignments import services
from dangbo.assignments.models import TaskAssignment
from dangbo.core.models import AuditEntry
from dangbo.members import services as member_services
from dangbo.members.enums import MemberStatus
from tests.conftest import World
from tests.factories import make_member

from .conftest import ids
from .test_meetings_api import denied, refused

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def give(world: World, *members: Any, cell: Any = None) -> list[TaskAssignment]:
    day = today()
    return services.assign_task(actor=None, cell=cell or world.cell_a1, members=list(members) or [world.m1],
                                title="Số hóa hồ sơ", kind="professional", assigned_on=day,
                                deadline=dt.date(day.year, 12, 31))  # fmt: skip


def body(world: World, *members: Any, **extra: Any) -> dict[str, Any]:
    day = today()
    return {"cell": world.cell_a1.pk, "members": [m.pk for m in members], "title": "Phụ trách công đoàn",
            "kind": "mass_organization", "assigned_on": day.isoformat(),
            "deadline": dt.date(day.year, 12, 31).isoformat(), **extra}  # fmt: skip


def test_tasks_are_scoped_and_filtered(world: World, api_officer, api_outsider, api_member) -> None:
    (mine,) = give(world)
    (theirs,) = give(world, world.m3, cell=world.cell_b1)
    listed = api_officer.get(reverse("api-task-list"))
    assert ids(listed) == [mine.pk] and listed.json()["results"][0]["member_name"] == world.m1.full_name
    assert ids(api_outsider.get(reverse("api-task-list"))) == [theirs.pk]
    refused(api_member.get(reverse("api-task-list")), 403)
    assert ids(api_officer.get(reverse("api-task-list"), {"member": world.m1.pk, "result": "none"})) == [mine.pk]
    assert ids(api_officer.get(reverse("api-task-list"), {"result": "late"})) == []
    refused(api_officer.get(reverse("api-task-list"), {"member": world.m3.pk}), 404)
    refused(api_officer.get(reverse("api-task-list"), {"organization": world.org_b.pk}), 404)
    refused(api_officer.get(reverse("api-task-detail", args=[theirs.pk])), 404)
    assert denied() == [
        (world.officer, "member", str(world.m3.pk)),
        (world.officer, "organization", str(world.org_b.pk)),
        (world.officer, "task", str(theirs.pk)),
    ]
    for bad in ({"year": "x"}, {"year": 3000}, {"result": "perfect"}, {"member": -1}):
        refused(api_officer.get(reverse("api-task-list"), bad))


def test_give_a_task_to_several_members(world: World, api_officer) -> None:
    answer = api_officer.post(reverse("api-task-list"), body(world, world.m1, world.m2), format="json")
    assert answer.status_code == 201, answer.content
    rows = answer.json()
    assert sorted(r["member"] for r in rows) == sorted([world.m1.pk, world.m2.pk])
    assert {r["year"] for r in rows} == {today().year} and {r["version"] for r in rows} == {1}
    assert AuditEntry.objects.filter(action="assignments.task.assigned").count() == 2


def test_give_refusals_save_nothing(world: World, api_officer, api_bloc) -> None:
    elsewhere = make_member(organization=world.cell_a2, family_name="Phạm", given_name="Tú")
    answer = refused(api_officer.post(reverse("api-task-list"), body(world, world.m1, elsewhere), format="json"))
    assert "Phạm" in answer["detail"] and "không sinh hoạt" in answer["detail"] and answer["field"] == "members"
    member_services.change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT,
                                  on=today() - dt.timedelta(days=10))  # fmt: skip
    left = refused(api_officer.post(reverse("api-task-list"), body(world, world.m2), format="json"))
    assert world.m2.full_name in left["detail"]
    later = (today() + dt.timedelta(days=3)).isoformat()
    long_ago = (today() - dt.timedelta(days=400)).isoformat()
    for bad in ({"assigned_on": later}, {"deadline": long_ago}, {"kind": "hobby"}, {"title": ""}, {"members": []},
                {"members": "1"}, {"deadline": "31/12/2026"}):  # fmt: skip
        refused(api_officer.post(reverse("api-task-list"), body(world, world.m1, **bad), format="json"))
    refused(api_officer.post(reverse("api-task-list"), body(world, world.m3), format="json"), 404)
    refused(
        api_officer.post(reverse("api-task-list"), body(world, world.m1, cell=world.cell_b1.pk), format="json"), 404
    )
    assert denied() == [(world.officer, "member", str(world.m3.pk)),
                        (world.officer, "organization", str(world.cell_b1.pk))]  # fmt: skip
    refused(api_bloc.post(reverse("api-task-list"), body(world, world.m1), format="json"), 403)
    assert not TaskAssignment.objects.exists()


def test_edit_progress_and_result(world: World, api_officer, api_bloc) -> None:
    (task,) = give(world)
    url = reverse("api-task-detail", args=[task.pk])
    edited = api_officer.patch(url, {"title": "Số hóa toàn bộ hồ sơ", "expected_version": 1}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "Số hóa toàn bộ hồ sơ"
    assert refused(api_officer.patch(url, {"title": "x", "expected_version": 1}, format="json"), 409)["code"] == "stale"
    refused(api_bloc.patch(url, {"title": "x", "expected_version": 2}, format="json"), 403)
    progress = reverse("api-task-progress", args=[task.pk])
    refused(api_officer.post(progress, {"progress": 101, "expected_version": 2}, format="json"))
    assert api_officer.post(progress, {"progress": 60, "expected_version": 2}, format="json").json()["progress"] == 60
    result = reverse("api-task-result", args=[task.pk])
    late = {"result": "late", "completed_on": today().isoformat(), "expected_version": 3}
    assert "không phải" in refused(api_officer.post(result, late, format="json"))["detail"]  # done before the deadline
    done = api_officer.post(result, {**late, "result": "on_time"}, format="json")
    assert done.status_code == 200 and done.json()["result"] == "on_time" and done.json()["progress"] == 100
    assert TaskAssignment.objects.get(pk=task.pk).version == 4


def test_members_without_a_task(world: World, api_officer) -> None:
    give(world)
    answer = api_officer.get(reverse("api-task-without-task"))
    assert answer.status_code == 200
    assert [r["id"] for r in answer.json()["results"]] == [world.m2.pk]
    assert [r["id"] for r in api_officer.get(reverse("api-task-without-task"), {"organization": world.cell_a2.pk})
            .json()["results"]] == []  # fmt: skip
    refused(api_officer.get(reverse("api-task-without-task"), {"organization": world.org_b.pk}), 404)
    refused(api_officer.get(reverse("api-task-without-task"), {"organization": "abc"}))
    refused(api_officer.get(reverse("api-task-without-task"), {"year": "20x6"}))
    assert denied() == [(world.officer, "organization", str(world.org_b.pk))]
