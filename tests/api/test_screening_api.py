"""The screening API: signals in and out of scope (each answer naming members' evidence audited), a cell's round
opened with the members the system proposes, a member added, the secret ballot (not above the eligible members),
the outcome only after a vote that allows it, closing; readers refused, ids outside the scope 404 and logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.core.models import AuditEntry
from dangbo.screening import signals
from dangbo.screening.models import Review, ScreeningRound, SignalHit
from tests.conftest import World
from tests.screening.helpers import YEAR, absent_in_months

from .conftest import ids
from .test_meetings_api import denied, refused

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


def flag(world: World, member: Any, cell: Any) -> None:
    """`member` absent without reason in three months of a whole past year, the signals refreshed for the bloc."""
    absent_in_months(member, [1, 2, 3], year=YEAR, cell=cell)
    signals.refresh(YEAR, world.bloc)


def test_signals_are_scoped_and_their_evidence_audited(world: World, api_officer, api_outsider, api_member) -> None:
    flag(world, world.m1, world.cell_a1)
    flag(world, world.m3, world.cell_b1)
    mine = SignalHit.objects.get(member=world.m1)
    listed = api_officer.get(reverse("api-screening-signal-list"), {"year": YEAR})
    assert ids(listed) == [mine.pk]
    row = listed.json()["results"][0]
    assert row["signal"] == "absent_unexcused" and row["evidence"] and "28" in row["explanation"] + row["rule_set"]
    viewed = AuditEntry.objects.get(action="screening.evidence.viewed")
    assert viewed.actor == world.officer and viewed.data["members"] == [world.m1.pk]
    theirs_listed = api_outsider.get(reverse("api-screening-signal-list"), {"year": YEAR}).json()["results"]
    assert [r["member"] for r in theirs_listed] == [world.m3.pk]
    refused(api_member.get(reverse("api-screening-signal-list")), 403)
    theirs = SignalHit.objects.get(member=world.m3)
    refused(api_officer.get(reverse("api-screening-signal-detail", args=[theirs.pk])), 404)
    refused(api_officer.get(reverse("api-screening-signal-list"), {"member": world.m3.pk}), 404)
    refused(api_officer.get(reverse("api-screening-signal-list"), {"organization": world.org_b.pk}), 404)
    assert denied() == [
        (world.officer, "screening_signal", str(theirs.pk)),
        (world.officer, "member", str(world.m3.pk)),
        (world.officer, "organization", str(world.org_b.pk)),
    ]
    for bad in ({"year": "x"}, {"signal": "late"}, {"member": 0}):
        refused(api_officer.get(reverse("api-screening-signal-list"), bad))


def open_round(client: Any, world: World, cell: Any = None, year: int | None = None) -> Any:
    body = {"cell": (cell or world.cell_a1).pk, "year": year or this_year()}
    return client.post(reverse("api-screening-round-list"), body, format="json")


def test_a_round_from_opening_to_outcome(world: World, api_officer) -> None:
    opened = open_round(api_officer, world)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["status"] == "open" and body["organization"] == world.cell_a1.pk and body["reviews"] == []
    round_ = ScreeningRound.objects.get(pk=body["id"])
    again = refused(open_round(api_officer, world))
    assert "đã mở đợt rà soát" in again["detail"]
    add = reverse("api-screening-round-add-member", args=[round_.pk])
    added = api_officer.post(add, {"member": world.m2.pk, "reason": "Nhiều lần vắng", "expected_version": 1},
                             format="json")  # fmt: skip
    assert added.status_code == 200, added.content
    review = Review.objects.get(round=round_, member=world.m2)
    assert added.json()["reviews"][0]["added_by_cell"] is True
    vote = reverse("api-screening-review-vote", args=[review.pk])
    outcome = reverse("api-screening-review-outcome", args=[review.pk])
    day = timezone.localdate().isoformat()
    early = refused(api_officer.post(outcome, {"outcome": "improved", "on": day, "expected_version": 1}, format="json"))
    assert "biểu quyết" in early["detail"]  # no vote has put the member on the help list
    too_many = refused(api_officer.post(vote, {"vote_date": day, "votes_for": 3, "expected_version": 1}, format="json"))
    assert "lớn hơn số đảng viên chính thức" in too_many["detail"] and too_many["field"] == "votes_for"
    voted = api_officer.post(vote, {"vote_date": day, "votes_for": 2, "expected_version": 1}, format="json")
    assert voted.status_code == 200, voted.content
    assert voted.json()["outcome"] == "helping" and voted.json()["eligible"] == 2
    assert voted.json()["vote_recorded_by"] == world.officer.get_username()
    refused(api_officer.post(vote, {"vote_date": day, "votes_for": 1, "expected_version": 1}, format="json"), 409)
    improved = api_officer.post(outcome, {"outcome": "improved", "on": day, "expected_version": 2}, format="json")
    assert improved.status_code == 200 and improved.json()["outcome"] == "improved"
    closed = api_officer.post(reverse("api-screening-round-close", args=[round_.pk]), {"expected_version": 2},
                              format="json")  # fmt: skip
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"screening.round.opened", "screening.review.added", "screening.review.voted", "screening.review.outcome",
            "screening.round.closed", "screening.evidence.viewed"} <= actions  # fmt: skip


def test_round_refusals(world: World, api_officer, api_bloc, api_outsider) -> None:
    refused(open_round(api_officer, world, cell=world.cell_b1), 404)
    refused(open_round(api_bloc, world), 403)  # reads screening, decides nothing
    refused(open_round(api_officer, world, year=this_year() + 1))
    refused(open_round(api_officer, world, year=2010))
    round_ = ScreeningRound.objects.get(pk=open_round(api_officer, world).json()["id"])
    add = reverse("api-screening-round-add-member", args=[round_.pk])
    refused(api_officer.post(add, {"member": world.m3.pk, "reason": "x", "expected_version": 1}, format="json"), 404)
    refused(api_officer.post(add, {"member": world.m2.pk, "reason": "", "expected_version": 1}, format="json"))
    refused(api_outsider.get(reverse("api-screening-round-detail", args=[round_.pk])), 404)
    refused(api_outsider.get(reverse("api-screening-review-list"), {"round": round_.pk}), 404)
    assert denied() == [
        (world.officer, "organization", str(world.cell_b1.pk)),
        (world.officer, "member", str(world.m3.pk)),
        (world.outsider, "screening_round", str(round_.pk)),
        (world.outsider, "screening_round", str(round_.pk)),
    ]
    assert Review.objects.count() == 0 and ScreeningRound.objects.count() == 1


def test_reviews_list_is_scoped(world: World, api_officer, api_outsider) -> None:
    round_ = ScreeningRound.objects.get(pk=open_round(api_officer, world).json()["id"])
    add = reverse("api-screening-round-add-member", args=[round_.pk])
    api_officer.post(add, {"member": world.m1.pk, "reason": "Chi bộ đề nghị", "expected_version": 1}, format="json")
    review = Review.objects.get()
    assert ids(api_officer.get(reverse("api-screening-review-list"), {"round": round_.pk})) == [review.pk]
    assert ids(api_outsider.get(reverse("api-screening-review-list"))) == []
    refused(api_outsider.get(reverse("api-screening-review-detail", args=[review.pk])), 404)
    answer = api_officer.get(reverse("api-screening-review-detail", args=[review.pk])).json()
    assert answer["member"] == world.m1.pk and answer["year"] == this_year() and answer["outcome"] == ""
