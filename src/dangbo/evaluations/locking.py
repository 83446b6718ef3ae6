"""Locking and reopening a rating round: who may, and the one function for each change.

A round is locked by the organization board of the organization that opened it (or above), after a
confirmation page that lists what is still pending; a locked round refuses every write to its ratings
(`workflow._require_open`) until the same board reopens it with a recorded reason. Both changes are
audited and ask the planning app to recompute the year's KPI values.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dangbo.accounts.enums import Right, RoleKind
from dangbo.accounts.models import Role
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import ConcurrentEditError, DomainError

from .enums import CampaignState
from .models import RatingCampaign

KPI_JOB = "planning.kpi.recompute"


def require_bloc(actor: Any, campaign: RatingCampaign) -> None:
    """Only an organization board officer at the round's root organization (or above) locks or reopens it."""
    today = timezone.localdate()
    if getattr(actor, "pk", None) is None:
        raise DomainError("Chỉ Ban Tổ chức mới được khóa hoặc mở lại đợt đánh giá.", code="forbidden")
    holds = (
        Role.objects.filter(
            user_id=actor.pk,
            kind=RoleKind.BLOC_ORGANIZATION_OFFICER,
            organization__path__in=campaign.organization.ancestor_paths(),
        )
        .filter(Q(start__isnull=True) | Q(start__lte=today))
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exists()
    )
    if not holds:
        raise DomainError(
            f"Chỉ Ban Tổ chức của {campaign.organization} mới được khóa hoặc mở lại đợt đánh giá.", code="forbidden"
        )


def may_lock(actor: Any, campaign: RatingCampaign) -> bool:
    """Whether `actor` may lock or reopen the round (for showing the buttons)."""
    try:
        require_bloc(actor, campaign)
    except DomainError:
        return False
    return True


def _require_campaign_visible(actor: Any, campaign: RatingCampaign) -> None:
    scope, root = scope_for(actor), campaign.organization.path
    paths = scope.paths(Right.VIEW_MEMBERS)
    if not any(root.startswith(p) or p.startswith(root) for p in paths):
        log_denied(actor=actor, what="campaign", object_id=campaign.pk)
        raise DomainError("Không tìm thấy đợt đánh giá này trong phạm vi của bạn.", code="not_found")


def _locked_campaign(actor: Any, campaign: RatingCampaign, expected_version: int) -> RatingCampaign:
    campaign = RatingCampaign.objects.select_for_update(of=("self",)).select_related("organization").get(pk=campaign.pk)
    require_bloc(actor, campaign)
    if campaign.version != expected_version:
        raise ConcurrentEditError()
    return campaign


def _round_counts(campaign: RatingCampaign) -> dict[str, int]:
    counts: dict[str, int] = campaign.ratings.aggregate(
        total=Count("pk"),
        not_rated=Count("pk", filter=Q(not_rated=True)),
        decided=Count("pk", filter=~Q(final_level="")),
    )
    counts["pending"] = counts["total"] - counts["not_rated"] - counts["decided"]
    return counts


def _start_kpi_recompute(actor: Any, campaign: RatingCampaign) -> None:
    """Ask the planning app to recompute the year's KPI values, when it has registered that job."""
    from dangbo.core.jobs import _HANDLERS, start_job

    if KPI_JOB in _HANDLERS:
        start_job(
            kind=KPI_JOB, owner=actor, params={"year": campaign.year, "organization_id": campaign.organization_id}
        )


def lock_campaign(*, actor: Any, campaign: RatingCampaign, expected_version: int) -> RatingCampaign:
    """Lock the round: no rating of it can change until the bloc reopens it.

    Steps: lock the row; refuse out of scope (logged), anyone but the bloc's organization board, a stale
    version, a round already locked; set the state and time; audit with the round's counts (the ratings
    still pending included: the page asked the user to confirm knowing them); start the KPI recompute
    job when the planning app provides it.
    """
    _require_campaign_visible(actor, campaign)
    with transaction.atomic():
        return _lock(actor, campaign, expected_version)


def _lock(actor: Any, campaign: RatingCampaign, expected_version: int) -> RatingCampaign:
    campaign = _locked_campaign(actor, campaign, expected_version)
    if campaign.state == CampaignState.LOCKED:
        raise DomainError(f"Đợt đánh giá năm {campaign.year} đã khóa từ trước.", code="locked")
    campaign.state = CampaignState.LOCKED
    campaign.locked_at = timezone.now()
    campaign.version += 1
    campaign.save(update_fields=["state", "locked_at", "version", "updated_at"])
    counts = _round_counts(campaign)
    log_action("evaluations.campaign.locked", actor=actor, object_type="campaign", object_id=campaign.pk,
               object_repr=str(campaign), scope_path=campaign.organization.path, data=counts)  # fmt: skip
    _start_kpi_recompute(actor, campaign)
    return campaign


def reopen_campaign(*, actor: Any, campaign: RatingCampaign, reason: str, expected_version: int) -> RatingCampaign:
    """Reopen a locked round, with a recorded reason.

    Steps: lock the row; refuse out of scope (logged), anyone but the bloc's organization board, a stale
    version, a round that is open, an empty reason; set the state; audit with the reason; start the KPI
    recompute job when the planning app provides it.
    """
    _require_campaign_visible(actor, campaign)
    with transaction.atomic():
        return _reopen(actor, campaign, reason, expected_version)


def _reopen(actor: Any, campaign: RatingCampaign, reason: str, expected_version: int) -> RatingCampaign:
    campaign = _locked_campaign(actor, campaign, expected_version)
    if campaign.state != CampaignState.LOCKED:
        raise DomainError(f"Đợt đánh giá năm {campaign.year} đang mở.", code="open")
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy nêu lý do mở lại đợt đánh giá.", field="reason")
    campaign.state = CampaignState.OPEN
    campaign.locked_at = None
    campaign.version += 1
    campaign.save(update_fields=["state", "locked_at", "version", "updated_at"])
    log_action("evaluations.campaign.reopened", actor=actor, object_type="campaign", object_id=campaign.pk,
               object_repr=str(campaign), scope_path=campaign.organization.path, data={"reason": reason})  # fmt: skip
    _start_kpi_recompute(actor, campaign)
    return campaign


__all__ = ["KPI_JOB", "lock_campaign", "may_lock", "reopen_campaign", "require_bloc"]
