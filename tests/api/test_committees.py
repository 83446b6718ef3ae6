"""/api/v1/committees/: committees of the organizations in scope, with their seats and shares."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, Organization
from dangbo.structure.committees import add_seat, create_committee
from tests.conftest import World
from tests.factories import make_member, make_user

from .conftest import api_client, count_queries, ids

LIST = reverse("api-committee-list")
TERM_START = dt.date(2025, 1, 1)


def detail(pk: int) -> str:
    return reverse("api-committee-detail", args=[pk])


def committee_of(org: Organization) -> Committee:
    return create_committee(actor=None, organization=org, term_label="2025–2030", term_start=TERM_START)


def test_committee_list_officer_sees_only_committees_of_their_subtree(world: World, api_officer) -> None:
    a = committee_of(world.org_a)
    a1 = committee_of(world.cell_a1)
    committee_of(world.org_b)
    response = api_officer.get(LIST)
    assert response.status_code == 200
    assert sorted(ids(response)) == sorted([a.pk, a1.pk])


def test_committee_list_member_and_user_without_role_see_nothing(world: World, api_member) -> None:
    committee_of(world.cell_a1)
    assert ids(api_member.get(LIST)) == []
    assert ids(api_client(make_user("khong_vai_tro")).get(LIST)) == []


def test_committee_list_filter_by_organization(world: World, api_bloc) -> None:
    committee_of(world.org_a)
    b = committee_of(world.org_b)
    assert ids(api_bloc.get(LIST, {"organization": world.org_b.pk})) == [b.pk]


def test_committee_detail_has_seats_and_shares(world: World, api_officer) -> None:
    committee = committee_of(world.org_a)
    add_seat(actor=None, committee=committee, member=world.m1, position=CommitteePosition.SECRETARY, start=TERM_START)
    add_seat(actor=None, committee=committee, member=world.m2, position=CommitteePosition.COMMITTEE_MEMBER,
             start=TERM_START)  # fmt: skip
    response = api_officer.get(detail(committee.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["organization_name"] == "Đảng bộ Sở Tài chính"
    assert [(s["member_name"], s["position_display"]) for s in body["seats"]] == [
        ("Nguyễn Văn Hùng", "Bí thư"),
        ("Đặng Thị Lan", "Cấp ủy viên"),
    ]
    assert body["shares"] == {
        "seated": 2,
        "women": 1,
        "under_40": 0,
        "women_percent": 50.0,
        "under_40_percent": 0.0,
    }


def test_committee_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    committee = committee_of(world.org_a)
    assert api_outsider.get(detail(committee.pk)).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "committee", str(committee.pk))


def test_committee_detail_member_gets_404(world: World, api_member) -> None:
    committee = committee_of(world.cell_a1)
    assert api_member.get(detail(committee.pk)).status_code == 404


def test_committee_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("bithu_a2", role=RoleKind.GRASSROOTS_OFFICER, organization=world.org_a))
    first = committee_of(world.org_a)
    add_seat(actor=None, committee=first, member=world.m1, position=CommitteePosition.SECRETARY, start=TERM_START)
    assert len(ids(client.get(LIST))) == 1
    one = count_queries(lambda: client.get(LIST))
    for cell in (world.cell_a1, world.cell_a2):
        committee = committee_of(cell)
        member = world.m2 if cell == world.cell_a1 else make_member(organization=cell)
        add_seat(actor=None, committee=committee, member=member, position=CommitteePosition.SECRETARY, start=TERM_START)
    assert len(ids(client.get(LIST))) == 3
    assert count_queries(lambda: client.get(LIST)) == one
