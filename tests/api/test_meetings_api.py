"""The meetings API: meetings in and out of scope, filters, the full record with its checks, scheduling and the
plan, held times, cancelling, the attendance sheet saved for the whole cell, and each refusal (Vietnamese 400,
404 logged for what lies outside the scope, 403 for a reader, 409 for a stale version)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dangbo.core.models import AuditEntry
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingKind, MeetingStatus, Presence
from dangbo.meetings.models import Attendance, Meeting, QuarterLock
from dangbo.meetings.selectors import quarter_of
from tests.conftest import World
from tests.factories import make_member

from .conftest import ids

pytestmark = pytest.mark.django_db
VIETNAMESE = "àáảãạăâđêôơưệếềểễộốồổỗớờởỡợứừửữựíìỉĩịýỳỷỹỵ"


def denied() -> list[tuple[Any, str, str]]:
    return [
        (e.actor, e.object_type, e.object_id)
        for e in AuditEntry.objects.filter(action="core.access.denied").order_by("pk")
    ]


def refused(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "field", "errors"}
    assert any(ch in body["detail"].lower() for ch in VIETNAMESE), body["detail"]
    return body


def ago(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def held(world: World, unit: Any = None, *, days: int = 3, kind: str = MeetingKind.THEMATIC) -> Meeting:
    """A meeting of `unit` (cell A1) held `days` ago, 150 minutes long."""
    start = ago(days)
    meeting = services.schedule_meeting(actor=None, organization=unit or world.cell_a1, kind=kind, planned_start=start,
                                        topic="Chuyên đề: học tập và làm theo Bác")  # fmt: skip
    return services.record_held(actor=None, meeting=meeting, expected_version=meeting.version, started_at=start,
                                ended_at=start + dt.timedelta(minutes=150))  # fmt: skip


def url(name: str, *args: Any) -> str:
    return reverse(f"api-meeting-{name}", args=args)


# ---- reading -------------------------------------------------------------------------------------


def test_meetings_are_scoped(world: World, api_officer, api_outsider, api_bloc, api_member, api_anonymous) -> None:
    mine, theirs = held(world), held(world, world.cell_b1)
    assert ids(api_officer.get(url("list"))) == [mine.pk]
    assert ids(api_outsider.get(url("list"))) == [theirs.pk]
    assert sorted(ids(api_bloc.get(url("list")))) == sorted([mine.pk, theirs.pk])
    refused(api_member.get(url("list")), 403)  # a plain member has their own pages, not the API
    assert api_anonymous.get(url("list")).status_code == 401
    row = api_officer.get(url("list")).json()["results"][0]
    assert row["kind"] == "thematic" and row["status"] == "held" and row["duration_minutes"] == 150
    assert row["organization_name"] == world.cell_a1.name and "minutes" not in row


def test_detail_has_its_checks_and_is_audited(world: World, api_officer) -> None:
    meeting = held(world)
    body = api_officer.get(url("detail", meeting.pk)).json()
    assert body["id"] == meeting.pk and body["rule_set"] == "SH-2025" and body["guests"] == []
    rules = {c["rule"]: c for c in body["checks"]}
    assert rules["length"]["ok"] is True and "Hướng dẫn 42" in rules["length"]["message"]
    viewed = AuditEntry.objects.get(action="meetings.meeting.viewed")
    assert viewed.actor == world.officer and viewed.object_id == str(meeting.pk) and viewed.data == {"via": "api"}


def test_out_of_scope_meeting_is_404_and_logged(world: World, api_officer) -> None:
    theirs = held(world, world.cell_b1)
    for response in (api_officer.get(url("detail", theirs.pk)), api_officer.get(url("attendance", theirs.pk))):
        refused(response, 404)
    assert denied() == [(world.officer, "meeting", str(theirs.pk))] * 2
    refused(api_officer.get(url("detail", 999_999)), 404)
    assert len(denied()) == 2  # a meeting that does not exist is not logged


def test_filters(world: World, api_officer, api_bloc) -> None:
    meeting = held(world)
    year, quarter = quarter_of(meeting.day)
    assert ids(api_officer.get(url("list"), {"year": year, "quarter": quarter, "kind": "thematic"})) == [meeting.pk]
    assert ids(api_officer.get(url("list"), {"kind": "regular"})) == []
    assert ids(api_officer.get(url("list"), {"organization": world.org_a.pk})) == [meeting.pk]
    assert ids(api_bloc.get(url("list"), {"organization": world.org_b.pk})) == []
    for bad in ({"quarter": 5}, {"quarter": "x"}, {"year": 1800}, {"year": "2025.5"}, {"kind": "party"},
                {"organization": "abc"}, {"page": 0}):  # fmt: skip
        refused(api_officer.get(url("list"), bad))
    refused(api_officer.get(url("list"), {"organization": world.org_b.pk}), 404)
    assert denied() == [(world.officer, "organization", str(world.org_b.pk))]


# ---- writing -------------------------------------------------------------------------------------


def plan(unit: Any, **extra: Any) -> dict[str, Any]:
    start = timezone.localtime() + dt.timedelta(days=5)
    return {"organization": unit.pk, "kind": "regular", "planned_start": start.isoformat(),
            "topic": "Sinh hoạt chi bộ thường kỳ", **extra}  # fmt: skip


def test_schedule_edit_hold_and_cancel(world: World, api_officer) -> None:
    created = api_officer.post(url("list"), plan(world.cell_a1, place="Phòng họp 2"), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "planned" and body["monthly_slot"] is not None and body["version"] == 1
    pk = body["id"]
    edited = api_officer.patch(url("detail", pk), {"topic": "Chủ đề mới", "expected_version": 1}, format="json")
    assert edited.status_code == 200
    assert edited.json()["topic"] == "Chủ đề mới" and edited.json()["place"] == "Phòng họp 2"
    refused(api_officer.patch(url("detail", pk), {"topic": "Cũ", "expected_version": 1}, format="json"), 409)
    refused(api_officer.patch(url("detail", pk), {"topic": "Không có phiên bản"}, format="json"))
    cancelled = api_officer.post(url("cancel", pk), {"reason": "Trùng lịch", "expected_version": 2}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["monthly_slot"] is None
    actions = list(AuditEntry.objects.filter(object_type="meeting").values_list("action", flat=True).order_by("pk"))
    assert actions == ["meetings.meeting.scheduled", "meetings.meeting.plan_updated", "meetings.meeting.cancelled"]


def test_schedule_refusals(world: World, api_officer, api_bloc) -> None:
    assert api_officer.post(url("list"), plan(world.cell_a1), format="json").status_code == 201
    second = refused(api_officer.post(url("list"), plan(world.cell_a1), format="json"))  # two in one month
    assert "hai buổi sinh hoạt thường kỳ" in second["detail"] and second["field"] == "kind"
    refused(api_officer.post(url("list"), plan(world.cell_b1), format="json"), 404)
    assert denied() == [(world.officer, "organization", str(world.cell_b1.pk))]
    refused(api_bloc.post(url("list"), plan(world.cell_a1), format="json"), 403)  # reads cell life, manages none
    far = (timezone.localtime() + dt.timedelta(days=800)).isoformat()
    for bad in ({"kind": "party"}, {"planned_start": far}, {"planned_start": "hôm qua"}, {"topic": ""},
                {"topic": "x" * 501}, {"organization": 2**70}):  # fmt: skip
        refused(api_officer.post(url("list"), plan(world.cell_a1, **bad), format="json"))
    assert Meeting.objects.count() == 1


def test_held_refusals_and_the_reader(world: World, api_officer, api_bloc) -> None:
    meeting = held(world)
    start = ago(3, hour=15)
    backwards = {"started_at": start.isoformat(), "ended_at": (start - dt.timedelta(minutes=5)).isoformat(),
                 "expected_version": meeting.version}  # fmt: skip
    body = refused(api_officer.post(url("held", meeting.pk), backwards, format="json"))
    assert body["detail"] == "Giờ kết thúc phải sau giờ bắt đầu." and body["field"] == "ended_at"
    refused(api_bloc.post(url("held", meeting.pk), backwards, format="json"), 403)
    short = {**backwards, "ended_at": (start + dt.timedelta(minutes=60)).isoformat()}
    answer = api_officer.post(url("held", meeting.pk), short, format="json")
    assert answer.status_code == 200  # recorded, and flagged with the rule
    length = next(c for c in answer.json()["checks"] if c["rule"] == "length")
    assert length["ok"] is False and "90" in length["message"]
    minutes = {"minutes": "Biên bản", "resolutions": "Nghị quyết", "expected_version": answer.json()["version"]}
    assert api_officer.post(url("minutes", meeting.pk), minutes, format="json").json()["minutes"] == "Biên bản"


# ---- attendance ----------------------------------------------------------------------------------


def save(client: APIClient, meeting: Meeting, exceptions: list[dict[str, Any]], version: int | None = None) -> Any:
    body = {"expected_version": version or Meeting.objects.get(pk=meeting.pk).version, "exceptions": exceptions}
    return client.put(url("attendance", meeting.pk), body, format="json")


def test_attendance_sheet_saved_for_the_whole_cell(world: World, api_officer) -> None:
    meeting = held(world)
    sheet = api_officer.get(url("attendance", meeting.pk)).json()
    assert sheet["recorded_at"] is None and sheet["version"] == meeting.version
    assert {line["member"]: line["presence"] for line in sheet["lines"]} == {world.m1.pk: "present",
                                                                             world.m2.pk: "present"}  # fmt: skip
    answer = save(api_officer, meeting, [{"member": world.m2.pk, "presence": "excused", "reason": "sick"}])
    assert answer.status_code == 200, answer.content
    saved = answer.json()
    assert (saved["present_count"], saved["excused_count"], saved["expected_count"]) == (1, 1, 2)
    assert saved["recorded_at"] is not None and saved["version"] == meeting.version + 1
    lines = {line["member"]: line for line in saved["lines"]}
    assert lines[world.m2.pk]["presence"] == "excused" and lines[world.m2.pk]["reason"] == "sick"
    rows = Attendance.objects.filter(meeting=meeting)
    assert sorted(rows.values_list("member_id", "presence")) == sorted(
        [(world.m1.pk, Presence.PRESENT), (world.m2.pk, Presence.EXCUSED)])  # fmt: skip
    stale = refused(save(api_officer, meeting, [], version=meeting.version), 409)
    assert stale["code"] == "stale"
    assert AuditEntry.objects.filter(action="meetings.meeting.attendance_saved").count() == 1


def test_attendance_refusals_save_nothing(world: World, api_officer, api_bloc) -> None:
    meeting = held(world)
    elsewhere = make_member(organization=world.cell_a2, family_name="Phạm", given_name="Tú")
    body = refused(save(api_officer, meeting, [{"member": elsewhere.pk, "presence": "unexcused"}]))
    assert "Phạm" in body["detail"] and "không sinh hoạt" in body["detail"]
    refused(save(api_officer, meeting, [{"member": world.m2.pk, "presence": "excused"}]))  # no reason given
    refused(save(api_officer, meeting, [{"member": world.m2.pk, "presence": "late"}]))
    refused(save(api_officer, meeting, [{"member": world.m2.pk, "presence": "unexcused"}] * 2))
    refused(save(api_officer, meeting, [{"member": "abc", "presence": "unexcused"}]))
    refused(save(api_bloc, meeting, []), 403)
    assert not Attendance.objects.exists() and Meeting.objects.get(pk=meeting.pk).version == meeting.version
    # A member outside the scope: 404 and logged, before any rule is checked.
    refused(save(api_officer, meeting, [{"member": world.m3.pk, "presence": "unexcused"}]), 404)
    assert denied() == [(world.officer, "member", str(world.m3.pk))]
    refused(save(api_officer, meeting, [{"member": 999_999, "presence": "unexcused"}]), 404)
    assert len(denied()) == 1
    # A locked quarter.
    year, quarter = quarter_of(meeting.day)
    QuarterLock.objects.create(organization=world.org_a, path=world.org_a.path, year=year, quarter=quarter)
    locked = refused(save(api_officer, meeting, []))
    assert "đã được khóa" in locked["detail"]
    assert not Attendance.objects.exists()


def test_attendance_of_a_meeting_not_held_yet_is_refused(world: World, api_officer) -> None:
    created = api_officer.post(url("list"), plan(world.cell_a1), format="json").json()
    meeting = Meeting.objects.get(pk=created["id"])
    assert meeting.status == MeetingStatus.PLANNED
    assert "chưa diễn ra" in refused(save(api_officer, meeting, []))["detail"]


# ---- compliance ----------------------------------------------------------------------------------


def test_cell_quarters_are_scoped_and_filtered(world: World, api_officer, api_outsider) -> None:
    meeting = held(world, kind=MeetingKind.COMBINED)
    save(api_officer, meeting, [])
    held(world, world.cell_b1)
    year, quarter = quarter_of(meeting.day)
    answer = api_officer.get(reverse("api-cell-quarter-list"), {"year": year, "quarter": quarter})
    rows = answer.json()["results"]
    assert [r["organization"] for r in rows] == [world.cell_a1.pk]
    row = rows[0]
    assert row["thematic_held"] == 1 and row["present"] == 2 and row["attendance_pct"] == 100
    assert row["status"] in ("green", "amber", "red") and isinstance(row["reasons"], list)
    assert [r["organization"] for r in api_outsider.get(reverse("api-cell-quarter-list")).json()["results"]] == [
        world.cell_b1.pk]  # fmt: skip
    refused(api_officer.get(reverse("api-cell-quarter-list"), {"organization": world.org_b.pk}), 404)
    refused(api_officer.get(reverse("api-cell-quarter-list"), {"quarter": 0}))
    assert denied() == [(world.officer, "organization", str(world.org_b.pk))]


def test_reading_the_attendance_sheet_is_audited(world: World, api_officer) -> None:
    """The roll with each member's mark is a full-record view: the API logs it as the page does."""
    meeting = held(world)
    before = AuditEntry.objects.filter(action="meetings.meeting.viewed", object_id=str(meeting.pk)).count()
    response = api_officer.get(f"/api/v1/meetings/{meeting.pk}/attendance/")
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(action="meetings.meeting.viewed", object_id=str(meeting.pk))
    assert entries.count() == before + 1
    assert entries.latest("pk").data == {"api": "attendance"}
