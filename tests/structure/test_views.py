"""Pages of the party tree with the three personas, query counts, and bad input shown on the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.members.models import CellMembership, Member
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, OrganizationPeriod, Restructuring
from dangbo.structure import committees as c
from dangbo.structure import restructuring as r
from tests.conftest import World, login
from tests.factories import make_member, make_org, make_user

from .conftest import EFFECTIVE

TREE = reverse("organizations:tree")


def url(name: str, *args: Any) -> str:
    return reverse(f"organizations:{name}", args=args)


def denied_logged(world: World, org: Organization) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_id=str(org.pk)).exists()


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def html(response: Any) -> str:
    return response.content.decode()


def tree_state() -> tuple[int, int, int, list[Any]]:
    return (
        Restructuring.objects.count(),
        OrganizationPeriod.objects.count(),
        CellMembership.objects.count(),
        sorted(Organization.objects.values_list("pk", "name", "path", "dissolved_on")),
    )


# --- tree ----------------------------------------------------------------------------------------------------


def test_tree_officer_sees_own_subtree_with_counts(world: World, as_officer: Client) -> None:
    page = html(as_officer.get(TREE))
    assert "Đảng bộ Sở Tài chính" in page and "Chi bộ Phòng Ngân sách" in page
    assert "2 đảng viên · 2 tổ chức trực thuộc" in page
    assert "Đảng bộ Công ty Điện lực" not in page and "Đảng bộ Khối" not in page


def test_tree_member_is_refused(as_member: Client) -> None:
    assert as_member.get(TREE).status_code == 403


def test_tree_outsider_sees_only_own_unit(world: World, as_outsider: Client) -> None:
    page = html(as_outsider.get(TREE))
    assert "Đảng bộ Công ty Điện lực" in page and "Đảng bộ Sở Tài chính" not in page


def test_tree_query_count_does_not_grow_with_rows(world: World, as_officer: Client) -> None:
    one = queries(as_officer, TREE)
    make_org(parent=world.org_a)
    make_member(organization=make_org(parent=world.org_a))
    assert queries(as_officer, TREE) == one


def test_tree_as_of_date_shows_old_names_and_counts(world: World, as_bloc_officer: Client) -> None:
    r.rename(actor=None, org=world.org_a, new_name="Đảng bộ Sở Tài chính mới", effective_date=EFFECTIVE)
    r.absorb(actor=None, source=world.cell_a1, into=world.cell_b1, effective_date=EFFECTIVE)
    old = html(as_bloc_officer.get(TREE, {"ngay": "31/03/2024"}))
    assert "Đảng bộ Sở Tài chính</a> <small" in old and "nay là" in old
    assert "Chi bộ Phòng Ngân sách" in old
    now = html(as_bloc_officer.get(TREE, {"ngay": "01/04/2024"}))
    assert "Chi bộ Phòng Ngân sách" not in now and "Đảng bộ Sở Tài chính mới" in now
    current = html(as_bloc_officer.get(TREE))
    assert "Đảng bộ Sở Tài chính mới" in current


def test_tree_as_of_counts_members_of_that_day(world: World, as_bloc_officer: Client) -> None:
    r.absorb(actor=None, source=world.cell_a1, into=world.cell_b1, effective_date=EFFECTIVE)
    old = as_bloc_officer.get(TREE, {"ngay": "31/03/2024"}).context["rows"]
    new = as_bloc_officer.get(TREE, {"ngay": "01/04/2024"}).context["rows"]
    by_name = lambda rows: {row["period"].name: row["member_count"] for row in rows}  # noqa: E731
    assert by_name(old)["Chi bộ Phân xưởng"] == 1 and by_name(old)["Đảng bộ Sở Tài chính"] == 2
    assert by_name(new)["Chi bộ Phân xưởng"] == 3 and by_name(new)["Đảng bộ Sở Tài chính"] == 0


def test_tree_as_of_query_count_does_not_grow_with_rows(world: World, as_bloc_officer: Client) -> None:
    one = queries(as_bloc_officer, TREE + "?ngay=01/01/2025")
    make_member(organization=make_org(parent=world.org_b))
    make_org(parent=world.org_b)
    assert queries(as_bloc_officer, TREE + "?ngay=01/01/2025") == one


def test_tree_as_of_bad_date_shows_message(as_officer: Client) -> None:
    response = as_officer.get(TREE, {"ngay": "31/02/2024"})
    assert response.status_code == 200 and "errorlist" in html(response)


# --- children ------------------------------------------------------------------------------------------------


def test_children_partial_for_officer(world: World, as_officer: Client) -> None:
    response = as_officer.get(url("children", world.org_a.pk), HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page
    assert "Chi bộ Phòng Ngân sách" in page and "2 đảng viên" in page and "0 tổ chức trực thuộc" not in page


def test_children_member_refused_outsider_404_logged(world: World, as_member: Client, as_outsider: Client) -> None:
    assert as_member.get(url("children", world.org_a.pk)).status_code == 403
    assert as_outsider.get(url("children", world.org_a.pk)).status_code == 404
    assert denied_logged(world, world.org_a)


def test_children_query_count_does_not_grow_with_rows(world: World, as_officer: Client) -> None:
    one = queries(as_officer, url("children", world.org_a.pk))
    make_member(organization=make_org(parent=world.org_a))
    make_org(parent=world.org_a)
    assert queries(as_officer, url("children", world.org_a.pk)) == one


# --- organization page -------------------------------------------------------------------------------------


@pytest.fixture
def committee(world: World) -> Committee:
    committee = c.create_committee(
        actor=None,
        organization=world.org_a,
        term_label="2025–2030",
        term_start=dt.date(2025, 7, 1),
        secretary_is_head=True,
    )
    c.add_seat(
        actor=None,
        committee=committee,
        member=world.m1,
        position=CommitteePosition.SECRETARY,
        start=dt.date(2025, 7, 1),
    )
    return committee


def test_detail_officer_sees_facts_committee_units_and_links(
    world: World, committee: Committee, as_officer: Client
) -> None:
    page = html(as_officer.get(url("detail", world.org_a.pk)))
    assert "A</dd>" in page and "Đảng bộ cơ sở" in page and "Cơ quan hành chính nhà nước" in page
    assert "01/01/2000" in page
    assert f"/dang-vien/?to_chuc={world.org_a.pk}" in page
    assert "2025–2030" in page and "Nguyễn Văn Hùng" in page and "Bí thư đồng thời là thủ trưởng" in page
    assert "Tỷ lệ nữ: <strong>0,0%</strong> (0/1)" in page
    assert "Chi bộ Văn phòng Sở" in page
    assert url("restructure", world.org_a.pk, "merge") in page
    assert url("history", world.org_a.pk) in page


def test_detail_shows_restructuring_history(world: World, as_officer: Client) -> None:
    r.rename(
        actor=None,
        org=world.org_a,
        new_name="Đảng bộ Sở Tài chính mới",
        effective_date=EFFECTIVE,
        decision=r.Decision(number="12-QĐ/ĐUK"),
    )
    page = html(as_officer.get(url("detail", world.org_a.pk)))
    assert "01/01/2000 – 01/04/2024</strong>:\n      Đảng bộ Sở Tài chính" in page
    assert "12-QĐ/ĐUK" in page and "Đổi tên" in page


def test_detail_member_refused_outsider_404_logged(world: World, as_member: Client, as_outsider: Client) -> None:
    assert as_member.get(url("detail", world.org_a.pk)).status_code == 403
    assert as_outsider.get(url("detail", world.org_a.pk)).status_code == 404
    assert denied_logged(world, world.org_a)


def test_detail_read_only_officer_sees_no_manage_forms(world: World) -> None:
    reader = make_user("tuyengiao", role="bloc_propaganda_officer", organization=world.bloc)
    page = html(login(reader).get(url("detail", world.org_a.pk)))
    assert "Đảng bộ Sở Tài chính" in page
    assert url("restructure", world.org_a.pk, "rename") not in page
    assert url("committee_create", world.org_a.pk) not in page and url("history", world.org_a.pk) not in page


def test_detail_query_count_does_not_grow_with_rows(world: World, committee: Committee, as_officer: Client) -> None:
    r.rename(actor=None, org=world.org_a, new_name="Tên 2023", effective_date=dt.date(2023, 1, 1))
    one = queries(as_officer, url("detail", world.org_a.pk))
    make_org(parent=world.org_a)
    make_member(organization=make_org(parent=world.org_a))
    c.add_seat(
        actor=None,
        committee=committee,
        member=world.m2,
        position=CommitteePosition.DEPUTY_SECRETARY,
        start=dt.date(2025, 7, 1),
    )
    r.rename(actor=None, org=world.org_a, new_name="Tên mới", effective_date=EFFECTIVE)
    assert queries(as_officer, url("detail", world.org_a.pk)) == one


# --- restructuring -----------------------------------------------------------------------------------------


def post_form(client: Client, org: Organization, kind: str, data: dict[str, Any]) -> Any:
    return client.post(url("restructure", org.pk, kind), {"effective_date": "01/04/2024", **data})


@pytest.mark.parametrize("kind", ["rename", "reparent", "merge", "absorb", "split", "dissolve"])
def test_restructure_forms_render_for_officer(world: World, as_officer: Client, kind: str) -> None:
    response = as_officer.get(url("restructure", world.cell_a1.pk, kind))
    assert response.status_code == 200 and "Ngày hiệu lực" in html(response)


def test_restructure_unknown_kind_is_404(world: World, as_officer: Client) -> None:
    assert as_officer.get(url("restructure", world.org_a.pk, "create")).status_code == 404


def test_restructure_rename_by_officer(world: World, as_officer: Client) -> None:
    response = post_form(
        as_officer, world.org_a, "rename", {"new_name": "Đảng bộ Sở Tài chính tỉnh", "decision_number": "5-QĐ"}
    )
    assert response.status_code == 302 and response["Location"] == url("detail", world.org_a.pk)
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Đảng bộ Sở Tài chính tỉnh"
    assert Restructuring.objects.get().decision_number == "5-QĐ"
    entry = AuditEntry.objects.get(action="organizations.restructured.rename")
    assert entry.actor == world.officer


def test_restructure_dissolve_with_members_shows_message_and_saves_nothing(world: World, as_officer: Client) -> None:
    before = tree_state()
    response = post_form(as_officer, world.cell_a1, "dissolve", {})
    assert response.status_code == 200
    assert "còn 2 đảng viên đang sinh hoạt: hãy chọn chi bộ tiếp nhận" in html(response)
    assert tree_state() == before


def test_restructure_dissolve_with_destination(world: World, as_officer: Client) -> None:
    response = post_form(as_officer, world.cell_a1, "dissolve", {"members_to": world.cell_a2.pk})
    assert response.status_code == 302
    assert Member.objects.filter(organization=world.cell_a2).count() == 2


def test_restructure_reparent_under_own_descendant_shows_message(
    world: World, deep: Any, as_bloc_officer: Client
) -> None:
    before = tree_state()
    response = post_form(as_bloc_officer, deep.upper, "reparent", {"new_parent": deep.grassroots.pk})
    assert "hoặc tổ chức cấp dưới của nó" in html(response)
    assert tree_state() == before


def test_restructure_merge_with_itself_shows_message(world: World, as_bloc_officer: Client) -> None:
    before = tree_state()
    response = post_form(
        as_bloc_officer,
        world.org_a,
        "merge",
        {
            "others": [world.org_a.pk],
            "code": "X",
            "name": "X",
            "kind": OrgKind.GRASSROOTS_COMMITTEE,
            "org_type": "state_agency",
            "parent": world.bloc.pk,
        },
    )
    assert "Không thể hợp nhất một tổ chức với chính nó" in html(response)
    assert tree_state() == before


def test_restructure_merge_leads_to_new_organization(world: World, as_bloc_officer: Client) -> None:
    response = post_form(
        as_bloc_officer,
        world.org_a,
        "merge",
        {
            "others": [world.org_b.pk],
            "code": "AB",
            "name": "Đảng bộ AB",
            "kind": OrgKind.GRASSROOTS_COMMITTEE,
            "org_type": "state_agency",
            "parent": world.bloc.pk,
        },
    )
    new = Organization.objects.get(code="AB")
    assert response.status_code == 302 and response["Location"] == url("detail", new.pk)
    assert new.children.count() == 3


def test_restructure_split_by_form(world: World, as_officer: Client) -> None:
    response = post_form(
        as_officer,
        world.cell_a1,
        "split",
        {
            "part_1_code": "S1",
            "part_1_name": "Chi bộ S1",
            "part_1_kind": OrgKind.CELL,
            "part_2_code": "S2",
            "part_2_name": "Chi bộ S2",
            "part_2_kind": OrgKind.CELL,
            f"member_{world.m1.pk}": "1",
            f"member_{world.m2.pk}": "2",
        },
    )
    assert response.status_code == 302
    world.m2.refresh_from_db()
    assert world.m2.organization.code == "S2"


def test_restructure_destination_out_of_scope_is_404_and_logged(world: World, as_officer: Client) -> None:
    before = tree_state()
    response = post_form(as_officer, world.cell_a1, "dissolve", {"members_to": world.cell_b1.pk})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.cell_b1.pk)).exists()
    assert tree_state() == before


def test_restructure_member_refused_outsider_404_logged(world: World, as_member: Client, as_outsider: Client) -> None:
    before = tree_state()
    assert post_form(as_member, world.org_a, "rename", {"new_name": "X"}).status_code == 403
    assert post_form(as_outsider, world.org_a, "rename", {"new_name": "X"}).status_code == 404
    assert denied_logged(world, world.org_a)
    assert tree_state() == before


# --- committees on the organization page -------------------------------------------------------------------


def test_committee_create_and_seat_by_officer(world: World, as_officer: Client) -> None:
    response = as_officer.post(
        url("committee_create", world.org_a.pk),
        {
            "committee-term_label": "2025–2030",
            "committee-term_start": "01/07/2025",
            "committee-secretary_is_head": "on",
        },
    )
    assert response.status_code == 302
    committee = Committee.objects.get(organization=world.org_a)
    assert committee.secretary_is_head
    response = as_officer.post(
        url("seat_add", world.org_a.pk, committee.pk),
        {"seat-member": world.m2.pk, "seat-position": "secretary", "seat-start": "01/07/2025"},
    )
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get()
    response = as_officer.post(url("seat_end", world.org_a.pk, seat.pk), {"end-end": "01/01/2026"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end == dt.date(2026, 1, 1)


def test_committee_second_secretary_shows_message(world: World, committee: Committee, as_officer: Client) -> None:
    response = as_officer.post(
        url("seat_add", world.org_a.pk, committee.pk),
        {"seat-member": world.m2.pk, "seat-position": "secretary", "seat-start": "01/07/2025"},
    )
    assert response.status_code == 200
    assert "Cấp ủy đã có Bí thư (Nguyễn Văn Hùng)" in html(response)
    assert CommitteeSeat.objects.count() == 1


def test_committee_edit_with_stale_version_shows_message(
    world: World, committee: Committee, as_officer: Client
) -> None:
    data = {
        "edit-version": "1",
        "edit-term_label": "2025–2030 (sửa)",
        "edit-term_end": "",
        "edit-secretary_is_head": "",
    }
    assert as_officer.post(url("committee_update", world.org_a.pk, committee.pk), data).status_code == 302
    response = as_officer.post(url("committee_update", world.org_a.pk, committee.pk), data)
    assert "đã được người khác sửa" in html(response)
    committee.refresh_from_db()
    assert committee.version == 2


def test_committee_views_member_refused_outsider_404_logged(
    world: World, committee: Committee, as_member: Client, as_outsider: Client
) -> None:
    data = {"committee-term_label": "2030–2035", "committee-term_start": "01/07/2030"}
    assert as_member.post(url("committee_create", world.org_a.pk), data).status_code == 403
    assert as_outsider.post(url("committee_create", world.org_a.pk), data).status_code == 404
    assert denied_logged(world, world.org_a)
    assert Committee.objects.count() == 1


def test_oversight_by_bloc_officer(world: World, as_bloc_officer: Client) -> None:
    bloc_committee = c.create_committee(
        actor=None, organization=world.bloc, term_label="2025–2030", term_start=dt.date(2025, 7, 1)
    )
    c.add_seat(
        actor=None, committee=bloc_committee, member=world.m3, position="standing_committee", start=dt.date(2025, 7, 1)
    )
    response = as_bloc_officer.post(
        url("oversight_add", world.org_a.pk),
        {"oversight-member": world.m3.pk, "oversight-start": "01/08/2025", "oversight-note": "Ủy viên BTV"},
    )
    assert response.status_code == 302
    page = html(as_bloc_officer.get(url("detail", world.org_a.pk)))
    assert "Trần Quốc Bảo" in page and "Ủy viên BTV" in page


# --- history -------------------------------------------------------------------------------------------------


def test_history_officer_sees_restructuring_entries(world: World, as_officer: Client) -> None:
    r.rename(
        actor=world.bloc_officer,
        org=world.org_a,
        new_name="Tên mới",
        effective_date=EFFECTIVE,
        decision=r.Decision(number="7-QĐ"),
    )
    page = html(as_officer.get(url("history", world.org_a.pk)))
    assert "Sắp xếp tổ chức: đổi tên" in page and "7-QĐ" in page and "bantochuc" in page
    assert "Đảng bộ Sở Tài chính" in page


def test_history_member_refused_outsider_404_logged(world: World, as_member: Client, as_outsider: Client) -> None:
    assert as_member.get(url("history", world.org_a.pk)).status_code == 403
    assert as_outsider.get(url("history", world.org_a.pk)).status_code == 404
    assert denied_logged(world, world.org_a)


def test_history_query_count_does_not_grow_with_rows(world: World, as_officer: Client) -> None:
    r.rename(actor=world.officer, org=world.org_a, new_name="Tên 1", effective_date=dt.date(2024, 1, 1))
    one = queries(as_officer, url("history", world.org_a.pk))
    r.rename(actor=world.bloc_officer, org=world.org_a, new_name="Tên 2", effective_date=dt.date(2024, 2, 1))
    r.rename(actor=world.officer, org=world.org_a, new_name="Tên 3", effective_date=dt.date(2024, 3, 1))
    assert queries(as_officer, url("history", world.org_a.pk)) == one
