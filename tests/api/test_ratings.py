"""/api/v1/rating-campaigns/ and /api/v1/ratings/: scoped rounds with their progress, opening a round, scoped
ratings and their filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import Level, RatingStep, SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step
from tests.conftest import World
from tests.factories import make_member, make_user

from .conftest import api_client, count_queries, ids

CAMPAIGNS = reverse("api-rating-campaign-list")
RATINGS = reverse("api-rating-list")


def campaign_url(pk: int) -> str:
    return reverse("api-rating-campaign-detail", args=[pk])


def rating_url(pk: int) -> str:
    return reverse("api-rating-detail", args=[pk])


def bloc_round(world: World, year: int = 2024) -> RatingCampaign:
    return open_campaign(actor=world.bloc_officer, organization=world.bloc, year=year)


def rating_of(campaign: RatingCampaign, **subject: object) -> Rating:
    return Rating.objects.get(campaign=campaign, **subject)


# ---- rounds --------------------------------------------------------------------------------------


@pytest.fixture
def rounds(world: World) -> dict[str, RatingCampaign]:
    """The bloc's 2024 round over the whole tree, and 2025 rounds opened by each grassroots committee."""
    return {
        "bloc": bloc_round(world),
        "a": open_campaign(actor=world.officer, organization=world.org_a, year=2025),
        "b": open_campaign(actor=world.outsider, organization=world.org_b, year=2025),
    }


def test_campaign_list_officer_sees_the_rounds_covering_their_subtree(world: World, rounds, api_officer) -> None:
    response = api_officer.get(CAMPAIGNS)
    assert response.status_code == 200
    assert ids(response) == [rounds["a"].pk, rounds["bloc"].pk]  # the newer year first
    row = response.json()["results"][1]
    assert (row["organization_name"], row["rule_set"], row["state"]) == (world.bloc.name, "QD124-2023", "open")


def test_campaign_list_outsider_sees_their_own_side(world: World, rounds, api_outsider) -> None:
    assert ids(api_outsider.get(CAMPAIGNS)) == [rounds["b"].pk, rounds["bloc"].pk]


def test_campaign_list_member_sees_only_rounds_holding_their_rating(world: World, rounds, api_member) -> None:
    assert ids(api_member.get(CAMPAIGNS)) == [rounds["a"].pk, rounds["bloc"].pk]
    assert ids(api_client(make_user("khong_vai_tro")).get(CAMPAIGNS)) == []


def test_campaign_list_filters_by_year_and_state(world: World, rounds, api_bloc) -> None:
    assert sorted(ids(api_bloc.get(CAMPAIGNS, {"year": 2025}))) == sorted([rounds["a"].pk, rounds["b"].pk])
    assert ids(api_bloc.get(CAMPAIGNS, {"state": "locked"})) == []
    assert api_bloc.get(CAMPAIGNS, {"state": "khong_co"}).status_code == 400


def test_campaign_detail_progress_counts_only_the_units_in_scope(world: World, rounds, api_officer) -> None:
    response = api_officer.get(campaign_url(rounds["bloc"].pk))
    assert response.status_code == 200
    body = response.json()
    assert body["self_assessment_due"] == "2024-12-10" and body["verification_due"] == "2025-01-20"
    # Grassroots A only: members m1 and m2, cells A1 and A2, and A itself; nothing decided yet.
    assert [(p["organization_name"], p["total"], p["rated"], p["pending"]) for p in body["progress"]] == [
        ("Đảng bộ Sở Tài chính", 5, 0, 5)
    ]
    assert body["progress"][0]["by_step"] == {"pending": 5}


def test_campaign_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, rounds, api_outsider) -> None:
    assert api_outsider.get(campaign_url(rounds["a"].pk)).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "campaign", str(rounds["a"].pk))


def test_campaign_detail_member_sees_their_round_without_progress(world: World, rounds, api_member) -> None:
    response = api_member.get(campaign_url(rounds["a"].pk))
    assert response.status_code == 200
    assert response.json()["progress"] == []
    assert api_member.get(campaign_url(rounds["b"].pk)).status_code == 404


def test_campaign_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(world.bloc_officer)
    bloc_round(world, 2024)
    assert len(ids(client.get(CAMPAIGNS))) == 1
    one = count_queries(lambda: client.get(CAMPAIGNS))
    open_campaign(actor=world.bloc_officer, organization=world.org_a, year=2025)
    open_campaign(actor=world.bloc_officer, organization=world.org_b, year=2025)
    assert len(ids(client.get(CAMPAIGNS))) == 3
    assert count_queries(lambda: client.get(CAMPAIGNS)) == one


