"""The plans' API: tasks and progress scoped like the pages, creates refused in Vietnamese with nothing saved, ids
outside the scope in a body answering 404 and logged."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from dangbo.core.audit import AuditEntry
from dangbo.planning.models import Plan, PlanTask, TaskProgress

from .plan_world import PlanWorld

pytestmark = pytest.mark.django_db
BASE = "/api/v1"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def test_tasks_listed_as_the_pages_show_them(pw: PlanWorld) -> None:
    mine = client_for(pw.w.officer).get(f"{BASE}/plan-tasks/", {"plan": pw.plan.pk}).json()["results"]
    assert sorted(t["number"] for t in mine) == ["2.1", "3.1"]
    everything = client_for(pw.w.bloc_officer).get(f"{BASE}/plan-tasks/", {"plan": pw.plan.pk}).json()["results"]
    assert len(everything) == 6
    ua = next(t for t in everything if t["number"] == "2.1")
    assert ua["overdue"] and ua["owner"] == pw.w.org_a.name
    assert client_for(pw.w.outsider).get(f"{BASE}/plan-tasks/{pw.ua.pk}/").status_code == 404
    assert client_for(pw.w.member_user).get(f"{BASE}/plan-tasks/").status_code == 403


def test_task_create_refusals_and_success(pw: PlanWorld) -> None:
    bloc = client_for(pw.w.bloc_officer)
    body = {"plan": pw.plan.pk, "number": "7.1", "title": "Việc mới", "deadline_kind": "none"}
    answer = bloc.post(f"{BASE}/plan-tasks/", body, format="json")
    assert answer.status_code == 400 and "Nhiệm vụ phải có ban hoặc đơn vị chủ trì." in str(answer.json())
    early = {**body, "owner_kind": "board", "board": "office", "deadline_kind": "date", "due_on": "2025-03-01"}
    answer = bloc.post(f"{BASE}/plan-tasks/", early, format="json")
    assert answer.status_code == 400 and "không được trước ngày ban hành kế hoạch" in str(answer.json())
    assert not PlanTask.objects.filter(number="7.1").exists()
    ok = {**body, "owner_kind": "unit", "unit": pw.w.org_b.pk, "coordinating_boards": ["organization"]}
    assert bloc.post(f"{BASE}/plan-tasks/", ok, format="json").status_code == 201
    officer = client_for(pw.w.officer).post(f"{BASE}/plan-tasks/", {**ok, "number": "7.2"}, format="json")
    assert officer.status_code == 403


def test_progress_create_by_the_owner_and_refused_outside(pw: PlanWorld) -> None:
    body = {"task": pw.ua.pk, "reported_on": "2026-11-20", "stage": "in_progress", "percent": 30,
            "result": "Đang thực hiện"}  # fmt: skip
    before = denied()
    assert client_for(pw.w.outsider).post(f"{BASE}/plan-progress/", body, format="json").status_code == 404
    assert denied() == before + 1
    bad = client_for(pw.w.officer).post(f"{BASE}/plan-progress/", {**body, "percent": 120}, format="json")
    assert bad.status_code == 400 and "Tỷ lệ hoàn thành phải từ 0 đến 100%." in str(bad.json())
    assert not TaskProgress.objects.exists()
    made = client_for(pw.w.officer).post(f"{BASE}/plan-progress/", body, format="json")
    assert made.status_code == 201 and made.json()["organization"] == pw.w.org_a.pk
    listed = client_for(pw.w.outsider).get(f"{BASE}/plan-progress/").json()["results"]
    assert listed == []
    assert len(client_for(pw.w.bloc_officer).get(f"{BASE}/plan-progress/").json()["results"]) == 1


def test_plan_create(pw: PlanWorld) -> None:
    body = {"issuer": pw.w.bloc.pk, "document_number": "50-KH/ĐUK", "title": "Kế hoạch năm", "issued_on": "2026-01-05",
            "year_from": 2026, "year_to": 2026}  # fmt: skip
    assert client_for(pw.w.officer).post(f"{BASE}/plans/", body, format="json").status_code == 403
    bad = client_for(pw.w.bloc_officer).post(f"{BASE}/plans/", {**body, "year_to": 2025}, format="json")
    assert bad.status_code == 400 and not Plan.objects.filter(document_number="50-KH/ĐUK").exists()
    made = client_for(pw.w.bloc_officer).post(f"{BASE}/plans/", body, format="json")
    assert made.status_code == 201 and made.json()["document"] is None  # the library has no 50-KH/ĐUK of 2026
