"""Committee, seat and oversight ids in the organization page's addresses: an id that is not of that organization
(another unit's record) answers 404 and the attempt is logged; nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, CommitteeSeat, OversightAssignment
from dangbo.structure import committees as c
from tests.conftest import World

START = dt.date(2025, 7, 1)


@pytest.fixture
def records(world: World) -> tuple[Committee, CommitteeSeat, OversightAssignment]:
    """A committee of A with a seat, and A's committee member following cell A1."""
    committee = c.create_committee(actor=world.officer, organization=world.org_a, term_label="2025–2030",
                                   term_start=START, secretary_is_head=True)  # fmt: skip
    seat = c.add_seat(actor=world.officer, committee=committee, member=world.m1, position=CommitteePosition.SECRETARY,
                      start=START)  # fmt: skip
    assignment = c.assign_oversight(actor=world.officer, organization=world.cell_a1, member=world.m1, start=START)
    return committee, seat, assignment


def denied() -> list[tuple[str, str]]:
    return [(e.object_type, e.object_id) for e in AuditEntry.objects.filter(action="core.access.denied")]


def state(records: tuple[Committee, CommitteeSeat, OversightAssignment]) -> tuple[object, ...]:
    committee, seat, assignment = records
    committee.refresh_from_db()
    seat.refresh_from_db()
    assignment.refresh_from_db()
    return committee.version, committee.term_label, seat.end, assignment.end, CommitteeSeat.objects.count()


def test_committee_update_of_another_unit_is_404_and_logged(world: World, as_outsider: Client, records) -> None:
    committee = records[0]
    before = state(records)
    url = reverse("organizations:committee_update", args=[world.org_b.pk, committee.pk])
    response = as_outsider.post(url, {"edit-term_label": "Khác", "edit-version": committee.version})
    assert response.status_code == 404
    assert denied() == [("committee", str(committee.pk))]
    assert state(records) == before


def test_seat_add_to_another_units_committee_is_404_and_logged(world: World, as_outsider: Client, records) -> None:
    committee = records[0]
    before = state(records)
    url = reverse("organizations:seat_add", args=[world.org_b.pk, committee.pk])
    response = as_outsider.post(
        url, {"seat-member": world.m3.pk, "seat-position": "member", "seat-start": "01/08/2025"}
    )
    assert response.status_code == 404
    assert denied() == [("committee", str(committee.pk))]
    assert state(records) == before


def test_seat_end_of_another_unit_is_404_and_logged(world: World, as_outsider: Client, records) -> None:
    seat = records[1]
    before = state(records)
    response = as_outsider.post(
        reverse("organizations:seat_end", args=[world.org_b.pk, seat.pk]), {"end-end": "01/09/2025"}
    )
    assert response.status_code == 404
    assert denied() == [("committee_seat", str(seat.pk))]
    assert state(records) == before


def test_oversight_end_of_another_unit_is_404_and_logged(world: World, as_outsider: Client, records) -> None:
    assignment = records[2]
    before = state(records)
    url = reverse("organizations:oversight_end", args=[world.org_b.pk, assignment.pk])
    response = as_outsider.post(url, {"end-end": "01/09/2025"})
    assert response.status_code == 404
    assert denied() == [("oversight_assignment", str(assignment.pk))]
    assert state(records) == before


def test_seat_end_unknown_id_is_404_without_log(world: World, as_officer: Client, records) -> None:
    response = as_officer.post(
        reverse("organizations:seat_end", args=[world.org_a.pk, 999_999]), {"end-end": "01/09/2025"}
    )
    assert response.status_code == 404
    assert denied() == []


def test_seat_end_own_seat_still_works(world: World, as_officer: Client, records) -> None:
    seat = records[1]
    response = as_officer.post(
        reverse("organizations:seat_end", args=[world.org_a.pk, seat.pk]), {"end-end": "01/09/2025"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end == dt.date(2025, 9, 1)
    assert denied() == []
