"""The complaints API: reception (ids in the body checked against the scope, 404 and logged), the steps with their
refusals (400, nothing written) and a stale version (409), the filters, the notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.complaints.models import Complaint, Notice
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from tests.api.conftest import api_client

from .conftest import PERSON, denounce, nothing_written

pytestmark = pytest.mark.django_db


def body(world: Any, **over: Any) -> dict[str, Any]:
    data = {"kind": "denunciation", "received_on": "2026-03-02", "channel": "email",
            "handling_organization": world.org_a.pk, "subject_member": world.m1.pk,
            "summary": "Tố cáo nhận quà biếu", "identity": dict(PERSON)}  # fmt: skip
    data.update(over)
    return data


def test_reception_and_read_back_without_identity(world: Any, people: Any) -> None:
    client = api_client(people.inspector_a)
    made = client.post("/api/v1/complaints/", body(world), format="json")
    assert made.status_code == 201, made.content
    record = made.json()
    assert record["state"] == "handling" and record["due_on"] == "2026-07-09" and "identity" not in record
    assert "90 ngày làm việc" in record["deadline"]
    letter = Complaint.objects.get()
    assert letter.identity.email == PERSON["email"]
    again = client.get(f"/api/v1/complaints/{letter.pk}/")
    assert again.status_code == 200 and AuditEntry.objects.filter(action="complaints.complaint.viewed").count() == 1
    anonymous = client.post("/api/v1/complaints/", body(world, identity={}, not_considered_reason="anonymous"),
                            format="json")  # fmt: skip
    assert anonymous.status_code == 201 and anonymous.json()["state"] == "not_considered"


@pytest.mark.parametrize("field", ["handling_organization", "subject_member", "subject_organization", "repeat_of",
                                   "discipline", "assignee"])  # fmt: skip
def test_ids_outside_the_scope_in_the_body_are_404_and_logged(world: Any, people: Any, field: str,
                                                              reprimand: Discipline) -> None:  # fmt: skip
    other = denounce(world, actor=None, handling_organization=world.org_b, subject_member=world.m3)
    ids = {"handling_organization": world.org_b.pk, "subject_member": world.m3.pk,
           "subject_organization": world.cell_b1.pk, "repeat_of": other.pk, "discipline": reprimand.pk,
           "assignee": people.inspector_b.pk}  # fmt: skip
    client = api_client(people.inspector_b if field == "discipline" else people.inspector_a)
    data = body(world, **{field: ids[field]})
    if field == "discipline":
        data.update(kind="discipline_complaint", handling_organization=world.org_b.pk, subject_member=None)
    before = (Complaint.objects.count(), Discipline.objects.get().version)
    answer = client.post("/api/v1/complaints/", data, format="json")
    assert answer.status_code == 404, answer.content
    assert (Complaint.objects.count(), Discipline.objects.get().version) == before
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1


def test_discipline_complaint_after_the_window_is_400_with_nothing_written(world: Any, people: Any,
                                                                          reprimand: Discipline) -> None:  # fmt: skip
    client = api_client(people.inspector_a)
    data = body(world, kind="discipline_complaint", discipline=reprimand.pk, subject_member=None,
                received_on="2026-05-04")  # fmt: skip
    with nothing_written():
        answer = client.post("/api/v1/complaints/", data, format="json")
    assert answer.status_code == 400 and "quá thời hạn một tháng" in answer.json()["detail"]


def test_steps_refusals_and_stale_version(world: Any, people: Any) -> None:
    letter = denounce(world)
    client = api_client(people.inspector_a)
    url = f"/api/v1/complaints/{letter.pk}/"
    with nothing_written():
        too_long = client.post(url + "extend/", {"working_days": 31, "reason": "x", "granted_on": "2026-06-01",
                                                 "expected_version": 1}, format="json")  # fmt: skip
        assert too_long.status_code == 400 and "không quá 30 ngày làm việc" in too_long.json()["detail"]
        early = client.post(url + "resolve/", {"resolved_on": "2026-03-01", "resolution_number": "1-KL",
                                               "result": "founded", "expected_version": 1}, format="json")  # fmt: skip
        assert early.status_code == 400 and "trước ngày nhận đơn" in early.json()["detail"]
        absurd = client.post(url + "resolve/", {"resolved_on": "9999-12-31", "resolution_number": "1-KL",
                                                "result": "founded", "expected_version": 1}, format="json")  # fmt: skip
        assert absurd.status_code == 400
        stale = client.post(url + "extend/", {"working_days": 5, "reason": "x", "granted_on": "2026-06-01",
                                              "expected_version": 7}, format="json")  # fmt: skip
        assert stale.status_code == 409
    ok = client.post(url + "extend/", {"working_days": 5, "reason": "Xác minh", "granted_on": "2026-06-01",
                                       "expected_version": 1}, format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["extended_days"] == 5 and len(ok.json()["extensions"]) == 1
    resolved = client.post(url + "resolve/", {"resolved_on": "2026-06-15", "resolution_number": "1-KL",
                                              "result": "unfounded", "expected_version": 2}, format="json")  # fmt: skip
    assert resolved.status_code == 200 and resolved.json()["state"] == "resolved"
    replied = client.post(url + "reply/", {"replied_on": "2026-06-20", "reply_method": "email", "expected_version": 3},
                          format="json")  # fmt: skip
    assert replied.status_code == 200 and replied.json()["state"] == "replied"
    assert api_client(people.inspector_b).post(url + "reply/", {}, format="json").status_code == 404


def test_filters(world: Any, people: Any) -> None:
    denounce(world, received_on=dt.date(2025, 1, 6))
    denounce(world, kind="petition", subject_member=None)
    client = api_client(people.bloc_inspector)
    assert client.get("/api/v1/complaints/", {"kind": "petition"}).json()["count"] == 1
    assert client.get("/api/v1/complaints/", {"overdue": "true", "year": 2025}).json()["count"] == 1
    assert client.get("/api/v1/complaints/", {"organization": world.org_a.pk}).json()["count"] == 2
    outsider = api_client(people.inspector_b)
    assert outsider.get("/api/v1/complaints/", {"organization": world.org_a.pk}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").count() == 1


def test_notices_api(world: Any, people: Any, reprimand: Discipline) -> None:
    client = api_client(people.inspector_a)
    late = client.post("/api/v1/complaint-notices/", {
        "direction": "to_party", "event": "suspension", "member": world.m2.pk, "other_body": "Sở Tài chính",
        "event_date": "2026-03-02", "notice_date": "2026-03-12",
    }, format="json")  # fmt: skip
    assert late.status_code == 201, late.content
    assert late.json()["late"] and late.json()["due_on"] == "2026-03-09"
    proposal = client.post("/api/v1/complaint-notices/", {
        "direction": "from_party", "event": "discipline", "member": world.m1.pk, "other_body": "Sở Tài chính",
        "discipline": reprimand.pk,
    }, format="json")  # fmt: skip
    assert proposal.status_code == 201 and proposal.json()["event_date"] == "2026-03-02"
    notice_id = proposal.json()["id"]
    with nothing_written():
        stale = client.post(f"/api/v1/complaint-notices/{notice_id}/notice-date/",
                            {"notice_date": "2026-03-05", "expected_version": 9}, format="json")  # fmt: skip
        assert stale.status_code == 409
        early = client.post(f"/api/v1/complaint-notices/{notice_id}/notice-date/",
                            {"notice_date": "2026-03-01", "expected_version": 1}, format="json")  # fmt: skip
        assert early.status_code == 400
    dated = client.post(f"/api/v1/complaint-notices/{notice_id}/notice-date/",
                        {"notice_date": "2026-03-05", "expected_version": 1}, format="json")  # fmt: skip
    assert dated.status_code == 200 and dated.json()["late"] is False
    listed = client.get("/api/v1/complaint-notices/").json()
    assert listed["count"] == 2 and all("sentence" in n for n in listed["results"])
    outsider = api_client(people.inspector_b)
    assert outsider.get(f"/api/v1/complaint-notices/{notice_id}/").status_code == 404
    assert outsider.post("/api/v1/complaint-notices/", {
        "direction": "to_party", "event": "suspension", "member": world.m1.pk, "other_body": "X",
        "event_date": "2026-03-02"}, format="json").status_code == 404  # fmt: skip
    assert Notice.objects.count() == 2
