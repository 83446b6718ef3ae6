"""Opening a rating round: the campaign and one rating row for every subject of its tree, set-based
(`round_rows.write_ratings`, decision 0056).

The steps of each rating are taken through `workflow.perform_step`; locking and reopening a round
through `locking.lock_campaign` / `locking.reopen_campaign`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.db.models import Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgLevel
from dangbo.organizations.models import Organization

from .models import Rating, RatingCampaign, RuleSet
from .params import RuleSetData
from .round_rows import tree_units, write_ratings
from .selectors import rule_set_for_year


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
    written = write_ratings(campaign, rule_set_data, tree_units(organization))
    counts = {
        "members": written.members,
        "members_not_rated": written.members_not_rated,
        "organizations": written.organizations,
        "organizations_not_rated": written.organizations_not_rated,
        "rule_set": rule_set_data.code,
    }
    log_action("evaluations.campaign.opened", actor=actor, object_type="campaign", object_id=campaign.pk,
               object_repr=str(campaign), scope_path=organization.path, data=counts)  # fmt: skip
    return campaign


def _rule_set_pk(data: RuleSetData) -> int:
    return RuleSet.objects.only("pk").get(code=data.code).pk
