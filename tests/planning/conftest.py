"""A rated world: the shared tree with a year of ratings written directly with their snapshot fields.

Year 2025 (targets of Kế hoạch 20-KH/ĐUK: > 90%, > 20% model cells, 3–4% admissions):
- grassroots A (state agency): cells A1 (10 members) and A2 (5 members); 13 of 15 rated good or better
  (86,7%), plus one member not rated and one without a final level (both left out);
- grassroots B (state enterprise): cell B1, 10 members, 9 good or better (exactly 90%); one member admitted
  on 10/05/2025 (not rated), with the admission record (a candidacy on probation) the admission rate counts;
- grassroots ratings: A good, B fulfilled; model cell: A1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.admissions.enums import Proposer, Stage
from dangbo.admissions.models import Candidate
from dangbo.evaluations.enums import DesignationKind, Level, SubjectKind
from dangbo.evaluations.models import Designation, DesignationChecklist, Rating, RatingCampaign, RuleSet
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from ..conftest import World
from ..factories import make_member

YEAR = 2025


def campaign_for(org: Organization, year: int = YEAR) -> RatingCampaign:
    found = RatingCampaign.objects.filter(organization=org, year=year).first()
    if found:
        return found
    day = dt.date(year, 12, 31)
    return RatingCampaign.objects.create(
        year=year, organization=org, rule_set=RuleSet.objects.order_by("effective_from").last(),
        reference_date=day, self_assessment_due=day, review_due=day, proposal_due=day, decision_due=day,
        verification_due=day,
    )  # fmt: skip


def grassroots_of(unit: Organization) -> Organization:
    return unit if unit.kind in ("grassroots_committee", "grassroots_cell") else unit.parent  # type: ignore[return-value]


def rate_member(member: Member, level: str, *, year: int = YEAR, not_rated: bool = False) -> Rating:
    unit = member.organization
    grassroots = grassroots_of(unit)
    return Rating.objects.create(
        campaign=campaign_for(grassroots.parent or grassroots, year), year=year, subject_kind=SubjectKind.MEMBER,
        member=member, unit=unit, unit_path=unit.path, grassroots=grassroots, org_type=grassroots.org_type,
        not_rated=not_rated, final_level=level,
    )  # fmt: skip


def rate_grassroots(org: Organization, level: str, *, year: int = YEAR) -> Rating:
    return Rating.objects.create(
        campaign=campaign_for(org.parent or org, year), year=year, subject_kind=SubjectKind.GRASSROOTS,
        organization=org, unit=org, unit_path=org.path, grassroots=org, org_type=org.org_type, final_level=level,
    )  # fmt: skip


def designate_model_cell(cell: Organization, *, year: int = YEAR) -> Designation:
    grassroots = grassroots_of(cell)
    checklist, _ = DesignationChecklist.objects.get_or_create(
        organization=grassroots.parent or grassroots, kind=DesignationKind.MODEL_CELL, year_from=2024
    )
    return Designation.objects.create(
        year=year, organization=cell, kind=DesignationKind.MODEL_CELL, checklist=checklist,
        unit_path=cell.path, grassroots=grassroots, org_type=grassroots.org_type,
    )  # fmt: skip


def admission_record(member: Member, *, stage: str = Stage.PROBATION) -> Candidate:
    """The candidacy that admitted `member` (written directly: the admission rate counts these)."""
    return Candidate.objects.create(
        family_name=member.family_name, middle_name=member.middle_name, given_name=member.given_name,
        gender=member.gender, birth_date=member.birth_date, cell=member.organization, path=member.organization.path,
        stage=stage, proposer_kind=Proposer.CELL, proposed_on=dt.date(member.admission_decision_date.year - 1, 3, 1),
        decided_on=member.admission_decision_date, ceremony_on=member.ceremony_date, member=member,
    )  # fmt: skip


@dataclass
class Rated:
    world: World
    a_members: list[Member]
    b_members: list[Member]
    admitted: Member


@pytest.fixture
def rated(world: World) -> Rated:
    a1 = [world.m1, world.m2] + [make_member(organization=world.cell_a1) for _ in range(8)]
    a2 = [make_member(organization=world.cell_a2) for _ in range(5)]
    a_members = a1 + a2
    levels_a = [Level.EXCELLENT, Level.EXCELLENT] + [Level.GOOD] * 11 + [Level.FULFILLED, Level.UNFULFILLED]
    for member, level in zip(a_members, levels_a, strict=True):
        rate_member(member, level)
    rate_member(make_member(organization=world.cell_a1), "", not_rated=True)  # exempt: not rated
    rate_member(make_member(organization=world.cell_a2), "")  # round not finished for them
    b_members = [world.m3] + [make_member(organization=world.cell_b1) for _ in range(9)]
    for i, member in enumerate(b_members):
        rate_member(member, Level.GOOD if i < 9 else Level.FULFILLED)
    admitted = make_member(
        organization=world.cell_b1, admission_decision_date=dt.date(2025, 5, 10), ceremony_date=dt.date(2025, 5, 19),
        full_membership_date=None,
    )  # fmt: skip
    admission_record(admitted)
    rate_grassroots(world.org_a, Level.GOOD)
    rate_grassroots(world.org_b, Level.FULFILLED)
    designate_model_cell(world.cell_a1)
    return Rated(world, a_members, b_members, admitted)


from .plan_world import pw as pw  # noqa: E402  (the plans' tests' plan, `plan_world`)