# ---- opening a round -----------------------------------------------------------------------------


def test_campaign_open_by_officer_creates_the_ratings_of_their_tree(world: World, api_officer) -> None:
    response = api_officer.post(CAMPAIGNS, {"organization": world.org_a.pk, "year": 2024,
                                            "self_assessment_due": "2024-12-05"}, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    campaign = RatingCampaign.objects.get(pk=body["id"])
    assert (campaign.organization, campaign.year, campaign.opened_by) == (world.org_a, 2024, world.officer)
    assert campaign.self_assessment_due == dt.date(2024, 12, 5) and campaign.review_due == dt.date(2024, 12, 20)
    assert campaign.ratings.count() == 5  # m1, m2, cells A1 and A2, grassroots A
    assert body["progress"][0]["total"] == 5
    assert AuditEntry.objects.filter(action="evaluations.campaign.opened", actor=world.officer).count() == 1


def test_campaign_open_by_member_is_403_and_saves_nothing(world: World, api_member) -> None:
    response = api_member.post(CAMPAIGNS, {"organization": world.cell_a1.pk, "year": 2024}, format="json")
    assert response.status_code == 403
    assert not RatingCampaign.objects.exists()


def test_campaign_open_out_of_scope_is_404_logged_and_saves_nothing(world: World, api_outsider) -> None:
    response = api_outsider.post(CAMPAIGNS, {"organization": world.org_a.pk, "year": 2024}, format="json")
    assert response.status_code == 404
    assert not RatingCampaign.objects.exists()
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "organization", str(world.org_a.pk))


def test_campaign_open_twice_in_a_year_is_refused_in_vietnamese(world: World, api_officer) -> None:
    bloc_round(world, 2024)
    before = Rating.objects.count()
    response = api_officer.post(CAMPAIGNS, {"organization": world.org_a.pk, "year": 2024}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "duplicate" and body["field"] == "year"
    assert "mỗi đối tượng chỉ được xếp loại một lần trong năm" in body["detail"]
    assert RatingCampaign.objects.count() == 1 and Rating.objects.count() == before


def test_campaign_open_with_deadlines_out_of_order_is_refused(world: World, api_officer) -> None:
    response = api_officer.post(CAMPAIGNS, {"organization": world.org_a.pk, "year": 2024,
                                            "review_due": "2024-12-01"}, format="json")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "Hạn kiểm điểm tại chi bộ không được trước hạn tự đánh giá."
    assert not RatingCampaign.objects.exists()


@pytest.mark.parametrize("data", [{"organization": "abc", "year": 2024}, {"year": 2024}, {"organization": 1}])
def test_campaign_open_with_bad_input_is_400(world: World, api_officer, data: dict[str, object]) -> None:
    assert api_officer.post(CAMPAIGNS, data, format="json").status_code == 400
    assert not RatingCampaign.objects.exists()


# ---- ratings -------------------------------------------------------------------------------------


def test_rating_list_officer_sees_exactly_their_subtree(world: World, api_officer) -> None:
    campaign = bloc_round(world)
    response = api_officer.get(RATINGS)
    assert response.status_code == 200
    expected = Rating.objects.filter(campaign=campaign, unit_path__startswith=world.org_a.path)
    assert sorted(ids(response)) == sorted(expected.values_list("pk", flat=True))
    subjects = {(r["subject_kind"], r["subject_name"]) for r in response.json()["results"]}
    assert subjects == {
        ("grassroots", "Đảng bộ Sở Tài chính"), ("cell", "Chi bộ Phòng Ngân sách"), ("cell", "Chi bộ Văn phòng Sở"),
        ("member", "Nguyễn Văn Hùng"), ("member", "Đặng Thị Lan"),
    }  # fmt: skip


def test_rating_list_member_sees_only_their_own_rating(world: World, api_member) -> None:
    campaign = bloc_round(world)
    mine = rating_of(campaign, member=world.m1)
    response = api_member.get(RATINGS)
    assert ids(response) == [mine.pk]
    assert response.json()["results"][0]["steps_open"] == [RatingStep.SELF_ASSESSED]


def test_rating_list_outsider_sees_only_their_unit(world: World, api_outsider) -> None:
    campaign = bloc_round(world)
    expected = Rating.objects.filter(campaign=campaign, unit_path__startswith=world.org_b.path)
    assert sorted(ids(api_outsider.get(RATINGS))) == sorted(expected.values_list("pk", flat=True))


def test_rating_detail_outsider_gets_404_and_the_attempt_is_logged(world: World, api_outsider) -> None:
    rating = rating_of(bloc_round(world), member=world.m1)
    response = api_outsider.get(rating_url(rating.pk))
    assert response.status_code == 404
    assert "Nguyễn Văn Hùng" not in response.content.decode()
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "rating", str(rating.pk))


