"""The facts a verdict reads stand on the round's reference date (dated history), and members the rules
do not rate still save their self-review through `perform_step` while every level is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.facts import facts_for_ratings, standing_on
from dangbo.evaluations.models import Rating
from dangbo.members.services import change_status, move_to_cell
from tests.factories import make_member

from .conftest import RULES_124, open_round, rating_of, take

REFERENCE = dt.date(2024, 12, 31)  # the default reference date of the 2024 round


def _exempt(world, on):
    change_status(actor=world.officer, member=world.m1, status="exempt", on=on, reason="Tuổi cao, sức yếu")


def test_facts_read_the_status_on_the_reference_date_not_today(world, round_2024):
    _exempt(world, REFERENCE + dt.timedelta(days=1))  # exempt from the day after the reference date
    rating = Rating.objects.select_related("member").get(campaign=round_2024, member=world.m1)
    assert rating.member.status == "exempt"
    facts = facts_for_ratings(round_2024, [rating])[rating.pk]
    assert facts.status == "full"
    done = take(world.officer, rating, "self_assessed", Level.GOOD)  # still rated: the verdict allows it
    assert done.self_level == Level.GOOD


def test_facts_status_changed_on_the_reference_date_counts(world, round_2024):
    _exempt(world, REFERENCE)  # periods start inclusive: exempt on the reference date itself
    rating = Rating.objects.select_related("member").get(campaign=round_2024, member=world.m1)
    assert facts_for_ratings(round_2024, [rating])[rating.pk].status == "exempt"


def test_opening_a_round_marks_not_rated_by_the_status_on_the_reference_date(world):
    _exempt(world, REFERENCE + dt.timedelta(days=1))
    change_status(actor=world.officer, member=world.m2, status="exempt", on=REFERENCE - dt.timedelta(days=30))
    campaign = open_round(world, 2024)
    assert rating_of(campaign, member=world.m1).not_rated is False
    late = rating_of(campaign, member=world.m2)
    assert late.not_rated is True and "miễn công tác và sinh hoạt đảng" in late.reasons[0]


def test_opening_a_round_places_the_member_in_the_cell_of_the_reference_date(world):
    move_to_cell(actor=world.officer, member=world.m1, organization=world.cell_a2, on=REFERENCE + dt.timedelta(days=1))
    move_to_cell(actor=world.officer, member=world.m2, organization=world.cell_a2, on=REFERENCE)
    campaign = open_round(world, 2024)
    assert rating_of(campaign, member=world.m1).unit_id == world.cell_a1.pk  # moved after: the old cell
    assert rating_of(campaign, member=world.m2).unit_id == world.cell_a2.pk  # moved on the day: the new cell


def test_standing_on_reads_both_histories_at_the_boundaries(world):
    move_to_cell(actor=world.officer, member=world.m1, organization=world.cell_a2, on=dt.date(2024, 7, 1))
    ids = Q(member_id__in=[world.m1.pk, world.m2.pk])
    before = standing_on(dt.date(2024, 6, 30), members=ids)
    after = standing_on(dt.date(2024, 7, 1), members=ids)
    assert before[world.m1.pk].cell_id == world.cell_a1.pk and after[world.m1.pk].cell_id == world.cell_a2.pk
    assert after[world.m2.pk].status == "full" and before[world.m2.pk].cell_id == world.cell_a1.pk
    # Before the admission no history covers the day: the member is absent and callers use today's record.
    assert standing_on(dt.date(2000, 1, 1), members=ids) == {}


def test_not_rated_member_saves_the_self_review_but_no_level(world):
    _exempt(world, dt.date(2024, 6, 1))
    campaign = open_round(world, 2024)
    rating = rating_of(campaign, member=world.m1)
    with pytest.raises(DomainError) as exc:
        take(world.member_user, rating, "self_assessed", Level.GOOD, self_review="Bản tự kiểm điểm")
    assert exc.value.code == "not_rated"
    assert "Không xếp loại chất lượng" in exc.value.message and "vẫn tự kiểm điểm" in exc.value.message
    assert RULES_124 in exc.value.message
    rating.refresh_from_db()
    assert rating.self_review == "" and rating.step == RatingStep.PENDING
    done = take(world.member_user, rating, "self_assessed", self_review="  Bản tự kiểm điểm  ")
    assert (done.self_review, done.step, done.self_level) == ("Bản tự kiểm điểm", RatingStep.SELF_ASSESSED, "")
    assert done.reasons == rating.reasons  # the stored reason stays
    entry = AuditEntry.objects.get(action="evaluations.rating.self_assessed", object_id=str(rating.pk))
    assert entry.after == {"self_review": "Bản tự kiểm điểm", "step": "self_assessed"}
    with pytest.raises(DomainError, match="vẫn tự kiểm điểm"):
        take(world.officer, done, "reviewed", Level.GOOD)


def test_recently_admitted_member_saves_the_self_review(world):
    recent = make_member(organization=world.cell_a1, admission_decision_date=dt.date(2024, 10, 1),
                         ceremony_date=None, full_membership_date=None, status="probationary")  # fmt: skip
    campaign = open_round(world, 2024)
    rating = rating_of(campaign, member=recent)
    assert rating.not_rated
    done = take(world.officer, rating, "self_assessed", self_review="Mới được kết nạp, đang phấn đấu.")
    assert done.self_review == "Mới được kết nạp, đang phấn đấu."


def test_self_review_only_at_the_self_assessment_and_not_for_others(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    take(world.member_user, rating, "self_assessed", Level.GOOD, self_review="Tự nhận xét")
    with pytest.raises(DomainError, match="chỉ ghi ở bước tự đánh giá"):
        take(world.officer, rating, "reviewed", Level.GOOD, self_review="Chi bộ viết thay")
    other = rating_of(round_2024, member=world.m2)
    with pytest.raises(DomainError) as exc:
        take(world.member_user, other, "self_assessed", Level.GOOD, self_review="Viết hộ")
    assert exc.value.code == "not_found"
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.member_user).exists()
    other.refresh_from_db()
    assert other.self_review == ""
