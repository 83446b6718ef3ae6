"""The movements API with the three personas: movements and residence liaison read in scope, written through the
movement services; 404 and logged for ids outside the scope (URL, filter, body); 400 in Vietnamese with nothing
saved; 403 for a member."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.movements import residence
from dangbo.movements.enums import MovementKind
from dangbo.movements.models import Movement, ResidenceFeedback, ResidenceIntroduction
from tests.conftest import World

pytestmark = pytest.mark.django_db


def introduce(world: World, member: Any = None) -> ResidenceIntroduction:
    return residence.introduce(actor=world.officer, member=member or world.m1, introduced_on=dt.date(2025, 2, 3),
                               ward="Phường Ba Đình", residence_cell="Chi bộ Tổ dân phố số 5")  # fmt: skip


def denied_count() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def test_residence_feedback_written_and_read_through_the_api(world: World, api_officer: Any) -> None:
    intro = introduce(world)
    body = {"member": world.m1.pk, "year": 2025, "received_on": "2025-11-12", "assessment": "good",
            "content": "Gương mẫu nơi cư trú."}  # fmt: skip
    made = api_officer.post(reverse("api-residence-feedback-list"), body, format="json")
    assert made.status_code == 201, made.content
    again = api_officer.post(reverse("api-residence-feedback-list"), body, format="json")
    assert again.status_code == 400 and "Đã có nhận xét nơi cư trú năm 2025" in again.json()["detail"]
    listed = api_officer.get(reverse("api-residence-feedback-list"), {"year": 2025}).json()
    assert [r["member"] for r in listed["results"]] == [world.m1.pk]
    fb = made.json()
    fixed = api_officer.patch(reverse("api-residence-feedback-detail", args=[fb["id"]]), {
        "received_on": "2025-11-13", "assessment": "concern", "content": "Cần lưu ý.",
        "expected_version": fb["version"],
    }, format="json")  # fmt: skip
    assert fixed.status_code == 200 and fixed.json()["assessment"] == "concern"
    stale = api_officer.patch(reverse("api-residence-feedback-detail", args=[fb["id"]]), {
        "received_on": "2025-11-13", "assessment": "good", "content": "x", "expected_version": fb["version"],
    }, format="json")  # fmt: skip
    assert stale.status_code == 409
    ended = api_officer.post(reverse("api-residence-introduction-end", args=[intro.pk]),
                             {"ended_on": "2025-12-31", "expected_version": intro.version}, format="json")  # fmt: skip
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2025-12-31"


def test_feedback_for_a_member_never_introduced_is_400_and_nothing_saved(world: World, api_officer: Any) -> None:
    answer = api_officer.post(reverse("api-residence-feedback-list"), {
        "member": world.m2.pk, "year": 2025, "received_on": "2025-11-12", "assessment": "good", "content": "x",
    }, format="json")  # fmt: skip
    assert answer.status_code == 400 and "chưa được giới thiệu" in answer.json()["detail"]
    assert not ResidenceFeedback.objects.exists()


def test_introduce_through_the_api(world: World, api_officer: Any) -> None:
    made = api_officer.post(reverse("api-residence-introduction-list"), {
        "member": world.m2.pk, "introduced_on": "2025-03-01", "ward": "Phường Kim Mã", "residence_cell": "Chi bộ 2",
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["organization"] == world.cell_a1.pk


def test_movement_writes_go_through_the_services_and_read_back(world: World, api_officer: Any) -> None:
    made = api_officer.post(reverse("api-movement-exemption"), {
        "member": world.m2.pk, "applied_on": "2025-05-02", "decision_number": "05-NQ/CB", "decision_date": "2025-05-10",
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    suspended = api_officer.post(reverse("api-movement-suspension"), {
        "member": world.m1.pk, "start": "2025-06-01", "planned_end": "2025-08-29", "decision_number": "9-QĐ/ĐU",
        "decision_date": "2025-05-28",
    }, format="json")  # fmt: skip
    assert suspended.status_code == 201, suspended.content
    listed = api_officer.get(reverse("api-movement-list"), {"kind": MovementKind.EXEMPTION, "year": 2025}).json()
    assert [r["member"] for r in listed["results"]] == [world.m2.pk]
    detail = api_officer.get(reverse("api-movement-detail", args=[made.json()["id"]]))
    assert detail.status_code == 200 and detail.json()["decision_number"] == "05-NQ/CB"
    assert AuditEntry.objects.filter(action="movements.movement.viewed").count() == 1
    transfer = api_officer.post(reverse("api-movement-transfer-internal"), {
        "member": world.m1.pk, "to_organization": world.cell_a2.pk, "on": "2025-09-01", "reason": "Điều động",
    }, format="json")  # fmt: skip
    assert transfer.status_code == 201, transfer.content


def test_temporary_attachment_over_a_year_is_400_and_nothing_saved(world: World, api_officer: Any) -> None:
    before = Movement.objects.count()
    answer = api_officer.post(reverse("api-movement-temporary-out"), {
        "member": world.m1.pk, "start": "2025-01-01", "planned_end": "2026-06-30", "purpose": "work",
        "external_organization": "Chi bộ nơi khác",
    }, format="json")  # fmt: skip
    assert answer.status_code == 400
    assert Movement.objects.count() == before


def test_outsider_gets_404_logged_for_ids_in_url_filter_and_body(world: World, api_outsider: Any) -> None:
    intro = introduce(world)
    Movement.objects.create(kind=MovementKind.EXEMPTION, member=world.m2, from_organization=world.cell_a1,
                            from_path=world.cell_a1.path, start=dt.date(2025, 5, 10))  # fmt: skip
    movement = Movement.objects.get()
    assert api_outsider.get(reverse("api-movement-list")).json()["results"] == []
    assert api_outsider.get(reverse("api-residence-introduction-list")).json()["results"] == []
    start = denied_count()
    assert api_outsider.get(reverse("api-movement-detail", args=[movement.pk])).status_code == 404
    assert api_outsider.get(reverse("api-movement-list"), {"organization": world.org_a.pk}).status_code == 404
    assert api_outsider.get(reverse("api-residence-introduction-detail", args=[intro.pk])).status_code == 404
    body = {"member": world.m1.pk, "year": 2025, "received_on": "2025-11-12", "assessment": "good", "content": "x"}
    assert api_outsider.post(reverse("api-residence-feedback-list"), body, format="json").status_code == 404
    assert denied_count() == start + 4
    assert not ResidenceFeedback.objects.exists()


def test_member_is_refused(world: World, api_member: Any) -> None:
    assert api_member.get(reverse("api-movement-list")).status_code == 403
    assert api_member.get(reverse("api-residence-feedback-list")).status_code == 403
