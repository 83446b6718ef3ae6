"""Rating round pages: the rounds and the form that opens one, a round's progress per unit, a unit's
ratings in one screen (one htmx form per row), one rating with its history, lock (after a confirmation
page) and reopen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgLevel
from dangbo.organizations.selectors import organizations_for

from . import locking, selectors, services, workflow
from .enums import CampaignState, RatingStep
from .explanations import explain_rating, rating_history
from .facts import member_task_facts, residence_lines
from .forms import LockForm, OpenCampaignForm, OverrideForm, ReopenForm, StepForm
from .models import Rating, RatingCampaign
from .params import RuleSetData
from .scoring import TaskFacts


def _show(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    if field is None and error.field and f"c_{error.field}" in form.fields:
        field = f"c_{error.field}"
    form.add_error(field, error.message)


def _open_form(scope: Scope, data: Any = None) -> OpenCampaignForm | None:
    if not scope.has_right(Right.MANAGE_ORGS):
        return None
    orgs = (
        organizations_for(scope, right=Right.MANAGE_ORGS)
        .filter(kind__in=["upper", "grassroots_committee", "grassroots_cell"], dissolved_on__isnull=True)
        .order_by("path")
    )
    return OpenCampaignForm(data, organizations=orgs, year=timezone.localdate().year)


def _linkable(scope: Scope, progress: list[selectors.Progress]) -> set[int]:
    """The units of a progress table the user may open (a cell secretary sees the grassroots row, not its page)."""
    units = [p.organization for p in progress if p.organization is not None]  # not the totals row
    return {unit.pk for unit in units if scope.covers_path(Right.VIEW_MEMBERS, unit.path)}


def _own_cells(scope: Scope, campaign: RatingCampaign) -> list[Any]:
    """The cells the user's roles are set on, inside the round: a secretary's way to their cell's ratings."""
    roots = scope.paths(Right.MANAGE_MEMBERS)
    return [
        o
        for o in organizations_for(scope, right=Right.MANAGE_MEMBERS).filter(path__in=roots).order_by("sort_key")
        if o.holds_members and o.path.startswith(campaign.organization.path)
    ]


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The rounds covering the user's part of the tree, and the form that opens one (for those who may)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    campaigns = list(selectors.campaigns_for(scope).order_by("-year", "organization__path"))
    return render(request, "evaluations/campaign_list.html", {"campaigns": campaigns, "form": _open_form(scope)})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_open(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    form = _open_form(scope, request.POST if request.method == "POST" else None)
    assert form is not None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                year=form.cleaned_data["year"],
                deadlines=form.deadlines(),
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Đã mở đợt đánh giá, xếp loại."))
            return redirect("evaluations:campaign", campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/campaign_open.html", {"form": form}, status=status)


@login_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A round: its deadlines and live progress per unit (htmx polls the progress table)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    campaign = get_in_scope_or_404(request, selectors.campaigns_for(scope), campaign_id, what="campaign")
    progress = selectors.campaign_progress(scope, campaign, today=timezone.localdate())
    context = {"campaign": campaign, "progress": progress, "progress_total": selectors.progress_totals(progress),
               "today": timezone.localdate(), "linkable": _linkable(scope, progress)}  # fmt: skip
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "evaluations/_progress.html", context)
    context.update(
        can_lock=locking.may_lock(request.user, campaign),
        reopen_form=ReopenForm(initial={"version": campaign.version}),
        is_open=campaign.state == CampaignState.OPEN,
        own_cells=_own_cells(scope, campaign),
    )
    return render(request, "evaluations/campaign_detail.html", context)


def _bloc_campaign(request: HttpRequest, campaign_id: int) -> tuple[Scope, RatingCampaign]:
    """The round, in scope (else 404, logged), for its organization board only (else 403)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    campaign = get_in_scope_or_404(request, selectors.campaigns_for(scope), campaign_id, what="campaign")
    try:
        locking.require_bloc(request.user, campaign)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    return scope, campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_lock(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Lock a round after a confirmation page: GET lists the units whose ratings are still pending (with
    links), POST locks only with the confirmation box ticked (works without JavaScript)."""
    scope, campaign = _bloc_campaign(request, campaign_id)
    if campaign.state != CampaignState.OPEN:
        messages.info(request, _("Đợt đánh giá đã khóa."))
        return redirect("evaluations:campaign", campaign.pk)
    posted = request.method == "POST"
    form = LockForm(request.POST if posted else None, initial={"version": campaign.version})
    if posted and form.is_valid():
        try:
            locking.lock_campaign(actor=request.user, campaign=campaign, expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã khóa đợt đánh giá."))
            return redirect("evaluations:campaign", campaign.pk)
    progress = selectors.campaign_progress(scope, campaign, today=timezone.localdate())
    return render(request, "evaluations/campaign_lock.html", {
        "campaign": campaign, "form": form, "progress_total": selectors.progress_totals(progress),
        "pending": [p for p in progress if p.pending], "today": timezone.localdate(),
    }, status=400 if posted else 200)  # fmt: skip


@login_required
@require_POST
def campaign_reopen(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Reopen a locked round, with a reason (the undo of a lock; audited)."""
    _scope, campaign = _bloc_campaign(request, campaign_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nêu lý do mở lại đợt đánh giá."))
        return redirect("evaluations:campaign", campaign.pk)
    try:
        locking.reopen_campaign(actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"],
                                expected_version=form.cleaned_data["version"])  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã mở lại đợt đánh giá."))
    return redirect("evaluations:campaign", campaign.pk)


@login_required
@require_GET
def unit_page(request: HttpRequest, campaign_id: int, org_id: int) -> HttpResponse:
    """One unit in a round: a cell's members (and the cell) with a form per row; a committee's units."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    campaign = get_in_scope_or_404(request, selectors.campaigns_for(scope), campaign_id, what="campaign")
    unit = get_in_scope_or_404(request, organizations_for(scope, right=Right.VIEW_MEMBERS), org_id, what="organization")
    if not unit.path.startswith(campaign.organization.path) and not campaign.organization.path.startswith(unit.path):
        raise Http404
    rule_set = campaign.rule_set.as_data()
    rows = []
    ratings = list(selectors.unit_ratings(scope, campaign, unit))
    tasks = member_task_facts(campaign.year, [r.member_id for r in ratings if r.member_id])
    for rating in ratings:
        steps = workflow.steps_open_to(scope, rating)
        form = _step_form(rating, rule_set, steps, tasks) if steps else None
        rows.append({"rating": rating, "form": form})
    progress = (
        []
        if unit.holds_members
        else selectors.campaign_progress(scope, campaign, today=timezone.localdate(), within=unit)
    )
    return render(request, "evaluations/unit.html", {
        "campaign": campaign, "unit": unit, "rows": rows, "progress": progress, "linkable": _linkable(scope, progress),
        "progress_total": selectors.progress_totals(progress),
        "can_review_cell": unit.holds_members and scope.covers_path(Right.MANAGE_MEMBERS, unit.path),
        "is_grassroots": unit.level == OrgLevel.GRASSROOTS, "today": timezone.localdate(),
    })  # fmt: skip


def _step_form(rating: Rating, rule_set: RuleSetData, steps: list[str],
               tasks: dict[int, TaskFacts] | None = None) -> StepForm:  # fmt: skip
    """A rating's step form, with the member's tasks of the year (read now when not given for a whole page)."""
    if tasks is None:
        tasks = member_task_facts(rating.year, [rating.member_id]) if rating.member_id else {}
    return StepForm(rating=rating, rule_set=rule_set, steps=steps, tasks=tasks.get(rating.member_id or 0))


def _rating_in_scope(request: HttpRequest, scope: Scope, rating_id: int) -> Rating:
    qs = selectors.ratings_for(scope).select_related(
        "campaign__organization", "campaign__rule_set", "member", "organization", "grassroots", "unit"
    )
    return get_in_scope_or_404(request, qs, rating_id, what="rating")


@login_required
@require_POST
def rating_step(request: HttpRequest, rating_id: int) -> HttpResponse:
    """Take one step of a rating from its row (htmx answers the row) or from the rating page."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    rating = _rating_in_scope(request, scope, rating_id)
    rule_set = rating.campaign.rule_set.as_data()
    steps = workflow.steps_open_to(scope, rating)
    tasks = member_task_facts(rating.year, [rating.member_id]) if rating.member_id else {}
    form = StepForm(request.POST, rating=rating, rule_set=rule_set, steps=list(RatingStep.values[1:]),
                    tasks=tasks.get(rating.member_id or 0))  # fmt: skip
    saved = False
    if form.is_valid():
        try:
            rating = workflow.perform_step(
                actor=request.user, rating=rating, step=form.cleaned_data["step"],
                level=form.cleaned_data["level"] or None, sheet=form.inputs(), reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )  # fmt: skip
            saved = True
        except DomainError as exc:
            _show(form, exc)
    if saved:
        rating = _rating_in_scope(request, scope, rating.pk)
        steps = workflow.steps_open_to(scope, rating)
        fresh = _step_form(rating, rule_set, steps, tasks) if steps else None
        row = {"rating": rating, "form": fresh, "saved": True}
    else:
        form.fields["step"].choices = [(s, RatingStep(s).label) for s in steps]  # type: ignore[attr-defined]
        row = {"rating": rating, "form": form, "saved": False}
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful answers: a refused step is shown in the row it came from.
        return render(request, "evaluations/_rating_row.html", {"row": row})
    if saved:
        messages.success(request, _("Đã lưu."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("evaluations:rating", rating.pk)


@login_required
@require_GET
def rating_detail(request: HttpRequest, rating_id: int) -> HttpResponse:
    """One rating: the facts the rules read, the verdict with its reasons, the steps taken (history)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    rating = _rating_in_scope(request, scope, rating_id)
    rule_set = rating.campaign.rule_set.as_data()
    steps = workflow.steps_open_to(scope, rating)
    can_override = rating.campaign.state == CampaignState.OPEN and workflow.may_override(scope, rating)
    return render(request, "evaluations/rating_detail.html", {
        "rating": rating, "explanation": explain_rating(rating), "history": rating_history(rating),
        "row": {"rating": rating, "form": _step_form(rating, rule_set, steps) if steps else None},
        "override_form": OverrideForm(initial={"version": rating.version, "level": rating.decided_level})
        if can_override else None,
        "residence": residence_lines(rating.campaign.year, [rating.member_id]).get(rating.member_id)
        if rating.member_id else "",
    })  # fmt: skip


@login_required
@require_POST
def rating_override(request: HttpRequest, rating_id: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    rating = _rating_in_scope(request, scope, rating_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            workflow.override_rating(actor=request.user, rating=rating, level=form.cleaned_data["level"],
                                     reason=form.cleaned_data["reason"],
                                     expected_version=form.cleaned_data["version"])  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã điều chỉnh mức xếp loại."))
    else:
        messages.error(request, _("Hãy chọn mức và nêu lý do điều chỉnh."))
    return redirect("evaluations:rating", rating.pk)
