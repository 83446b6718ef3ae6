"""Opening a rating round: one rating per subject in bulk, not-rated subjects marked, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.models import User
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import CampaignState, SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign, RuleSet
from dangbo.evaluations.services import Deadlines, open_campaign
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from tests.factories import make_member, make_org

from .conftest import open_round, rating_of


def test_open_campaign_creates_one_rating_per_subject_with_unit_snapshot(world):
    campaign = open_round(world, 2024)
    assert campaign.rule_set.code == "QD124-2023"
    assert campaign.state == CampaignState.OPEN
    ratings = Rating.objects.filter(campaign=campaign)
    assert ratings.filter(subject_kind=SubjectKind.MEMBER).count() == 3
    assert set(ratings.filter(subject_kind=SubjectKind.CELL).values_list("organization__code", flat=True)) == {
        "A1",
        "A2",
        "B1",
    }
    assert set(ratings.filter(subject_kind=SubjectKind.GRASSROOTS).values_list("organization__code", flat=True)) == {
        "A",
        "B",
    }
    m3 = rating_of(campaign, member=world.m3)
    assert (m3.unit_id, m3.grassroots_id, m3.unit_path) == (world.cell_b1.pk, world.org_b.pk, world.cell_b1.path)
    assert m3.org_type == "state_enterprise"
    cell = rating_of(campaign, organization=world.cell_a1)
    assert (cell.unit_id, cell.grassroots_id) == (world.cell_a1.pk, world.org_a.pk)
    entry = AuditEntry.objects.get(action="evaluations.campaign.opened", object_id=str(campaign.pk))
    assert entry.data["members"] == 3 and entry.data["organizations"] == 5


def test_open_campaign_uses_the_rule_set_of_the_year(world):
    assert open_round(world, 2025).rule_set.code == "QD366-2025"


def test_open_campaign_marks_subjects_not_rated_with_reasons(world):
    exempt = make_member(organization=world.cell_a2, status=MemberStatus.EXEMPT)
    # Admitted 01/07/2024: 5 full months to the reference date 31/12/2024 is short of 6 → not rated.
    recent = make_member(organization=world.cell_a2, admission_decision_date=dt.date(2024, 7, 1),
                         ceremony_date=None, full_membership_date=None, status=MemberStatus.PROBATIONARY)  # fmt: skip
    # Admitted 30/06/2024: exactly 6 months on 31/12/2024 → rated.
    six = make_member(organization=world.cell_a2, admission_decision_date=dt.date(2024, 6, 30),
                      ceremony_date=None, full_membership_date=None, status=MemberStatus.PROBATIONARY)  # fmt: skip
    young_cell = make_org(parent=world.org_a, founded_on=dt.date(2024, 9, 1))
    campaign = open_round(world, 2024)
    r_exempt = rating_of(campaign, member=exempt)
    assert r_exempt.not_rated
    assert "miễn công tác và sinh hoạt đảng" in r_exempt.reasons[0] and "124-QĐ/TW" in r_exempt.reasons[0]
    r_recent = rating_of(campaign, member=recent)
    assert r_recent.not_rated and "01/07/2024" in r_recent.reasons[0]
    assert not rating_of(campaign, member=six).not_rated
    r_cell = rating_of(campaign, organization=young_cell)
    assert r_cell.not_rated and "01/09/2024" in r_cell.reasons[0]
    assert not rating_of(campaign, organization=world.cell_a1).not_rated


def test_open_campaign_skips_members_off_the_rolls(world):
    gone = make_member(organization=world.cell_a2)
    Member.objects.filter(pk=gone.pk).update(status=MemberStatus.DECEASED)
    campaign = open_round(world, 2024)
    assert not Rating.objects.filter(campaign=campaign, member=gone).exists()


def test_open_campaign_query_count_does_not_grow_with_members(world):
    def fresh_actor() -> User:  # no scope cached on the user object
        return User.objects.get(pk=world.bloc_officer.pk)

    actor = fresh_actor()
    with CaptureQueriesContext(connection) as few:
        open_campaign(actor=actor, organization=world.bloc, year=2024)
    for _ in range(12):
        make_member(organization=world.cell_a2)
    actor = fresh_actor()
    with CaptureQueriesContext(connection) as many:
        open_campaign(actor=actor, organization=world.bloc, year=2025)
    assert Rating.objects.filter(campaign__year=2025, subject_kind="member").count() == 15
    assert len(many) == len(few)


def test_open_campaign_twice_for_a_year_is_refused(world, round_2024):
    with pytest.raises(DomainError, match="mỗi đối tượng chỉ được xếp loại một lần trong năm"):
        open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    # A grassroots round inside the bloc's round of the same year is refused too.
    with pytest.raises(DomainError, match="đã có đợt đánh giá"):
        open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    assert RatingCampaign.objects.count() == 1
    assert Rating.objects.filter(year=2024, member=world.m1).count() == 1


def test_open_campaign_without_rule_set_is_refused(world):
    RuleSet.objects.filter(code="QD124-2023").delete()
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc"):
        open_round(world, 2024)
    assert RatingCampaign.objects.count() == 0


def test_open_campaign_out_of_scope_is_refused_and_logged(world):
    with pytest.raises(DomainError, match="Không tìm thấy"):
        open_campaign(actor=world.outsider, organization=world.org_a, year=2024)
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()
    assert RatingCampaign.objects.count() == 0 and Rating.objects.count() == 0


def test_open_campaign_for_a_cell_is_refused(world):
    with pytest.raises(DomainError, match="cấp trên cơ sở hoặc tổ chức cơ sở đảng"):
        open_campaign(actor=world.bloc_officer, organization=world.cell_a1, year=2024)
    assert RatingCampaign.objects.count() == 0


def test_open_campaign_with_deadlines_out_of_order_is_refused(world):
    bad = Deadlines(dt.date(2024, 12, 31), dt.date(2024, 12, 20), dt.date(2024, 12, 10), dt.date(2024, 12, 25),
                    dt.date(2025, 1, 10), dt.date(2025, 1, 20))  # fmt: skip
    with pytest.raises(DomainError, match="Hạn kiểm điểm tại chi bộ không được trước hạn tự đánh giá"):
        open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024, deadlines=bad)
    assert RatingCampaign.objects.count() == 0


def test_grassroots_officer_opens_a_round_for_own_grassroots(world):
    campaign = open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    assert set(Rating.objects.filter(campaign=campaign).values_list("unit__code", flat=True)) == {"A", "A1", "A2"}
    assert campaign.organization.kind == OrgKind.GRASSROOTS_COMMITTEE
