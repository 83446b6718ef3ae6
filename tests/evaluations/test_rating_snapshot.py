"""A rating's unit and grassroots organization are a snapshot the database does not check at each insert
(decision 0056, addendum 2); the application still refuses to delete an organization a rating names."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import ProtectedError

from dangbo.evaluations.models import Rating
from dangbo.members.models import Member

from ..conftest import World
from ..planning.conftest import rate_member


def _rating_foreign_keys() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Rating._meta.db_table)
    return {c["columns"][0] for c in constraints.values() if c["foreign_key"]}


def test_the_database_checks_the_round_and_the_subject_not_the_snapshot(world: World) -> None:
    keys = _rating_foreign_keys()
    assert {"campaign_id", "member_id", "organization_id"} <= keys
    assert not keys & {"unit_id", "grassroots_id"}


def test_an_organization_a_rating_names_as_its_unit_is_not_deleted(world: World) -> None:
    rating = rate_member(world.m1, "good")
    # The member has moved on since: only the rating's snapshot names the old cell.
    Member.objects.filter(pk=world.m1.pk).update(organization=world.cell_a2)
    Member.objects.filter(organization=world.cell_a1).update(organization=world.cell_a2)

    with pytest.raises(ProtectedError) as refused:
        world.cell_a1.delete()

    assert rating in refused.value.protected_objects
    assert Rating.objects.filter(pk=rating.pk, unit=world.cell_a1).exists()


def test_an_organization_a_rating_names_as_its_grassroots_is_not_deleted(world: World) -> None:
    rating = rate_member(world.m3, "good")

    with pytest.raises(ProtectedError) as refused:
        world.org_b.delete()

    assert rating in refused.value.protected_objects
