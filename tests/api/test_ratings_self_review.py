"""The member's self-review through POST /api/v1/ratings/{id}/step/, for rated and not-rated members."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dangbo.evaluations.enums import RatingStep
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign
from dangbo.members.services import change_status

from .conftest import api_client


def test_not_rated_member_sends_the_self_review_but_no_level(world):
    change_status(actor=world.officer, member=world.m1, status="exempt", on=dt.date(2024, 6, 1))
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    rating = Rating.objects.get(campaign=campaign, member=world.m1)
    client = api_client(world.member_user)
    url = reverse("api-rating-step", args=[rating.pk])
    refused = client.post(url, {"step": "self_assessed", "level": "good", "self_review": "Tự kiểm điểm",
                                "version": rating.version}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "vẫn tự kiểm điểm" in str(refused.json())
    saved = client.post(url, {"step": "self_assessed", "self_review": "<b>Tự kiểm điểm</b>",
                              "version": rating.version}, format="json")  # fmt: skip
    assert saved.status_code == 200, saved.json()
    assert saved.json()["self_review"] == "<b>Tự kiểm điểm</b>" and saved.json()["step"] == RatingStep.SELF_ASSESSED
    too_long = client.post(url, {"step": "self_assessed", "self_review": "x" * 5001,
                                 "version": saved.json()["version"]}, format="json")  # fmt: skip
    assert too_long.status_code == 400
    assert Rating.objects.get(pk=rating.pk).self_review == "<b>Tự kiểm điểm</b>"
