"""Opening a rating round: the campaign and one rating row for every subject of its tree, in bulk.

The steps of each rating are taken through `workflow.perform_step`; locking and reopening a round
through `locking.lock_campaign` / `locking.reopen_campaign`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.db.models import Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind, OrgLevel
from dangbo.organizations.models import Organization

from .enums import RatingStep, SubjectKind
from .facts import Records, records_on, standing_on
from .models import Rating, RatingCampaign, RuleSet
from .params import RuleSetData
from .rules import SubjectFacts, evaluate
from .selectors import rule_set_for_year

BATCH = 5000
GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


@dataclass(frozen=True)
class Deadlines:
    reference_date: dt.date
    self_assessment_due: dt.date
    review_due: dt.date
    proposal_due: dt.date
    decision_due: dt.date
    verification_due: dt.date

    @classmethod
    def default_for(cls, year: int) -> Deadlines:
        return cls(
            reference_date=dt.date(year, 12, 31),
            self_assessment_due=dt.date(year, 12, 10),
            review_due=dt.date(year, 12, 20),
            proposal_due=dt.date(year, 12, 25),
            decision_due=dt.date(year + 1, 1, 10),
            verification_due=dt.date(year + 1, 1, 20),
        )

    def check(self, year: int) -> None:
        if self.reference_date.year != year:
            raise DomainError(f"Ngày tính điều kiện phải thuộc năm {year}.", field="reference_date")
        order = [
            ("self_assessment_due", "hạn tự đánh giá"),
            ("review_due", "hạn kiểm điểm tại chi bộ"),
            ("proposal_due", "hạn đề xuất"),
            ("decision_due", "hạn quyết định"),
            ("verification_due", "hạn thẩm định"),
        ]
        for (earlier, earlier_name), (later, later_name) in pairwise(order):
            if getattr(self, later) < getattr(self, earlier):
                raise DomainError(f"{later_name.capitalize()} không được trước {earlier_name}.", field=later)
        if self.self_assessment_due.year < year:
            raise DomainError(f"Hạn tự đánh giá phải từ năm {year}.", field="self_assessment_due")


@dataclass
class _Unit:
    org: Organization
    grassroots: Organization | None


def _units(root: Organization, day: dt.date) -> dict[int, _Unit]:
    """Every active organization of the subtree with its grassroots organization (one query)."""
    orgs = list(Organization.objects.filter(path__startswith=root.path, dissolved_on__isnull=True).order_by("path"))
    by_path = {o.path: o for o in orgs}
    out: dict[int, _Unit] = {}
    for o in orgs:
        grassroots = next(
            (by_path[p] for p in o.ancestor_paths() if p in by_path and by_path[p].kind in GRASSROOTS_KINDS), None
        )
        out[o.pk] = _Unit(o, grassroots)
    return out


def _not_rated(rule_set: RuleSetData, facts: SubjectFacts) -> list[str]:
    verdict = evaluate(rule_set, facts)
    return verdict.messages if verdict.not_rated else []


def _member_ratings(campaign: RatingCampaign, rule_set: RuleSetData, units: dict[int, _Unit]) -> Iterator[Rating]:
    cells = [pk for pk, u in units.items() if u.org.holds_members]
    year, day = campaign.year, campaign.reference_date
    months = rule_set.params.not_rated.admitted_within_months
    recent = day - dt.timedelta(days=31 * (months + 1)) if months else None  # a cheap pre-filter
    rows = (
        Member.objects.filter(organization_id__in=cells, status__in=sorted(ON_ROLLS))
        .order_by()
        .values_list("pk", "organization_id", "status", "admission_decision_date")
    )
    # Status and cell on the reference date, from the dated history (the current record without one).
    standing = standing_on(day, members=Q(member__organization_id__in=cells))
    # Suspended or exempt that day by a movement record (few across the tree: one read of each).
    records = records_on(day)
    for pk, org_id, status, admitted in rows.iterator(chunk_size=BATCH):
        on_day = standing.get(pk)
        if on_day is not None:
            status = on_day.status
            org_id = on_day.cell_id if on_day.cell_id in units and units[on_day.cell_id].org.holds_members else org_id
        unit = units[org_id]
        reasons: list[str] = []
        held = records.get(pk)
        if status == MemberStatus.EXEMPT or held is not None or (recent is not None and admitted > recent):
            facts = SubjectFacts(
                SubjectKind.MEMBER, year, day, status=status, admitted_on=admitted, **(held or Records()).facts()
            )
            reasons = _not_rated(rule_set, facts)
        yield _rating(campaign, SubjectKind.MEMBER, unit, reasons, member_id=pk)


def _rating(campaign: RatingCampaign, kind: SubjectKind, unit: _Unit, reasons: list[str], **subject: Any) -> Rating:
    grassroots = unit.grassroots
    sector = grassroots.org_type if grassroots is not None else unit.org.org_type
    return Rating(
        campaign=campaign,
        year=campaign.year,
        subject_kind=kind,
        unit_id=unit.org.pk,
        unit_path=unit.org.path,
        grassroots_id=grassroots.pk if grassroots is not None else None,
        org_type=sector,
        not_rated=bool(reasons),
        reasons=reasons,
        step=RatingStep.PENDING,
        **subject,
    )


def _collective_ratings(campaign: RatingCampaign, rule_set: RuleSetData, units: dict[int, _Unit]) -> Iterator[Rating]:
    for unit in units.values():
        kind = (
            SubjectKind.GRASSROOTS
            if unit.org.kind in GRASSROOTS_KINDS
            else SubjectKind.CELL
            if unit.org.kind == OrgKind.CELL
            else None
        )
        if kind is None:
            continue
        facts = SubjectFacts(kind, campaign.year, campaign.reference_date, founded_on=unit.org.founded_on)
        yield _rating(campaign, kind, unit, _not_rated(rule_set, facts), organization_id=unit.org.pk)


def _bulk(rows: Iterator[Rating]) -> tuple[int, int]:
    created = not_rated = 0
    batch: list[Rating] = []
    for row in rows:
        batch.append(row)
        not_rated += row.not_rated
        if len(batch) >= BATCH:
            Rating.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    if batch:
        Rating.objects.bulk_create(batch)
        created += len(batch)
    return created, not_rated


def _check_no_overlap(organization: Organization, year: int) -> None:
    clash = (
        RatingCampaign.objects.filter(year=year)
        .filter(
            Q(organization__path__in=organization.ancestor_paths())
            | Q(organization__path__startswith=organization.path)
        )
        .select_related("organization")
        .first()
    )
    if clash is not None:
        raise DomainError(
            f"Năm {year} đã có đợt đánh giá của {clash.organization} bao gồm tổ chức này: "
            "mỗi đối tượng chỉ được xếp loại một lần trong năm.",
            field="year",
            code="duplicate",
        )
    if Rating.objects.filter(year=year, unit_path__startswith=organization.path).exists():
        raise DomainError(
            f"Năm {year} đã có kết quả xếp loại trong {organization}: "
            "mỗi đối tượng chỉ được xếp loại một lần trong năm.",
            field="year",
            code="duplicate",
        )


def open_campaign(
    *, actor: Any, organization: Organization, year: int, deadlines: Deadlines | None = None
) -> RatingCampaign:
    """Open the rating round of `year` over `organization`'s tree.

    Steps: refuse an organization out of the actor's scope (logged) or below grassroots level; pick the
    rule set in force for the year (refused when there is none); check the deadlines; refuse a second
    round covering the same subjects in the year; create the campaign; create in batches one rating for
    every member on the rolls of the tree's cells, every cell and every grassroots organization, each
    with its unit snapshot (cell, grassroots organization, sector, path), marking the subjects the rules
    do not rate (exempt, admitted or founded less than 6 months before the reference date) with their
    reasons; audit with the counts.
    """
    scope = scope_for(actor)
    if not scope.covers_path(Right.MANAGE_ORGS, organization.path):
        if scope.covers_path(Right.VIEW_ORGS, organization.path):
            raise DomainError("Bạn không có quyền mở đợt đánh giá cho tổ chức này.", code="forbidden")
        log_denied(actor=actor, what="organization", object_id=organization.pk)  # outside the transaction: it stays
        raise DomainError("Không tìm thấy tổ chức đảng này trong phạm vi của bạn.", code="not_found")
    with transaction.atomic():
        return _open(actor, organization, year, deadlines)


def _open(actor: Any, organization: Organization, year: int, deadlines: Deadlines | None) -> RatingCampaign:
    if organization.level not in (OrgLevel.UPPER, OrgLevel.GRASSROOTS) or not organization.is_active:
        raise DomainError(
            "Chỉ mở đợt đánh giá cho đảng bộ cấp trên cơ sở hoặc tổ chức cơ sở đảng đang hoạt động.",
            field="organization",
        )
    rule_set_data = rule_set_for_year(year)
    deadlines = deadlines or Deadlines.default_for(year)
    deadlines.check(year)
    _check_no_overlap(organization, year)
    campaign = RatingCampaign.objects.create(
        year=year,
        organization=organization,
        rule_set_id=_rule_set_pk(rule_set_data),
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        **deadlines.__dict__,
    )
    units = _units(organization, deadlines.reference_date)
    members, members_not_rated = _bulk(_member_ratings(campaign, rule_set_data, units))
    orgs, orgs_not_rated = _bulk(_collective_ratings(campaign, rule_set_data, units))
    counts = {
        "members": members,
        "members_not_rated": members_not_rated,
        "organizations": orgs,
        "organizations_not_rated": orgs_not_rated,
        "rule_set": rule_set_data.code,
    }
    log_action("evaluations.campaign.opened", actor=actor, object_type="campaign", object_id=campaign.pk,
               object_repr=str(campaign), scope_path=organization.path, data=counts)  # fmt: skip
    return campaign


def _rule_set_pk(data: RuleSetData) -> int:
    return RuleSet.objects.only("pk").get(code=data.code).pk
