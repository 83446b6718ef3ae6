"""The issue's bad-input list end to end through the API: each refusal is a 400 with the one error body and a
Vietnamese message naming the rule, and nothing is written. (The services' side is in tests/admissions.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.admissions.enums import Step
from dangbo.admissions.models import Candidate
from tests.admissions.pipeline import advance, database_state, propose_one, step_data
from tests.conftest import World
from tests.factories import make_member

from .test_admissions_api import iso, post_step, proposal

pytestmark = pytest.mark.django_db


def refused_by_api(client: Any, candidate: Candidate, step: Step, data: dict[str, Any]) -> str:
    before = database_state()
    response = post_step(client, candidate, step, iso(data))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and body["code"]
    assert database_state() == before
    return " ".join([body["detail"], *(m for found in body["errors"].values() for m in found)])


def test_out_of_order(world: World, api_officer) -> None:
    candidate = propose_one(world)
    assert "Ghi nhận hoàn thành lớp bồi dưỡng" in refused_by_api(
        api_officer, candidate, Step.CELL_VOTE, step_data(Step.CELL_VOTE, world)
    )


def test_sponsors(world: World, api_officer, api_bloc) -> None:
    newcomer = make_member(organization=world.cell_a1, admission_decision_date=dt.date(2024, 6, 1),
                           ceremony_date=dt.date(2024, 6, 10), full_membership_date=None)  # fmt: skip
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = newcomer.pk
    assert "dự bị" in refused_by_api(api_officer, candidate, Step.SPONSORS, data)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = world.m3.pk
    assert "cùng đảng bộ" in refused_by_api(api_bloc, candidate, Step.SPONSORS, data)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][0]["known_since"] = dt.date(2024, 2, 4)
    assert "mới 11 tháng" in refused_by_api(api_officer, candidate, Step.SPONSORS, data)


@pytest.mark.parametrize(("born", "fragment"), [(dt.date(2007, 3, 4), "17 tuổi 11 tháng"),
                                                (dt.date(1965, 2, 2), "60 tuổi 1 tháng")])  # fmt: skip
def test_age(world: World, api_officer, born: dt.date, fragment: str) -> None:
    candidate = advance(propose_one(world, sheet={"birth_date": born}), world, to=Step.CELL_VOTE)
    assert fragment in refused_by_api(api_officer, candidate, Step.CELL_VOTE, step_data(Step.CELL_VOTE, world))


def test_votes_larger_than_the_full_members(world: World, api_officer) -> None:
    candidate = advance(propose_one(world), world, to=Step.CELL_VOTE)
    data = {**step_data(Step.CELL_VOTE, world), "votes_for": 3}
    assert "vượt số đảng viên chính thức" in refused_by_api(api_officer, candidate, Step.CELL_VOTE, data)


def test_ceremony_before_the_decision(world: World, api_officer) -> None:
    candidate = advance(propose_one(world), world, to=Step.CEREMONY)
    data = {"ceremony_on": dt.date(2025, 3, 31)}
    assert "trước ngày quyết định kết nạp" in refused_by_api(api_officer, candidate, Step.CEREMONY, data)


def test_citizen_id_in_the_registry_and_second_candidacy(world: World, api_officer, api_outsider) -> None:
    url = reverse("api-candidate-list")
    taken = api_officer.post(url, proposal(world, citizen_id=world.m1.citizen_id), format="json")
    assert taken.status_code == 400 and "đã có trong danh sách đảng viên" in taken.json()["detail"]
    assert api_officer.post(url, proposal(world), format="json").status_code == 201
    second = api_officer.post(url, proposal(world, cell=world.cell_a2.pk), format="json")
    assert second.status_code == 400 and world.cell_a1.name in second.json()["detail"]
    # Proposed elsewhere by someone who cannot see the first: refused without saying where it is.
    other = api_outsider.post(url, proposal(world, cell=world.cell_b1.pk), format="json")
    assert other.status_code == 400 and "chưa kết thúc" in other.json()["detail"]
    assert world.cell_a1.name not in other.json()["detail"]
    assert Candidate.objects.count() == 1
