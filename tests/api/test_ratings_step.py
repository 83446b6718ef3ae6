"""POST /api/v1/ratings/{id}/step/: one step of a rating through the workflow, and its refusals in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.discipline.services import record_discipline
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.locking import lock_campaign
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step
from tests.conftest import World
from tests.factories import make_user

from .conftest import api_client

RULES_124 = "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW"


def step_url(rating: Rating) -> str:
    return reverse("api-rating-step", args=[rating.pk])


def post_step(client: APIClient, rating: Rating, step: str, level: str | None = None, **extra: Any) -> Any:
    rating.refresh_from_db()
    data: dict[str, Any] = {"step": step, "version": rating.version, **extra}
    if level is not None:
        data["level"] = level
    return client.post(step_url(rating), data, format="json")


@pytest.fixture
def round_2024(world: World) -> RatingCampaign:
    return open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)


@pytest.fixture
def m1_rating(round_2024: RatingCampaign, world: World) -> Rating:
    return Rating.objects.get(campaign=round_2024, member=world.m1)


def unchanged(rating: Rating) -> bool:
    """The rating is as the round opened it, and no step was audited."""
    fresh = Rating.objects.get(pk=rating.pk)
    audited = AuditEntry.objects.filter(object_type="rating", action__startswith="evaluations.rating.").exists()
    return (fresh.version, fresh.step, fresh.self_level, fresh.review_level) == (1, "pending", "", "") and not audited


# ---- taking steps --------------------------------------------------------------------------------


def test_step_officer_self_assesses_for_a_member_and_it_is_audited(world: World, m1_rating, api_officer) -> None:
    response = post_step(api_officer, m1_rating, "self_assessed", Level.GOOD, reason="Nhập thay theo phiếu giấy")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["step"], body["self_level"], body["version"]) == ("self_assessed", "good", 2)
    assert body["reasons"][-1] == "Ghi chú: Nhập thay theo phiếu giấy"
    assert body["steps_open"] == ["reviewed", "self_assessed"]
    stored = Rating.objects.get(pk=m1_rating.pk)
    assert (stored.step, stored.self_level) == (RatingStep.SELF_ASSESSED, Level.GOOD)
    entry = AuditEntry.objects.get(action="evaluations.rating.self_assessed")
    assert (entry.actor, entry.object_id) == (world.officer, str(m1_rating.pk))


def test_step_member_self_assesses_their_own_rating(world: World, m1_rating, api_member) -> None:
    response = post_step(api_member, m1_rating, "self_assessed", Level.GOOD)
    assert response.status_code == 200, response.content
    assert AuditEntry.objects.get(action="evaluations.rating.self_assessed").actor == world.member_user


def test_step_walks_a_member_up_to_the_decision(world: World, m1_rating, api_officer, api_bloc) -> None:
    for step in ("self_assessed", "reviewed", "proposed", "decided"):
        assert post_step(api_officer, m1_rating, step, Level.GOOD).status_code == 200
    response = post_step(api_bloc, m1_rating, "verified")
    assert response.status_code == 200
    assert (response.json()["final_level"], response.json()["step"]) == ("good", "verified")


def test_step_with_the_previous_level_when_none_is_given(world: World, m1_rating, api_officer) -> None:
    post_step(api_officer, m1_rating, "self_assessed", Level.FULFILLED)
    response = post_step(api_officer, m1_rating, "reviewed")
    assert response.status_code == 200
    assert response.json()["review_level"] == "fulfilled"


# ---- refusals ------------------------------------------------------------------------------------


def test_step_forbidden_level_names_the_rule_and_saves_nothing(world: World, m1_rating, api_officer) -> None:
    record_discipline(actor=world.bloc_officer, form="reprimand", violation_date=dt.date(2024, 3, 1),
                      decision_date=dt.date(2024, 5, 12), decision_number="12-QĐ/ĐU",
                      deciding_organization=world.org_a, member=world.m1)  # fmt: skip
    response = post_step(api_officer, m1_rating, "self_assessed", Level.GOOD)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rule" and body["field"] == "level"
    assert "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2024" in body["detail"]
    assert RULES_124 in body["detail"]
    assert unchanged(m1_rating)


def test_step_excellent_over_the_cap_says_how_many_remain(world: World, m1_rating, api_officer) -> None:
    assert post_step(api_officer, m1_rating, "self_assessed", Level.EXCELLENT).status_code == 200
    response = post_step(api_officer, m1_rating, "reviewed", Level.EXCELLENT)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "cap"
    assert body["detail"].startswith("Không thể xếp loại Hoàn thành xuất sắc nhiệm vụ: Đã dùng 0/0 suất")
    assert "Còn lại 0 suất." in body["detail"] and RULES_124 in body["detail"]
    stored = Rating.objects.get(pk=m1_rating.pk)
    assert (stored.step, stored.review_level, stored.version) == (RatingStep.SELF_ASSESSED, "", 2)


def test_step_after_the_round_is_locked_is_refused(world: World, round_2024, m1_rating, api_officer) -> None:
    lock_campaign(actor=world.bloc_officer, campaign=round_2024, expected_version=round_2024.version)
    response = post_step(api_officer, m1_rating, "self_assessed", Level.GOOD)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "locked"
    assert body["detail"].startswith("Đợt đánh giá năm 2024 đã khóa: không sửa được kết quả xếp loại.")
    assert unchanged(m1_rating)


def test_step_with_a_stale_version_is_409(world: World, m1_rating, api_officer) -> None:
    response = api_officer.post(step_url(m1_rating), {"step": "self_assessed", "level": "good", "version": 7},
                                format="json")  # fmt: skip
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert unchanged(m1_rating)


def test_step_taken_by_another_level_is_403_naming_who_takes_it(world: World, m1_rating, api_officer) -> None:
    secretary = api_client(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    post_step(api_officer, m1_rating, "self_assessed", Level.GOOD)
    post_step(api_officer, m1_rating, "reviewed", Level.GOOD)
    response = post_step(secretary, m1_rating, "proposed", Level.GOOD)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden"
    assert body["detail"].endswith("bước này do cấp ủy cơ sở đề xuất.")
    assert Rating.objects.get(pk=m1_rating.pk).step == RatingStep.REVIEWED


def test_step_member_cannot_review_themself(world: World, m1_rating, api_member) -> None:
    post_step(api_member, m1_rating, "self_assessed", Level.GOOD)
    response = post_step(api_member, m1_rating, "reviewed", Level.GOOD)
    assert response.status_code == 403
    assert Rating.objects.get(pk=m1_rating.pk).review_level == ""


def test_step_member_on_a_fellows_rating_is_404(world: World, round_2024, api_member) -> None:
    fellow = Rating.objects.get(campaign=round_2024, member=world.m2)
    assert post_step(api_member, fellow, "self_assessed", Level.GOOD).status_code == 404
    assert AuditEntry.objects.get(action="core.access.denied").object_id == str(fellow.pk)
    assert unchanged(fellow)


def test_step_outsider_gets_404_logged_and_nothing_saved(world: World, m1_rating, api_outsider) -> None:
    assert post_step(api_outsider, m1_rating, "self_assessed", Level.GOOD).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "rating", str(m1_rating.pk))
    assert unchanged(m1_rating)


def test_step_out_of_order_is_refused(world: World, m1_rating, api_officer) -> None:
    response = post_step(api_officer, m1_rating, "reviewed", Level.GOOD)
    assert response.status_code == 400
    expected = "Chưa thể thực hiện bước “Đã kiểm điểm tại chi bộ”: cần bước “Đã tự đánh giá” trước."
    assert response.json()["detail"] == expected
    assert unchanged(m1_rating)


@pytest.mark.parametrize(
    "data",
    [
        {"step": "self_assessed", "level": "good"},  # no version
        {"step": "xep_loai", "level": "good", "version": 1},
        {"step": "self_assessed", "level": "xuat_sac", "version": 1},
        {"step": "self_assessed", "version": 1, "sheet": {"scores": {"political": "tám"}}},
    ],
)
def test_step_with_bad_input_is_400(world: World, m1_rating, api_officer, data: dict[str, Any]) -> None:
    assert api_officer.post(step_url(m1_rating), data, format="json").status_code == 400
    assert unchanged(m1_rating)


def test_step_pending_is_not_a_step(world: World, m1_rating, api_officer) -> None:
    response = post_step(api_officer, m1_rating, "pending", Level.GOOD)
    assert response.status_code == 400
    assert response.json()["detail"] == "Bước “pending” không hợp lệ."
    assert unchanged(m1_rating)


# ---- the 100-point sheet (rules from 2025) -------------------------------------------------------


def _scores(campaign: RatingCampaign, total: int) -> dict[str, str]:
    rule_set = campaign.rule_set.as_data()
    assert rule_set.params.score is not None
    left, out = Decimal(total), {}
    for criterion in rule_set.params.score.criteria_for("member"):
        out[criterion.code] = str(min(left, criterion.max_score))
        left -= min(left, criterion.max_score)
    return out


def test_step_sheet_under_the_2025_rules_proposes_the_level(world: World, api_officer) -> None:
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2025)
    rating = Rating.objects.get(campaign=campaign, member=world.m1)
    refused = post_step(api_officer, rating, "self_assessed")
    assert refused.status_code == 400 and "hãy chấm điểm" in refused.json()["detail"]
    sheet = {"scores": _scores(campaign, 90), "on_time_pct": "100", "exceeding_pct": "30"}
    response = post_step(api_officer, rating, "self_assessed", sheet=sheet)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["self_level"], body["score"]) == ("excellent", "90.00")
    assert body["score_sheet"]["on_time_pct"] == "100.00"


def test_step_sheet_criterion_over_its_weight_is_refused(world: World, api_officer) -> None:
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2025)
    rating = Rating.objects.get(campaign=campaign, member=world.m1)
    scores = _scores(campaign, 50)
    first = next(iter(scores))
    scores[first] = "30.5"
    response = post_step(api_officer, rating, "self_assessed",
                         sheet={"scores": scores, "on_time_pct": "100", "exceeding_pct": "0"})  # fmt: skip
    assert response.status_code == 400
    assert "vượt điểm tối đa" in response.json()["detail"]
    assert Rating.objects.get(pk=rating.pk).score_sheet == {}


def test_step_sheet_is_refused_at_the_proposal(world: World, m1_rating, api_officer) -> None:
    for step in ("self_assessed", "reviewed"):
        perform_step(actor=world.officer, rating=Rating.objects.get(pk=m1_rating.pk), step=step, level=Level.GOOD,
                     expected_version=Rating.objects.get(pk=m1_rating.pk).version)  # fmt: skip
    response = post_step(api_officer, m1_rating, "proposed", Level.GOOD, sheet={"sick_leave_months": "4"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Phiếu đánh giá chỉ nhập ở bước tự đánh giá hoặc kiểm điểm.", "field": "sheet", "code": "invalid",
        "errors": {"sheet": ["Phiếu đánh giá chỉ nhập ở bước tự đánh giá hoặc kiểm điểm."]},
    }  # fmt: skip
