"""The movements API's writes beyond the first four: transfers out of, into and inside the tree (accept, decline,
cancel, letter, hand-over), temporary attachment in and its end, the steps of an exemption, a suspension and going
abroad. Each goes through its service; a stale version answers 409, an id outside the scope 404 (logged), a step
on a side the user does not manage 403, a refused rule 400 in Vietnamese, and nothing is written when refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements import standing, transfers
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement
from tests.conftest import World
from tests.factories import make_user
from tests.movements.helpers import nothing_written

from .conftest import api_client

pytestmark = pytest.mark.django_db

SHEET = {
    "family_name": "Lê", "middle_name": "Thị", "given_name": "Hoa", "gender": "female", "birth_date": "1990-04-02",
    "admission_decision_date": "2015-05-19", "ceremony_date": "2015-06-01", "full_membership_date": "2016-06-01",
    "citizen_id": "001190000123", "card_number": "09000123", "organization": 0, "joined_on": "2026-03-16",
    "external_organization": "Đảng bộ Sở Y tế tỉnh Nam Định", "letter_number": "41-GGT/ĐUK",
    "letter_date": "2026-03-09",
}  # fmt: skip


def step(client: APIClient, movement: Movement | int, name: str, **body: Any) -> Any:
    pk = movement if isinstance(movement, int) else movement.pk
    return client.post(reverse(f"api-movement-{name}", args=[pk]), body, format="json")


def version(movement: Movement) -> int:
    return Movement.objects.get(pk=movement.pk).version


def denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def waiting_transfer(world: World) -> Movement:
    """canbo_a sends m1 to a cell of the other grassroots organization: it waits for canbo_b."""
    return transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_b1,
                                       on=dt.date(2026, 3, 2), reason="Điều động công tác")  # fmt: skip


def test_the_receiving_side_accepts_a_waiting_transfer(world: World, api_officer: Any, api_outsider: Any) -> None:
    movement = waiting_transfer(world)
    with nothing_written():
        assert step(api_officer, movement, "accept", expected_version=movement.version).status_code == 403
        assert step(api_outsider, movement, "accept", expected_version=movement.version + 1).status_code == 409
        assert step(api_outsider, movement, "decline", expected_version=movement.version).status_code == 400
    answer = step(api_outsider, movement, "accept", expected_version=movement.version)
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == MovementState.DONE
    assert Member.objects.get(pk=world.m1.pk).organization_id == world.cell_b1.pk
    again = step(api_outsider, movement, "accept", expected_version=version(movement))
    assert again.status_code == 400 and "đang chờ nơi nhận" in again.json()["detail"]


def test_decline_by_the_receiver_and_cancel_by_the_sender(world: World, api_officer: Any, api_outsider: Any) -> None:
    movement = waiting_transfer(world)
    assert step(api_officer, movement, "decline", reason="x", expected_version=movement.version).status_code == 403
    declined = step(api_outsider, movement, "decline", reason="Chưa có biên chế", expected_version=movement.version)
    assert declined.status_code == 200 and declined.json()["state"] == MovementState.CANCELLED
    second = waiting_transfer(world)
    assert step(api_outsider, second, "cancel", reason="x", expected_version=second.version).status_code == 403
    cancelled = step(api_officer, second, "cancel", reason="Không chuyển nữa", expected_version=second.version)
    assert cancelled.status_code == 200 and "Hủy: Không chuyển nữa" in cancelled.json()["note"]
    assert Member.objects.get(pk=world.m1.pk).organization_id == world.cell_a1.pk


def test_transfer_out_letter_and_hand_over(world: World, api_officer: Any, api_outsider: Any) -> None:
    made = api_officer.post(reverse("api-movement-transfer-out"), {
        "member": world.m2.pk, "external_organization": "Đảng bộ Sở Y tế tỉnh Hà Nam", "cause_date": "2026-02-02",
        "reason": "Chuyển công tác",
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    movement = Movement.objects.get(pk=made.json()["id"])
    assert movement.state == MovementState.OPEN and Member.objects.get(pk=world.m2.pk).status == MemberStatus.FULL
    with nothing_written():
        early = step(api_officer, movement, "hand-over", handed_over_on="2026-03-01", expected_version=movement.version)
        assert early.status_code == 400 and "giấy giới thiệu" in early.json()["detail"]
    start = denied()
    assert step(api_outsider, movement, "letter", letter_number="7", letter_date="2026-02-05",
                expected_version=movement.version).status_code == 404  # fmt: skip
    assert denied() == start + 1
    letter = step(api_officer, movement, "letter", letter_number="7-GGT/ĐUK", letter_date="2026-02-05",
                  channel="portal", portal_reference="G01.123", expected_version=movement.version)  # fmt: skip
    assert letter.status_code == 200 and letter.json()["portal_reference"] == "G01.123"
    with nothing_written():
        stale = step(api_officer, movement, "hand-over", handed_over_on="2026-03-01", expected_version=movement.version)
        assert stale.status_code == 409
    done = step(api_officer, movement, "hand-over", handed_over_on="2026-03-01", expected_version=version(movement))
    assert done.status_code == 200 and done.json()["state"] == MovementState.DONE
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.TRANSFERRED_OUT


def test_transfer_in_refuses_a_known_member_and_asks_to_confirm_a_namesake(world: World, api_officer: Any) -> None:
    url = reverse("api-movement-transfer-in")
    body = {**SHEET, "organization": world.cell_a2.pk}
    with nothing_written():
        exact = api_officer.post(url, {**body, "card_number": world.m3.card_number}, format="json")
        assert exact.status_code == 400 and exact.json()["code"] == "duplicate"
        assert "Số CCCD hoặc số thẻ đảng viên đã có" in exact.json()["detail"]
    twin = {**body, "family_name": world.m2.family_name, "middle_name": world.m2.middle_name,
            "given_name": world.m2.given_name, "birth_date": world.m2.birth_date.isoformat()}  # fmt: skip
    with nothing_written():
        similar = api_officer.post(url, twin, format="json")
        assert similar.status_code == 409, similar.content
        answer = similar.json()
        assert (answer["code"], answer["field"]) == ("similar", "confirm_duplicate")
        assert "cùng họ, tên và ngày sinh" in answer["detail"]
    made = api_officer.post(url, {**twin, "confirm_duplicate": True}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == MovementKind.TRANSFER_IN and made.json()["letter_number"] == "41-GGT/ĐUK"
    assert Member.objects.filter(pk=made.json()["member"], organization=world.cell_a2).exists()


def test_transfer_in_to_a_cell_outside_the_scope_is_404_and_logged(world: World, api_officer: Any) -> None:
    start = denied()
    with_audit = AuditEntry.objects.count()
    answer = api_officer.post(reverse("api-movement-transfer-in"), {**SHEET, "organization": world.cell_b1.pk},
                              format="json")  # fmt: skip
    assert answer.status_code == 404
    assert denied() == start + 1 and AuditEntry.objects.count() == with_audit + 1
    assert not Member.objects.filter(citizen_id=SHEET["citizen_id"]).exists()


def test_temporary_in_and_its_end(world: World, api_officer: Any, api_outsider: Any) -> None:
    body = {"person_name": "Phạm Văn Tâm", "external_organization": "Chi bộ Trường Chính trị tỉnh Thái Bình",
            "to_organization": world.cell_a2.pk, "start": "2026-01-05", "planned_end": "2026-06-30",
            "purpose": "work"}  # fmt: skip
    start = denied()
    assert api_outsider.post(reverse("api-movement-temporary-in"), body, format="json").status_code == 404
    assert denied() == start + 1
    made = api_officer.post(reverse("api-movement-temporary-in"), body, format="json")
    assert made.status_code == 201, made.content
    movement = Movement.objects.get(pk=made.json()["id"])
    assert made.json()["member_name"] == "Phạm Văn Tâm"
    with nothing_written():
        early = step(api_officer, movement, "temporary-return", on="2026-01-05", expected_version=movement.version)
        assert early.status_code == 400 and "phải sau ngày bắt đầu" in early.json()["detail"]
    ended = step(api_officer, movement, "temporary-return", on="2026-06-20", expected_version=movement.version)
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-06-20"


def test_exemption_and_suspension_steps(world: World, api_officer: Any) -> None:
    exemption = standing.record_exemption(actor=world.officer, member=world.m2, applied_on=dt.date(2026, 1, 5),
                                          decision_number="05-NQ/CB", decision_date=dt.date(2026, 1, 12))  # fmt: skip
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.EXEMPT
    informed = step(api_officer, exemption, "exemption-informed", informed_on="2026-01-15",
                    expected_version=exemption.version)  # fmt: skip
    assert informed.status_code == 200 and informed.json()["informed_on"] == "2026-01-15"
    with nothing_written():
        stale = step(api_officer, exemption, "exemption-end", decision_number="9-NQ/CB", decision_date="2026-05-04",
                     expected_version=exemption.version)  # fmt: skip
        assert stale.status_code == 409
    ended = step(api_officer, exemption, "exemption-end", decision_number="9-NQ/CB", decision_date="2026-05-04",
                 expected_version=version(exemption))  # fmt: skip
    assert ended.status_code == 200 and Member.objects.get(pk=world.m2.pk).status == MemberStatus.FULL
    suspension = standing.record_suspension(
        actor=world.officer, member=world.m1, start=dt.date(2026, 2, 1), planned_end=dt.date(2026, 4, 30),
        decision_number="3-QĐ/ĐU", decision_date=dt.date(2026, 1, 28),
    )  # fmt: skip
    with nothing_written():
        late = step(api_officer, suspension, "suspension-end", on="2026-08-15", decision_number="4-QĐ/ĐU",
                    decision_date="2026-04-01", expected_version=suspension.version)  # fmt: skip
        assert late.status_code == 400 and "không cần chấm dứt sớm" in late.json()["detail"]
        wrong_kind = step(api_officer, suspension, "exemption-informed", informed_on="2026-02-02",
                          expected_version=suspension.version)  # fmt: skip
        assert wrong_kind.status_code == 400
    lifted = step(api_officer, suspension, "suspension-end", on="2026-04-15", decision_number="4-QĐ/ĐU",
                  decision_date="2026-04-01", expected_version=suspension.version)  # fmt: skip
    assert lifted.status_code == 200 and lifted.json()["ended_on"] == "2026-04-15"


def test_going_abroad_step_by_step_and_the_approval_belongs_to_the_grassroots(world: World, api_officer: Any) -> None:
    secretary = api_client(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    made = secretary.post(reverse("api-movement-apply-abroad"), {
        "member": world.m1.pk, "applied_on": "2026-01-05", "country": "Nhật Bản", "planned_start": "2026-02-01",
        "planned_end": "2026-02-20", "reason": "Thăm thân",
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    movement = Movement.objects.get(pk=made.json()["id"])
    with nothing_written():
        too_soon = step(secretary, movement, "abroad-departure", on="2026-02-01", expected_version=movement.version)
        assert too_soon.status_code == 400 and "theo thứ tự" in too_soon.json()["detail"]
    assert step(secretary, movement, "abroad-opinion", opinion_on="2026-01-08",
                expected_version=movement.version).status_code == 200  # fmt: skip
    with nothing_written():
        refused = step(secretary, movement, "abroad-approve", approved_on="2026-01-12",
                       expected_version=version(movement))  # fmt: skip
        assert refused.status_code == 403
    approved = step(api_officer, movement, "abroad-approve", approved_on="2026-01-12", decision_number="12-CV/ĐU",
                    expected_version=version(movement))  # fmt: skip
    assert approved.status_code == 200, approved.content
    left = step(secretary, movement, "abroad-departure", on="2026-02-01", expected_version=version(movement))
    assert left.status_code == 200 and Member.objects.get(pk=world.m1.pk).status == MemberStatus.ABROAD
    back = step(secretary, movement, "abroad-return", on="2026-02-18", expected_version=version(movement))
    assert back.status_code == 200 and Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL
    report = step(secretary, movement, "abroad-report", report_on="2026-02-25", expected_version=version(movement))
    assert report.status_code == 200 and report.json()["state"] == MovementState.DONE


def test_steps_refused_to_a_member_and_for_movements_outside_the_scope(
    world: World, api_member: Any, api_outsider: Any
) -> None:
    exemption = standing.record_exemption(actor=world.officer, member=world.m2, applied_on=dt.date(2026, 1, 5),
                                          decision_number="05-NQ/CB", decision_date=dt.date(2026, 1, 12))  # fmt: skip
    assert step(api_member, exemption, "exemption-informed", informed_on="2026-01-15",
                expected_version=exemption.version).status_code == 403  # fmt: skip
    start = denied()
    for name, body in (("exemption-informed", {"informed_on": "2026-01-15"}), ("accept", {}),
                       ("temporary-return", {"on": "2026-02-02"})):  # fmt: skip
        answer = step(api_outsider, exemption, name, expected_version=exemption.version, **body)
        assert answer.status_code == 404
    assert denied() == start + 3 and version(exemption) == exemption.version
    assert step(api_outsider, 10**9, "accept", expected_version=1).status_code == 404
