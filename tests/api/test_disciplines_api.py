"""Disciplines API: scope (404 and logged outside it), the full record audited with its verdicts, recording a decision
and its refusals (nothing written), appeal and settlement with a stale version (409)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from tests.conftest import World
from tests.factories import make_user

from .conftest import api_client

URL = "/api/v1/disciplines/"


def decide(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": None, "member": world.m1, "form": "warning", "violation_date": dt.date(2025, 5, 3),
        "decision_date": dt.date(2025, 6, 2), "decision_number": "15-QĐ/ĐU", "deciding_organization": world.org_a,
        "votes_for": 8, "voters_entitled": 11, "received_on": dt.date(2025, 6, 2),
    }  # fmt: skip
    data.update(overrides)
    return record_discipline(**data)


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member": world.m2.pk, "form": "reprimand", "deciding_organization": world.org_a.pk,
        "violation_date": "2025-05-03", "decision_date": "2025-06-02", "decision_number": "7-QĐ/ĐU",
        "votes_for": 6, "voters_entitled": 11,
    }  # fmt: skip
    data.update(overrides)
    return data


def writes() -> tuple[int, int]:
    return Discipline.objects.count(), AuditEntry.objects.exclude(action="core.access.denied").count()


def test_the_list_is_scoped_and_says_where_each_stands(world: World, api_officer: APIClient) -> None:
    mine = decide(world)
    decide(world, member=world.m3, deciding_organization=world.org_b, decision_number="9")
    rows = api_officer.get(URL).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["lapses_on"] == "2026-06-03" and rows[0]["form"] == "warning"
    assert api_officer.get(URL, {"state": "annulled"}).json()["results"] == []


def test_the_full_record_is_audited_and_explains_its_verdicts(world: World, api_officer: APIClient) -> None:
    d = decide(world)
    data = api_officer.get(f"{URL}{d.pk}/").json()
    assert [v["code"] for v in data["verdicts"]] == ["form", "vote", "competence", "limitation", "appeal", "lapse"]
    assert data["appeal_deadline"] == "2025-07-14"
    assert AuditEntry.objects.filter(action="discipline.discipline.viewed", object_id=str(d.pk)).exists()


def test_out_of_scope_ids_answer_404_and_are_logged(world: World, api_outsider: APIClient) -> None:
    d = decide(world)
    assert api_outsider.get(f"{URL}{d.pk}/").status_code == 404
    assert api_outsider.get(URL, {"organization": world.org_a.pk}).status_code == 404
    before = writes()
    assert api_outsider.post(URL, body(world, deciding_organization=world.org_b.pk), format="json").status_code == 404
    assert writes() == before
    denied = AuditEntry.objects.filter(action="core.access.denied").values_list("object_id", flat=True)
    assert {str(d.pk), str(world.org_a.pk), str(world.m2.pk)} <= set(denied)


def test_a_member_has_no_discipline_api(world: World, api_member: APIClient) -> None:
    assert api_member.get(URL).status_code == 403


def test_recording_a_decision(world: World, api_officer: APIClient) -> None:
    response = api_officer.post(URL, body(world), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["votes_for"] == 6 and response.json()["state"] in ("in_force", "lapsed")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"votes_for": None, "voters_entitled": None}, "Cần ghi số phiếu tán thành"),
        ({"votes_for": None, "voters_entitled": None, "paper_record": True}, "cần ghi chú nguồn hồ sơ"),
        ({"votes_for": 12}, "Số phiếu tán thành (12) không được lớn hơn số thành viên có quyền biểu quyết (11)."),
        ({"form": "dismissal", "votes_for": 9}, "không giữ chức vụ nào"),
        ({"violation_date": "2020-06-01", "decision_date": "2025-06-02"}, "đã hết thời hiệu xử lý kỷ luật"),
        ({"decision_date": "2200-01-01"}, "không được sau ngày hôm nay"),
        ({"violation_date": "1900-01-01"}, "không được trước ngày 03/02/1930"),
    ],
)
def test_refusals_write_nothing(world: World, api_officer: APIClient, overrides: dict[str, Any], message: str) -> None:
    before = writes()
    response = api_officer.post(URL, body(world, **overrides), format="json")
    assert response.status_code == 400
    assert message in str(response.json()), response.json()
    assert writes() == before


def test_appeal_late_refused_then_settled_with_a_stale_version(world: World, api_officer: APIClient) -> None:
    d = decide(world)
    late = api_officer.post(f"{URL}{d.pk}/appeal/", {"filed_on": "2025-07-15", "expected_version": 1}, format="json")
    assert late.status_code == 400 and "hạn cuối là ngày 14/07/2025" in str(late.json())
    ok = api_officer.post(f"{URL}{d.pk}/appeal/", {"filed_on": "2025-07-14", "expected_version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "appealed"
    settle = {"result": "annulled", "decided_on": "2025-08-01", "decision_number": "2", "expected_version": 1}
    assert api_officer.post(f"{URL}{d.pk}/settle/", settle, format="json").status_code == 409
    done = api_officer.post(f"{URL}{d.pk}/settle/", {**settle, "expected_version": 2}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "annulled"


def test_only_those_who_manage_the_unit_record_an_appeal(world: World) -> None:
    d = decide(world)
    inspector_b = make_user("ubkt_b", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_b)
    response = api_client(inspector_b).post(f"{URL}{d.pk}/appeal/", {"filed_on": "2025-06-03",
                                                                     "expected_version": 1}, format="json")  # fmt: skip
    assert response.status_code == 404
