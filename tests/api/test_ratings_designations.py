"""/api/v1/designations/: "model cell" and "four-good" designations, read-only and scoped."""

from __future__ import annotations

from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import DesignationKind
from dangbo.evaluations.models import Designation, DesignationChecklist
from dangbo.organizations.models import Organization
from tests.conftest import World
from tests.factories import make_org, make_user

from .conftest import api_client, count_queries, ids

LIST = reverse("api-designation-list")


def detail(pk: int) -> str:
    return reverse("api-designation-detail", args=[pk])


def designate(world: World, unit: Organization, year: int, kind: str = DesignationKind.MODEL_CELL) -> Designation:
    grassroots = unit if unit.parent == world.bloc else unit.parent
    assert grassroots is not None
    checklist, _ = DesignationChecklist.objects.get_or_create(
        organization=world.bloc, kind=kind, year_from=2024, defaults={"items": ["Lãnh đạo thực hiện nhiệm vụ"]}
    )
    return Designation.objects.create(
        year=year, organization=unit, kind=kind, checklist=checklist, checked_items=list(checklist.items),
        unit_path=unit.path, grassroots=grassroots, org_type=grassroots.org_type,
    )  # fmt: skip


def test_designation_list_officer_sees_exactly_their_subtree(world: World, api_officer) -> None:
    a1 = designate(world, world.cell_a1, 2025)
    a_four_good = designate(world, world.org_a, 2024, DesignationKind.FOUR_GOOD)
    designate(world, world.cell_b1, 2025)
    response = api_officer.get(LIST)
    assert response.status_code == 200
    assert ids(response) == [a1.pk, a_four_good.pk]  # the newer year first
    row = response.json()["results"][0]
    assert (row["organization_name"], row["kind"], row["kind_display"]) == (
        "Chi bộ Phòng Ngân sách", "model_cell", "Chi bộ kiểu mẫu",
    )  # fmt: skip
    assert row["checked_items"] == ["Lãnh đạo thực hiện nhiệm vụ"] and row["has_evidence"] is False


def test_designation_list_member_and_user_without_role_see_nothing(world: World, api_member) -> None:
    designate(world, world.cell_a1, 2025)
    assert ids(api_member.get(LIST)) == []
    assert ids(api_client(make_user("khong_vai_tro")).get(LIST)) == []


def test_designation_detail_officer_reads_one_in_their_subtree(world: World, api_officer) -> None:
    designation = designate(world, world.cell_a1, 2025)
    response = api_officer.get(detail(designation.pk))
    assert response.status_code == 200
    assert (response.json()["year"], response.json()["version"]) == (2025, 1)


def test_designation_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    designation = designate(world, world.cell_a1, 2025)
    assert api_outsider.get(detail(designation.pk)).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "designation", str(designation.pk))


def test_designation_detail_member_gets_404(world: World, api_member) -> None:
    designation = designate(world, world.cell_a1, 2025)
    assert api_member.get(detail(designation.pk)).status_code == 404


def test_designation_filters_by_year_kind_and_unit(world: World, api_bloc) -> None:
    a1 = designate(world, world.cell_a1, 2025)
    a1_old = designate(world, world.cell_a1, 2024)
    a_four_good = designate(world, world.org_a, 2025, DesignationKind.FOUR_GOOD)
    b1 = designate(world, world.cell_b1, 2025)
    assert sorted(ids(api_bloc.get(LIST, {"year": 2025}))) == sorted([a1.pk, a_four_good.pk, b1.pk])
    assert ids(api_bloc.get(LIST, {"kind": "four_good"})) == [a_four_good.pk]
    assert ids(api_bloc.get(LIST, {"year": 2024, "kind": "model_cell"})) == [a1_old.pk]
    assert sorted(ids(api_bloc.get(LIST, {"unit": world.org_b.pk}))) == [b1.pk]
    assert api_bloc.get(LIST, {"kind": "ba_tot"}).status_code == 400


def test_designation_filter_by_unit_outside_the_scope_is_empty(world: World, api_officer) -> None:
    designate(world, world.cell_b1, 2025)
    assert ids(api_officer.get(LIST, {"unit": world.org_b.pk})) == []


def test_designation_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("canbo_a2", role=RoleKind.GRASSROOTS_OFFICER, organization=world.org_a))
    designate(world, world.cell_a1, 2025)
    assert len(ids(client.get(LIST))) == 1
    one = count_queries(lambda: client.get(LIST))
    designate(world, world.cell_a2, 2025)
    designate(world, make_org(name="Chi bộ Thanh tra", parent=world.org_a, code="A3"), 2025)
    assert len(ids(client.get(LIST))) == 3
    assert count_queries(lambda: client.get(LIST)) == one