def test_rating_detail_member_reads_their_own_and_not_a_fellows(world: World, api_member) -> None:
    campaign = bloc_round(world)
    mine, fellow = rating_of(campaign, member=world.m1), rating_of(campaign, member=world.m2)
    response = api_member.get(rating_url(mine.pk))
    assert response.status_code == 200
    body = response.json()
    assert (body["subject_name"], body["unit_name"], body["step"], body["version"]) == (
        "Nguyễn Văn Hùng", "Chi bộ Phòng Ngân sách", "pending", 1,
    )  # fmt: skip
    assert body["score_sheet"] == {}
    assert api_member.get(rating_url(fellow.pk)).status_code == 404


def test_rating_detail_shows_the_steps_open_to_the_user(world: World, api_officer, api_bloc) -> None:
    rating = rating_of(bloc_round(world), organization=world.org_a)
    assert api_officer.get(rating_url(rating.pk)).json()["steps_open"] == ["self_assessed"]
    for step in ("self_assessed", "reviewed", "proposed"):
        rating = perform_step(actor=world.officer, rating=rating, step=step, level=Level.GOOD,
                              expected_version=rating.version)  # fmt: skip
    # A grassroots organization is decided by the level above: the bloc, not its own committee.
    assert api_officer.get(rating_url(rating.pk)).json()["steps_open"] == ["proposed"]
    assert api_bloc.get(rating_url(rating.pk)).json()["steps_open"] == ["decided", "proposed"]


def test_rating_filters(world: World, api_bloc) -> None:
    old = bloc_round(world, 2024)
    new = bloc_round(world, 2025)
    m1_2024 = rating_of(old, member=world.m1)
    perform_step(actor=world.bloc_officer, rating=m1_2024, step="self_assessed", level=Level.GOOD, expected_version=1)
    assert len(ids(api_bloc.get(RATINGS, {"campaign": new.pk}))) == new.ratings.count() == 8
    assert len(ids(api_bloc.get(RATINGS, {"year": 2024}))) == 8
    assert len(ids(api_bloc.get(RATINGS, {"year": 2024, "subject_kind": SubjectKind.MEMBER}))) == 3
    a1 = ids(api_bloc.get(RATINGS, {"year": 2024, "unit": world.cell_a1.pk}))
    assert sorted(a1) == sorted(Rating.objects.filter(campaign=old, unit=world.cell_a1).values_list("pk", flat=True))
    assert ids(api_bloc.get(RATINGS, {"year": 2024, "step": "self_assessed"})) == [m1_2024.pk]
    assert ids(api_bloc.get(RATINGS, {"final_level": Level.GOOD})) == []


def test_rating_filter_by_unit_outside_the_scope_is_empty(world: World, api_officer) -> None:
    bloc_round(world)
    assert ids(api_officer.get(RATINGS, {"unit": world.org_b.pk})) == []
    assert ids(api_officer.get(RATINGS, {"unit": 999_999})) == []


@pytest.mark.parametrize("params", [{"unit": "abc"}, {"final_level": "xuat_sac"}, {"subject_kind": "x"}])
def test_rating_filter_with_bad_value_is_400(world: World, api_officer, params: dict[str, str]) -> None:
    assert api_officer.get(RATINGS, params).status_code == 400


def test_rating_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2))
    campaign = bloc_round(world)  # cell A2 has no members yet: only the cell itself is rated there
    assert len(ids(client.get(RATINGS))) == 1
    one = count_queries(lambda: client.get(RATINGS))
    for given_name in ("Mai", "Nam"):
        member = make_member(organization=world.cell_a2, given_name=given_name)
        Rating.objects.create(campaign=campaign, year=2024, subject_kind=SubjectKind.MEMBER, member=member,
                              unit=world.cell_a2, unit_path=world.cell_a2.path, grassroots=world.org_a)  # fmt: skip
    assert len(ids(client.get(RATINGS))) == 3
    assert count_queries(lambda: client.get(RATINGS)) == one
