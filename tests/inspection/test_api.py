"""The inspection API: programmes and cases in scope, a case opened and taken through its steps, the refusals (400
with the rule's message, 403 for a unit only read, 404 logged for ids outside the scope in the URL, a filter or
the body, 409 for a stale version), nothing written on any of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.inspection.enums import Body, CaseState, Stage
from dangbo.inspection.models import Case

from .conftest import advance, make_programme, open_case
from .helpers import nothing_written

pytestmark = pytest.mark.django_db
CASES, PROGRAMMES = "/api/v1/inspection/cases/", "/api/v1/inspection/programmes/"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _step(client: APIClient, case: Case, step: str, data: dict[str, Any], version: int | None = None) -> Any:
    return client.post(f"{CASES}{case.pk}/steps/", {"step": step, "expected_version": version or case.version,
                                                    "data": data}, format="json")  # fmt: skip


def test_case_opened_and_taken_to_a_discipline_through_the_api(world: Any, grassroots_inspector: Any) -> None:
    api = client_for(grassroots_inspector)
    response = api.post(CASES, {
        "organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION, "kind": "suspected_violation",
        "content": "Dấu hiệu vi phạm quy định về tiếp khách", "member": world.m1.pk,
        "decision": {"decision_number": "09-QĐ/UBKT", "decision_date": "2026-03-02", "violation_date": "2025-10-01",
                     "violation_form": "warning"},
        "team": [{"member": world.m2.pk, "role": "leader"}, {"name": "Lê Văn Tám", "position": "Kiểm tra viên"}],
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "in_progress" and body["due_stage"] == "notice" and len(body["stages"]) == 8
    assert [t["display_name"] for t in body["team"]] == ["Đặng Thị Lan", "Lê Văn Tám"]
    case = Case.objects.get()
    for step, day in [("notice", "2026-03-04"), ("report", "2026-03-10"), ("verification", "2026-03-20")]:
        case.refresh_from_db()
        assert _step(api, case, step, {"on": day}).status_code == 200
    case.refresh_from_db()
    response = _step(api, case, "finding", {"found_on": "2026-03-18", "text": "Có vi phạm", "is_violation": True})
    assert response.status_code == 200
    case.refresh_from_db()
    assert _step(api, case, "draft", {"on": "2026-03-25"}).status_code == 200
    case.refresh_from_db()
    response = _step(api, case, "conclusion", {
        "concluded_on": "2026-04-01", "result": "discipline", "conclusion": "Vi phạm, cảnh cáo", "form": "warning",
        "decision_number": "11-QĐ/UBKT", "votes_for": 4, "voters_entitled": 5,
    })  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["discipline"] == Discipline.objects.get().pk
    assert response.json()["state"] == CaseState.CONCLUDED
    assert api.get(f"{CASES}{case.pk}/steps/").json()[5]["done"] == "2026-04-01"


def test_refusal_answers_400_with_the_rule_and_nothing_saved(world: Any, grassroots_inspector: Any) -> None:
    case = open_case(world)
    api = client_for(grassroots_inspector)
    with nothing_written():
        response = _step(api, case, "verification", {"on": "2026-03-10"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Chưa thể ghi “Thẩm tra, xác minh”: cần xong bước “Đối tượng báo cáo” trước."
    with nothing_written():
        response = _step(api, case, "notice", {"on": "tomorrow"})
    assert response.status_code == 400 and response.json()["field"] == "data.on"
    with nothing_written():
        response = _step(api, case, "notice", {"on": "2026-03-04"}, version=case.version + 5)
    assert response.status_code == 409
    with nothing_written():
        response = _step(api, case, "notice", {"on": "0001-01-01"})
    assert response.status_code == 400 and "không hợp lệ: trước năm 2000" in response.json()["detail"]
    with nothing_written():
        response = _step(api, case, "finding", {"found_on": "2026-03-05", "text": "x" * 4001})
    assert response.status_code == 400 and response.json()["field"] == "data.text"


def test_limitation_refusal_names_the_rule(world: Any, grassroots_inspector: Any) -> None:
    with nothing_written():
        response = client_for(grassroots_inspector).post(CASES, {
            "organization": world.org_a.pk, "body": Body.INSPECTION_COMMISSION, "kind": "suspected_violation",
            "content": "x", "member": world.m1.pk,
            "decision": {"decision_number": "1", "decision_date": "2026-03-02", "violation_date": "2016-01-01",
                         "violation_form": "warning"},
        }, format="json")  # fmt: skip
    assert response.status_code == 400
    assert "đã hết thời hiệu xử lý kỷ luật: thời hiệu 10 năm kết thúc ngày 01/01/2026" in response.json()["detail"]
    assert "Quy định 69-QĐ/TW" in response.json()["detail"]


def test_ids_outside_the_scope_are_404_and_logged(world: Any, as_outsider: Any) -> None:
    programme = make_programme(world.org_a)
    case = open_case(world)
    api = client_for(world.outsider)
    with nothing_written():
        assert api.get(f"{CASES}{case.pk}/").status_code == 404
        assert api.get(f"{PROGRAMMES}{programme.pk}/").status_code == 404
        assert api.get(CASES, {"organization": world.org_a.pk}).status_code == 404
        assert api.get(CASES, {"programme": programme.pk}).status_code == 404
        assert _step(api, case, "notice", {"on": "2026-03-04"}).status_code == 404
        response = api.post(CASES, {"organization": world.org_b.pk, "body": "committee", "kind": "routine_supervision",
                                    "content": "x", "member": world.m1.pk}, format="json")  # fmt: skip
        assert response.status_code == 404
        response = api.post(
            CASES,
            {
                "organization": world.org_a.pk,
                "body": "committee",
                "kind": "routine_supervision",
                "content": "x",
                "subject_organization": world.cell_b1.pk,
            },
            format="json",
        )
        assert response.status_code == 404
    denied = set(AuditEntry.objects.filter(action="core.access.denied").values_list("object_type", "object_id"))
    assert {("inspection_case", str(case.pk)), ("inspection_programme", str(programme.pk)),
            ("member", str(world.m1.pk)), ("organization", str(world.org_a.pk))} <= denied  # fmt: skip
    assert api.get(CASES).json()["count"] == 0


def test_reader_without_the_right_over_the_unit_gets_403(world: Any, inspector: Any) -> None:
    """The bloc officer of the organization board sees nothing of inspection; a member has no API."""
    case = open_case(world)
    assert client_for(world.bloc_officer).get(CASES).status_code == 403
    assert client_for(world.member_user).get(CASES).status_code == 403
    secretary_case = advance(case, until=Stage.NOTICE)
    assert client_for(inspector).get(f"{CASES}{secretary_case.pk}/").status_code == 200


def test_programme_create_and_correct(world: Any, grassroots_inspector: Any) -> None:
    api = client_for(grassroots_inspector)
    response = api.post(PROGRAMMES, {"organization": world.org_a.pk, "body": "inspection_commission", "year": 2026,
                                     "number": "01-CTr", "approved_on": "2026-01-05", "title": "Chương trình"},
                        format="json")  # fmt: skip
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api.patch(
        f"{PROGRAMMES}{pk}/",
        {"expected_version": 1, "number": "02-CTr", "approved_on": "2026-01-06", "title": "Mới"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    with nothing_written():
        response = api.post(
            PROGRAMMES,
            {
                "organization": world.org_a.pk,
                "body": "inspection_commission",
                "year": 2026,
                "number": "03",
                "approved_on": "2026-01-05",
                "title": "X",
            },
            format="json",
        )
    assert response.status_code == 400 and "đã có chương trình" in response.json()["detail"]
    assert api.get(PROGRAMMES, {"year": 2026}).json()["count"] == 1


def test_filters_by_overdue_kind_and_name(world: Any, grassroots_inspector: Any) -> None:
    late = open_case(world, on=dt.date(2025, 6, 2), violation=dt.date(2025, 1, 1))
    api = client_for(grassroots_inspector)
    assert [c["id"] for c in api.get(CASES, {"overdue": "true"}).json()["results"]] == [late.pk]
    assert api.get(CASES, {"kind": "party_finance"}).json()["count"] == 0
    assert api.get(CASES, {"q": "nguyen van"}).json()["count"] == 1
    assert AuditEntry.objects.filter(action="inspection.case.viewed").count() == 0
    api.get(f"{CASES}{late.pk}/")
    assert AuditEntry.objects.filter(action="inspection.case.viewed", data__via="api").count() == 1
