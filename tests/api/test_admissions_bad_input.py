"""The admissions API under absurd input: out-of-range dates, huge or negative numbers, strings where numbers go,
lists where a dict goes, over-long texts, ids that do not fit. Each answers 400 (or 404 for an id) with the one
error body and a Vietnamese message, and writes nothing; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from dangbo.admissions.enums import Step
from dangbo.admissions.models import Candidate, Quota, Transition
from tests.admissions.pipeline import advance, propose_one, step_data
from tests.conftest import World

from .test_admissions_api import iso, post_step, proposal

pytestmark = pytest.mark.django_db

BIG = 10**12
HUGE = 10**30


def refused(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"detail", "code"}
    assert any(ch in body["detail"] for ch in "àáảãạăâđêôơưệếềểễộốồổỗớờởỡợứừửữựíìỉĩịýỳỷỹỵ"), body["detail"]
    return body


def unchanged(candidate: Candidate) -> None:
    stored = Candidate.objects.get(pk=candidate.pk)
    assert stored.version == candidate.version and stored.stage == candidate.stage
    assert Transition.objects.filter(candidate=candidate).count() == candidate.transitions.count()


@pytest.mark.parametrize(
    "patch",
    [
        {"course_passed_on": "0001-01-01"},
        {"course_passed_on": "9999-12-31"},
        {"course_passed_on": "1800-01-01"},
        {"course_passed_on": "2200-01-01"},
        {"course_passed_on": "0000-01-01"},
        {"course_passed_on": 20240101},
        {"course_passed_on": ["2024-01-01"]},
        {"course_passed_on": {"y": 2024}},
        {"certificate_number": "x" * 61},
        {"certificate_number": "x" * 100_000},
    ],
)
def test_course_step_absurd_values(world: World, api_officer, patch: dict[str, Any]) -> None:
    candidate = propose_one(world)
    data = {**iso(step_data(Step.COURSE, world)), **patch}
    refused(post_step(api_officer, candidate, Step.COURSE, data))
    unchanged(candidate)


@pytest.mark.parametrize(
    "patch",
    [
        {"votes_for": BIG},
        {"votes_for": HUGE},
        {"votes_for": -1},
        {"votes_against": "hai"},
        {"votes_for": 1.5},
        {"votes_for": [2]},
        {"votes_for": True},
        {"resolution_number": "9" * 61},
        {"held_on": "2200-01-01"},
    ],
)
def test_cell_vote_absurd_values(world: World, api_officer, patch: dict[str, Any]) -> None:
    candidate = advance(propose_one(world), world, to=Step.CELL_VOTE)
    candidate.refresh_from_db()
    data = {**iso(step_data(Step.CELL_VOTE, world)), **patch}
    refused(post_step(api_officer, candidate, Step.CELL_VOTE, data))
    unchanged(candidate)


@pytest.mark.parametrize(
    "sponsors",
    [
        "m1",
        {"member_id": 1},
        [1, 2],
        [{"member_id": str(HUGE), "acquaintance": "work", "known_since": "2020-01-01"}],
        [{"member_id": -5, "acquaintance": "work", "known_since": "2020-01-01"}],
        [{"member_id": "m1", "acquaintance": "work", "known_since": "2020-01-01"}],
    ],
)
def test_sponsors_absurd_shapes(world: World, api_officer, sponsors: Any) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    candidate.refresh_from_db()
    data = {**iso(step_data(Step.SPONSORS, world)), "sponsors": sponsors}
    refused(post_step(api_officer, candidate, Step.SPONSORS, data))
    unchanged(candidate)


def test_sponsor_known_since_1800_is_refused(world: World, api_officer) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    candidate.refresh_from_db()
    data = iso(step_data(Step.SPONSORS, world))
    data["sponsors"][0]["known_since"] = "1800-01-01"
    refused(post_step(api_officer, candidate, Step.SPONSORS, data))
    unchanged(candidate)


@pytest.mark.parametrize(
    "body",
    [
        {"step": "course", "expected_version": HUGE, "data": {}},
        {"step": "course", "expected_version": "một", "data": {}},
        {"step": "course", "expected_version": 1, "data": ["a"]},
        {"step": "course", "expected_version": 1, "data": "x"},
        {"step": ["course"], "expected_version": 1},
        ["course"],
    ],
)
def test_step_body_shapes(world: World, api_officer, body: Any) -> None:
    candidate = propose_one(world)
    response = api_officer.post(reverse("api-candidate-steps", args=[candidate.pk]), body, format="json")
    assert response.status_code in (400, 409), response.content
    unchanged(candidate)


@pytest.mark.parametrize("pk", [str(HUGE), "-1", "abc"])
def test_candidate_ids_that_do_not_fit_are_404(world: World, api_officer, pk: str) -> None:
    response = api_officer.get(f"/api/v1/candidates/{pk}/")
    assert response.status_code == 404
    response = api_officer.post(f"/api/v1/candidates/{pk}/steps/", {"step": "course", "expected_version": 1},
                                format="json")  # fmt: skip
    assert response.status_code == 404


@pytest.mark.parametrize(
    "patch",
    [
        {"cell": HUGE},
        {"cell": "abc"},
        {"proposed_on": "2200-01-01"},
        {"proposed_on": "1800-01-01"},
        {"birth_date": "0001-01-01"},
        {"birth_date": "9999-12-31"},
        {"proposer_name": "x" * 300},
        {"family_name": ["Lê"]},
        {"citizen_id": "1" * 13},
    ],
)
def test_proposal_absurd_values(world: World, api_officer, patch: dict[str, Any]) -> None:
    response = api_officer.post(reverse("api-candidate-list"), proposal(world, **patch), format="json")
    assert response.status_code in (400, 404), response.content
    if response.status_code == 400:
        refused(response)
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"year": 0, "quota": 1},
        {"year": 9999, "quota": 1},
        {"year": 2026, "quota": BIG},
        {"year": 2026, "quota": -1},
        {"year": 2026, "quota": "ba"},
        {"year": 2026, "quota": 1, "expected_version": HUGE},
        {"year": 2026, "quota": 1, "note": "x" * 300},
        ["year"],
    ],
)
def test_quota_absurd_values(world: World, api_bloc, body: Any) -> None:
    url = reverse("api-admission-quota-detail", args=[world.org_a.pk])
    response = api_bloc.patch(url, body, format="json")
    assert response.status_code in (400, 409), response.content
    assert not Quota.objects.exists()


@pytest.mark.parametrize("pk", [str(HUGE), "abc"])
def test_quota_organization_ids_that_do_not_fit_are_404(world: World, api_bloc, pk: str) -> None:
    response = api_bloc.patch(f"/api/v1/admission-quotas/{pk}/", {"year": 2026, "quota": 1}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["year=0", "year=9999", "year=abc", f"organization={HUGE}", "organization=abc",
                                   "stage=nope", "q=" + "x" * 5000])  # fmt: skip
def test_candidate_list_filters(world: World, api_officer, query: str) -> None:
    response = api_officer.get(reverse("api-candidate-list") + "?" + query)
    assert response.status_code in (200, 400, 404), response.content


@pytest.mark.parametrize("query", ["until=0001-01-01", "until=9999-12-31", "until=abc", "overdue=maybe"])
def test_deadline_filters(world: World, api_officer, query: str) -> None:
    response = api_officer.get(reverse("api-admission-deadline-list") + "?" + query)
    assert response.status_code in (200, 400), response.content


def test_two_people_setting_a_quota_at_once_the_second_is_409(world: World, api_bloc) -> None:
    url = reverse("api-admission-quota-detail", args=[world.org_a.pk])
    assert api_bloc.patch(url, {"year": 2026, "quota": 1}, format="json").status_code == 200
    # The second had opened the form before the first saved: no version, as for a quota not yet set.
    late = api_bloc.patch(url, {"year": 2026, "quota": 2}, format="json")
    assert refused(late, 409)["code"] == "stale"
    assert api_bloc.patch(url, {"year": 2026, "quota": 2, "expected_version": 1}, format="json").status_code == 200
    assert refused(api_bloc.patch(url, {"year": 2026, "quota": 0, "expected_version": 1}, format="json"), 409)
    assert list(Quota.objects.values_list("quota", "version")) == [(2, 2)]


def test_two_people_taking_a_step_at_once_the_second_is_409(world: World, api_officer, api_bloc) -> None:
    candidate = propose_one(world)
    data = iso(step_data(Step.COURSE, world))
    assert post_step(api_officer, candidate, Step.COURSE, data).status_code == 200
    assert refused(post_step(api_bloc, candidate, Step.COURSE, data), 409)
    assert Transition.objects.filter(candidate=candidate).count() == 1
