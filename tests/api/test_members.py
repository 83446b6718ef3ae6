"""/api/v1/members/: scoped list and record, filters, search, pagination, create and edit through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from tests.conftest import World
from tests.factories import make_member, make_user

from .conftest import api_client, count_queries, ids

LIST = reverse("api-member-list")


def detail(pk: int) -> str:
    return reverse("api-member-detail", args=[pk])


def new_member(organization: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": organization,
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Ánh",
        "gender": "female",
        "birth_date": "1990-03-15",
        "admission_decision_date": "2020-05-19",
        "ceremony_date": "2020-06-01",
        "citizen_id": "001190000777",
        "card_number": "02000777",
    }
    data.update(overrides)
    return data


# ---- list and record -----------------------------------------------------------------------------


def test_member_list_officer_sees_exactly_their_subtree_in_vietnamese_order(world: World, api_officer) -> None:
    response = api_officer.get(LIST)
    assert response.status_code == 200
    assert ids(response) == [world.m1.pk, world.m2.pk]  # Hùng before Lan: given name first


def test_member_list_bloc_officer_order_is_by_given_name(world: World, api_bloc) -> None:
    names = [row["full_name"] for row in api_bloc.get(LIST).json()["results"]]
    assert names == ["Trần Quốc Bảo", "Nguyễn Văn Hùng", "Đặng Thị Lan"]


def test_member_list_member_sees_only_themself(world: World, api_member) -> None:
    assert ids(api_member.get(LIST)) == [world.m1.pk]


def test_member_list_outsider_sees_only_their_unit(world: World, api_outsider) -> None:
    assert ids(api_outsider.get(LIST)) == [world.m3.pk]


def test_member_list_user_without_role_is_empty(world: World) -> None:
    response = api_client(make_user("khong_vai_tro")).get(LIST)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_member_list_leaves_out_the_citizen_id(world: World, api_officer) -> None:
    rows = api_officer.get(LIST).json()["results"]
    assert all("citizen_id" not in row and "phone" not in row for row in rows)
    assert "034080000001" not in api_officer.get(LIST).content.decode()


def test_member_detail_officer_reads_the_full_record_and_it_is_audited(world: World, api_officer) -> None:
    response = api_officer.get(detail(world.m2.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["citizen_id"] == "034080000002"
    assert body["full_name"] == "Đặng Thị Lan"
    assert body["organization_name"] == "Chi bộ Phòng Ngân sách"
    assert body["status"] == MemberStatus.FULL
    assert body["version"] == 1
    assert body["party_seniority_years"] == 21  # admitted 19/05/2005
    entry = AuditEntry.objects.get(action="members.member.viewed")
    assert (entry.actor, entry.object_id, entry.scope_path) == (world.officer, str(world.m2.pk), world.cell_a1.path)


def test_member_detail_member_reads_their_own_record(world: World, api_member) -> None:
    response = api_member.get(detail(world.m1.pk))
    assert response.status_code == 200
    assert response.json()["citizen_id"] == "034080000001"
    assert AuditEntry.objects.filter(action="members.member.viewed", actor=world.member_user).count() == 1


def test_member_detail_member_gets_404_on_a_fellow_member(world: World, api_member) -> None:
    assert api_member.get(detail(world.m2.pk)).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.member_user, "member", str(world.m2.pk))
    assert not AuditEntry.objects.filter(action="members.member.viewed").exists()


def test_member_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    response = api_outsider.get(detail(world.m1.pk))
    assert response.status_code == 404
    assert "034080000001" not in response.content.decode()
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "member", str(world.m1.pk))
    assert entry.data == {"path": detail(world.m1.pk)}


# ---- filters, search, pagination -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["dang", "ĐẶNG", "dang thi lan", "lan"])
def test_member_search_is_accent_insensitive(world: World, api_bloc, text: str) -> None:
    assert ids(api_bloc.get(LIST, {"q": text})) == [world.m2.pk]


def test_member_search_without_accents_finds_the_full_name(world: World, api_bloc) -> None:
    assert ids(api_bloc.get(LIST, {"q": "nguyen van hung"})) == [world.m1.pk]


def test_member_search_stays_in_scope(world: World, api_outsider) -> None:
    assert ids(api_outsider.get(LIST, {"q": "dang"})) == []


def test_member_filter_by_status_gender_and_subtree(world: World, api_bloc) -> None:
    make_member(organization=world.cell_a2, given_name="Mai", gender="female", full_membership_date=None)
    probationary = Member.objects.get(given_name="Mai")
    assert ids(api_bloc.get(LIST, {"status": MemberStatus.PROBATIONARY})) == [probationary.pk]
    both = api_bloc.get(f"{LIST}?status=full&status=probationary")
    assert len(ids(both)) == 4
    assert ids(api_bloc.get(LIST, {"gender": "female"})) == [world.m2.pk, probationary.pk]
    assert ids(api_bloc.get(LIST, {"to_chuc": world.org_a.pk})) == [world.m1.pk, world.m2.pk, probationary.pk]
    assert ids(api_bloc.get(LIST, {"to_chuc": world.cell_b1.pk})) == [world.m3.pk]


def test_member_filter_by_subtree_outside_the_scope_is_404_and_logged(world: World, api_officer) -> None:
    """Like an id in a URL: 404, and the attempt on an existing organization is logged (an unknown id is not)."""
    assert api_officer.get(LIST, {"to_chuc": world.org_b.pk}).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.officer, "organization", str(world.org_b.pk))
    assert api_officer.get(LIST, {"to_chuc": 999_999}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1


@pytest.mark.parametrize("params", [{"to_chuc": "abc"}, {"status": "khong_co"}, {"gender": "x"}])
def test_member_filter_with_bad_value_is_400(world: World, api_officer, params: dict[str, str]) -> None:
    assert api_officer.get(LIST, params).status_code == 400


def test_member_list_is_paginated(world: World, api_bloc) -> None:
    first = api_bloc.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 3
    assert [r["id"] for r in first["results"]] == [world.m3.pk, world.m1.pk]
    assert first["previous"] is None and "page=2" in first["next"]
    second = api_bloc.get(LIST, {"page_size": 2, "page": 2}).json()
    assert [r["id"] for r in second["results"]] == [world.m2.pk]
    assert second["next"] is None
    beyond = api_bloc.get(LIST, {"page": 9})
    assert beyond.status_code == 400
    assert beyond.json()["errors"] == {"page": ["Không có trang 9: danh sách có 1 trang."]}


def test_member_list_default_page_holds_fifty_rows(world: World, api_bloc) -> None:
    for n in range(48):
        make_member(organization=world.cell_b1, given_name=f"Thử {n:02d}")
    body = api_bloc.get(LIST).json()
    assert body["count"] == 51
    assert len(body["results"]) == 50
    assert len(api_bloc.get(LIST, {"page": 2}).json()["results"]) == 1


def test_member_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2))
    make_member(organization=world.cell_a2)
    assert len(ids(client.get(LIST))) == 1
    one = count_queries(lambda: client.get(LIST))
    make_member(organization=world.cell_a2)
    make_member(organization=world.cell_a2)
    assert len(ids(client.get(LIST))) == 3
    assert count_queries(lambda: client.get(LIST)) == one


# ---- create --------------------------------------------------------------------------------------


def test_member_create_by_officer_registers_a_probationary_member(world: World, api_officer) -> None:
    response = api_officer.post(LIST, new_member(world.cell_a2.pk), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert (member.full_name, member.organization, member.status) == ("Lê Thị Ánh", world.cell_a2, "probationary")
    assert body["citizen_id"] == "001190000777"
    assert member.memberships.get().organization == world.cell_a2
    entry = AuditEntry.objects.get(action="members.member.created", actor=world.officer)
    assert entry.object_id == str(member.pk)


def test_member_create_by_member_is_403_and_saves_nothing(world: World, api_member) -> None:
    response = api_member.post(LIST, new_member(world.cell_a1.pk), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền cập nhật đảng viên."
    assert Member.objects.count() == 3


def test_member_create_in_a_cell_of_another_unit_is_404_logged_and_saves_nothing(world: World, api_outsider) -> None:
    response = api_outsider.post(LIST, new_member(world.cell_a1.pk), format="json")
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "organization", str(world.cell_a1.pk))
    assert Member.objects.count() == 3


def test_member_create_under_18_at_admission_is_400_and_saves_nothing(world: World, api_officer) -> None:
    response = api_officer.post(LIST, new_member(world.cell_a2.pk, birth_date="2003-01-01"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Đảng viên chưa đủ 18 tuổi tại ngày quyết định kết nạp (19/05/2020).",
        "field": "admission_decision_date",
        "code": "invalid",
        "errors": {"admission_decision_date": ["Đảng viên chưa đủ 18 tuổi tại ngày quyết định kết nạp (19/05/2020)."]},
    }
    assert Member.objects.count() == 3
    assert not AuditEntry.objects.filter(action="members.member.created", actor=world.officer).exists()


def test_member_create_with_a_duplicate_citizen_id_is_400_and_saves_nothing(world: World, api_officer) -> None:
    response = api_officer.post(LIST, new_member(world.cell_a2.pk, citizen_id="034080000003"), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Số CCCD 034080000003 đã có trong danh sách đảng viên."
    assert body["field"] == "citizen_id"
    assert Member.objects.count() == 3


def test_member_create_in_an_organization_that_is_not_a_cell_is_400(world: World, api_officer) -> None:
    response = api_officer.post(LIST, new_member(world.org_a.pk), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "organization"
    assert "không phải chi bộ" in response.json()["detail"]
    assert Member.objects.count() == 3


def test_member_create_with_missing_fields_is_400_per_field(world: World, api_officer) -> None:
    data = new_member(world.cell_a2.pk)
    del data["birth_date"]
    data["gender"] = "khac"
    data["organization"] = 10**30
    response = api_officer.post(LIST, data, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"birth_date", "gender", "organization"}
    assert response.json()["errors"]["birth_date"] == ["Trường này là bắt buộc."]
    assert Member.objects.count() == 3


# ---- edit ----------------------------------------------------------------------------------------


def test_member_update_by_officer_changes_the_sheet_and_is_audited(world: World, api_officer) -> None:
    response = api_officer.patch(detail(world.m2.pk), {"version": 1, "phone": "0912345678"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["phone"], response.json()["version"]) == ("0912345678", 2)
    world.m2.refresh_from_db()
    assert (world.m2.phone, world.m2.version) == ("0912345678", 2)
    entry = AuditEntry.objects.get(action="members.member.updated")
    assert (entry.before, entry.after) == ({"phone": ""}, {"phone": "0912345678"})


def test_member_update_with_a_stale_version_is_409_and_changes_nothing(world: World, api_officer) -> None:
    assert (
        api_officer.patch(detail(world.m2.pk), {"version": 1, "phone": "0911111111"}, format="json").status_code == 200
    )
    response = api_officer.patch(detail(world.m2.pk), {"version": 1, "phone": "0922222222"}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Bản ghi đã được người khác sửa sau khi bạn mở nó. Hãy tải lại trang và nhập lại thay đổi.",
        "field": None,
        "code": "stale",
        "errors": {
            "non_field_errors": [
                "Bản ghi đã được người khác sửa sau khi bạn mở nó. Hãy tải lại trang và nhập lại thay đổi."
            ]
        },
    }
    world.m2.refresh_from_db()
    assert (world.m2.phone, world.m2.version) == ("0911111111", 2)
    assert AuditEntry.objects.filter(action="members.member.updated").count() == 1


def test_member_update_without_version_is_400(world: World, api_officer) -> None:
    response = api_officer.patch(detail(world.m2.pk), {"phone": "0912345678"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "version"
    assert response.json()["errors"] == {"version": ["Cần gửi kèm phiên bản (version) của bản ghi."]}
    world.m2.refresh_from_db()
    assert world.m2.phone == ""


def test_member_update_with_a_duplicate_card_number_is_400_and_changes_nothing(world: World, api_officer) -> None:
    response = api_officer.patch(detail(world.m2.pk), {"version": 1, "card_number": "01000003"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Số thẻ đảng viên 01000003 đã được cấp cho đảng viên khác."
    world.m2.refresh_from_db()
    assert (world.m2.card_number, world.m2.version) == ("01000002", 1)


def test_member_update_of_own_record_by_member_is_403(world: World, api_member) -> None:
    response = api_member.patch(detail(world.m1.pk), {"version": 1, "phone": "0900000000"}, format="json")
    assert response.status_code == 403
    world.m1.refresh_from_db()
    assert (world.m1.phone, world.m1.version) == ("", 1)


def test_member_update_by_outsider_is_404_logged_and_changes_nothing(world: World, api_outsider) -> None:
    response = api_outsider.patch(detail(world.m1.pk), {"version": 1, "phone": "0900000000"}, format="json")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        action="core.access.denied", actor=world.outsider, object_type="member", object_id=str(world.m1.pk)
    ).exists()
    world.m1.refresh_from_db()
    assert world.m1.phone == ""


def test_member_update_by_a_reader_without_the_manage_right_is_403(world: World) -> None:
    reader = make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc)
    make_user_with_manage = make_user("bithu_b1", role=RoleKind.CELL_SECRETARY, organization=world.cell_b1)
    assert api_client(reader).patch(detail(world.m1.pk), {"version": 1, "phone": "1"}, format="json").status_code == 403
    # Holding the right elsewhere is not enough either: the record is simply out of that scope.
    other = api_client(make_user_with_manage)
    assert other.patch(detail(world.m1.pk), {"version": 1, "phone": "1"}, format="json").status_code == 404
    world.m1.refresh_from_db()
    assert world.m1.version == 1


def test_member_put_and_delete_are_not_offered(world: World, api_officer) -> None:
    assert api_officer.put(detail(world.m2.pk), {}, format="json").status_code == 405
    assert api_officer.delete(detail(world.m2.pk)).status_code == 405
    assert Member.objects.filter(pk=world.m2.pk).exists()


def test_member_seniority_counts_from_the_admission_decision(world: World, api_officer) -> None:
    make_member(organization=world.cell_a2, given_name="Tâm", admission_decision_date=dt.date(2016, 2, 3),
                ceremony_date=dt.date(2016, 3, 3), full_membership_date=dt.date(2017, 3, 3))  # fmt: skip
    member = Member.objects.get(given_name="Tâm")
    assert api_officer.get(detail(member.pk)).json()["party_seniority_years"] == 10
