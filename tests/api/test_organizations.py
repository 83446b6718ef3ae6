"""/api/v1/organizations/: scoped list and detail, filters, children, the tree as of a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.organizations.enums import OrgKind
from dangbo.structure.restructuring import rename
from tests.conftest import World
from tests.factories import make_org, make_user

from .conftest import api_client, count_queries, ids

LIST = reverse("api-organization-list")


def detail(pk: int) -> str:
    return reverse("api-organization-detail", args=[pk])


def children(pk: int) -> str:
    return reverse("api-organization-children", args=[pk])


def tree(pk: int) -> str:
    return reverse("api-organization-tree-as-of", args=[pk])


def test_organization_list_officer_sees_exactly_their_subtree(world: World, api_officer) -> None:
    response = api_officer.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert {row["code"] for row in body["results"]} == {"A", "A1", "A2"}
    assert body["results"][0]["code"] == "A"  # the grassroots organization before its cells
    assert body["results"][0]["kind_display"] == "Đảng bộ cơ sở"


def test_organization_list_member_is_empty(world: World, api_member) -> None:
    response = api_member.get(LIST)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_organization_list_user_without_role_is_empty(world: World) -> None:
    response = api_client(make_user("khong_vai_tro")).get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_organization_detail_officer_reads_their_unit(world: World, api_officer) -> None:
    response = api_officer.get(detail(world.cell_a1.pk))
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["parent"], body["level"], body["is_active"]) == (
        "Chi bộ Phòng Ngân sách",
        world.org_a.pk,
        "below",
        True,
    )


def test_organization_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    response = api_outsider.get(detail(world.cell_a1.pk))
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "organization", str(world.cell_a1.pk))


def test_organization_detail_missing_is_404_without_denial_entry(world: World, api_officer) -> None:
    assert api_officer.get(detail(999_999)).status_code == 404
    assert not AuditEntry.objects.filter(action="core.access.denied").exists()


def test_organization_detail_member_gets_404(world: World, api_member) -> None:
    assert api_member.get(detail(world.cell_a1.pk)).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.member_user).count() == 1


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"kind": OrgKind.CELL}, ["B1", "A1", "A2"]),
        ({"org_type": "state_enterprise"}, ["B", "B1"]),
        ({"q": "tai chinh"}, ["A"]),
        ({"q": "NGAN SÁCH"}, ["A1"]),
        ({"q": "dien luc"}, ["B"]),
        ({"q": "phong"}, ["A1", "A2"]),  # a word of each name
        ({"q": "ai chinh"}, []),  # inside a word: not a match, as for members
        ({"q": "b1"}, ["B1"]),  # the code
    ],
)
def test_organization_list_filters(world: World, api_bloc, params: dict[str, str], codes: list[str]) -> None:
    response = api_bloc.get(LIST, params)
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == codes


def test_organization_list_parent_filter_stays_in_scope(world: World, api_officer) -> None:
    assert ids(api_officer.get(LIST, {"parent": world.org_a.pk})) == [world.cell_a1.pk, world.cell_a2.pk]
    assert api_officer.get(LIST, {"parent": world.org_b.pk}).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.officer, "organization", str(world.org_b.pk))


def test_organization_list_bad_filter_is_400(world: World, api_officer) -> None:
    assert api_officer.get(LIST, {"kind": "khong_co"}).status_code == 400
    assert api_officer.get(LIST, {"parent": "abc"}).status_code == 400
    assert api_officer.get(LIST, {"parent": "9" * 30}).status_code == 400


def test_organization_children_lists_active_children_with_counts(world: World, api_bloc) -> None:
    make_org(name="Tổ đảng Kế toán", kind=OrgKind.PARTY_GROUP, parent=world.cell_a1)
    response = api_bloc.get(children(world.bloc.pk))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["code"], r["child_count"]) for r in rows] == [("B", 1), ("A", 2)]  # Vietnamese order: Công ty < Sở
    a_rows = api_bloc.get(children(world.org_a.pk)).json()["results"]
    assert [(r["code"], r["child_count"]) for r in a_rows] == [("A1", 1), ("A2", 0)]


def test_organization_children_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    assert api_outsider.get(children(world.org_a.pk)).status_code == 404
    assert AuditEntry.objects.filter(
        action="core.access.denied", actor=world.outsider, object_id=str(world.org_a.pk)
    ).exists()


def test_organization_tree_as_of_shows_names_of_that_day(world: World, api_officer) -> None:
    rename(
        actor=None, org=world.cell_a1, new_name="Chi bộ Phòng Ngân sách – Tin học", effective_date=dt.date(2025, 2, 1)
    )
    before = api_officer.get(tree(world.org_a.pk), {"ngay": "2025-01-31"})
    assert before.status_code == 200
    assert [(n["depth"], n["name"]) for n in before.json()] == [
        (0, "Đảng bộ Sở Tài chính"),
        (1, "Chi bộ Phòng Ngân sách"),
        (1, "Chi bộ Văn phòng Sở"),
    ]
    after = api_officer.get(tree(world.org_a.pk), {"ngay": "2025-02-01"}).json()
    assert after[1]["name"] == "Chi bộ Phòng Ngân sách – Tin học"
    assert after[1]["parent"] == world.org_a.pk
    assert api_officer.get(tree(world.org_a.pk), {"ngay": "1999-12-31"}).json() == []  # founded in 2000


@pytest.mark.parametrize("ngay", ["", "31/12/2024", "2024-13-01"])
def test_organization_tree_as_of_without_a_valid_date_is_400(world: World, api_officer, ngay: str) -> None:
    response = api_officer.get(tree(world.org_a.pk), {"ngay": ngay})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Cần tham số ngay là một ngày dạng YYYY-MM-DD.",
        "field": "ngay",
        "code": "invalid",
        "errors": {"ngay": ["Cần tham số ngay là một ngày dạng YYYY-MM-DD."]},
    }


def test_organization_tree_as_of_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    assert api_outsider.get(tree(world.org_a.pk), {"ngay": "2025-01-01"}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).count() == 1


def test_organization_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("bithu_a2", role=RoleKind.GRASSROOTS_OFFICER, organization=world.cell_a2))
    one = count_queries(lambda: client.get(LIST))
    assert client.get(LIST).json()["count"] == 1
    make_org(kind=OrgKind.PARTY_GROUP, parent=world.cell_a2)
    make_org(kind=OrgKind.PARTY_GROUP, parent=world.cell_a2)
    assert client.get(LIST).json()["count"] == 3
    assert count_queries(lambda: client.get(LIST)) == one


def test_organization_children_query_count_does_not_grow_with_rows(world: World, api_officer) -> None:
    make_org(kind=OrgKind.PARTY_GROUP, parent=world.cell_a2)
    assert len(api_officer.get(children(world.cell_a2.pk)).json()["results"]) == 1
    one = count_queries(lambda: api_officer.get(children(world.cell_a2.pk)))
    for _ in range(2):
        make_org(kind=OrgKind.PARTY_GROUP, parent=world.cell_a2)
    assert len(api_officer.get(children(world.cell_a2.pk)).json()["results"]) == 3
    assert count_queries(lambda: api_officer.get(children(world.cell_a2.pk))) == one
