"""An organization named by an API list filter is checked like an id in a URL: in scope it narrows the list;
outside the scope the answer is 404 and the attempt is logged; an unknown id is 404 without a log entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.core.models import AuditEntry
from tests.conftest import World

from .conftest import ids
from .test_committees import committee_of

FILTERS = [
    ("api-organization-list", "parent"),
    ("api-committee-list", "organization"),
    ("api-member-list", "to_chuc"),
    ("api-kpi-value-list", "organization"),
    ("api-candidate-list", "organization"),
]


def denied() -> list[tuple[object, str, str]]:
    return [(e.actor, e.object_type, e.object_id) for e in AuditEntry.objects.filter(action="core.access.denied")]


@pytest.mark.parametrize(("url_name", "param"), FILTERS)
def test_list_filter_naming_another_organization_is_404_and_logged(
    world: World, api_officer, url_name: str, param: str
) -> None:
    response = api_officer.get(reverse(url_name), {param: world.org_b.pk})
    assert response.status_code == 404
    assert denied() == [(world.officer, "organization", str(world.org_b.pk))]


@pytest.mark.parametrize(("url_name", "param"), FILTERS)
def test_list_filter_unknown_organization_is_404_without_log(world: World, api_officer, url_name: str, param: str):
    assert api_officer.get(reverse(url_name), {param: 999_999}).status_code == 404
    assert denied() == []


@pytest.mark.parametrize(("url_name", "param"), FILTERS)
def test_list_filter_in_scope_answers_200_without_log(world: World, api_officer, url_name: str, param: str) -> None:
    assert api_officer.get(reverse(url_name), {param: world.org_a.pk}).status_code == 200
    assert denied() == []


def test_committee_filter_in_scope_narrows_the_list(world: World, api_officer) -> None:
    a, cell = committee_of(world.org_a), committee_of(world.cell_a1)
    assert ids(api_officer.get(reverse("api-committee-list"), {"organization": world.cell_a1.pk})) == [cell.pk]
    assert a.pk != cell.pk


def test_member_filter_member_persona_naming_another_cell_is_404_and_logged(world: World, api_member) -> None:
    response = api_member.get(reverse("api-member-list"), {"to_chuc": world.cell_a2.pk})
    assert response.status_code == 404
    assert denied() == [(world.member_user, "organization", str(world.cell_a2.pk))]
