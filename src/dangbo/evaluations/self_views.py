"""A party member's own rating pages: the open round's self-assessment and their rating history.

A member holds no right over the tree; they see their own ratings only (`selectors.own_ratings`):
another rating's id answers 404 and is logged. The self-assessment goes through the one entry point
`workflow.perform_step`, like every other step; members the rules do not rate still save their
self-review there, and the page says which rule exempts them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus

from . import selectors, workflow
from .enums import RatingStep
from .facts import facts_for_ratings, member_task_facts
from .models import Rating
from .rules import SubjectFacts, evaluate
from .self_forms import SelfAssessmentForm
from .verdicts import Verdict


def require_own_member(request: HttpRequest) -> Scope:
    """The access check of these pages: a signed-in user linked to a member record (403 otherwise)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if scope.member_id is None:
        raise PermissionDenied
    return scope


def _verdict(rating: Rating) -> tuple[SubjectFacts | None, Verdict | None]:
    """The facts the rules read and what they allow, for the page (nothing for a subject not rated)."""
    if rating.not_rated:
        return None, None
    facts = facts_for_ratings(rating.campaign, [rating])[rating.pk]
    try:
        return facts, evaluate(rating.campaign.rule_set.as_data(), facts)
    except DomainError:
        return facts, None


def _render(request: HttpRequest, scope: Scope, rating: Rating | None, form: SelfAssessmentForm | None,
            *, status: int = 200, refusal: str = "") -> HttpResponse:  # fmt: skip
    context: dict[str, Any] = {"rating": rating, "form": form, "refusal": refusal}
    if rating is not None:
        facts, verdict = _verdict(rating)
        context.update(
            facts=facts,
            verdict=verdict,
            status_label=MemberStatus(facts.status).label if facts is not None and facts.status else "",
            disciplines_in_year=[d for d in facts.disciplines if d.decision_date.year == rating.year]
            if facts is not None
            else [],
            can_write=workflow.may_write_self_review(scope, rating),
        )
    return render(request, "evaluations/self_assessment.html", context, status=status)


def _form(rating: Rating, data: Any = None) -> SelfAssessmentForm:
    tasks = member_task_facts(rating.year, [rating.member_id]) if rating.member_id else {}
    return SelfAssessmentForm(data, rating=rating, rule_set=rating.campaign.rule_set.as_data(),
                              tasks=tasks.get(rating.member_id or 0))  # fmt: skip


@login_required
@require_GET
def my_rating(request: HttpRequest) -> HttpResponse:
    """ "Tự đánh giá, xếp loại của tôi": the open round's self-assessment, or why there is none."""
    scope = require_own_member(request)
    rating = selectors.open_rating_of(scope)
    form = _form(rating) if rating is not None and workflow.may_write_self_review(scope, rating) else None
    return _render(request, scope, rating, form)


@login_required
@require_http_methods(["GET", "POST"])
def my_rating_edit(request: HttpRequest, rating_id: int) -> HttpResponse:
    """One of the member's own ratings; a POST takes the self-assessment step through `perform_step`."""
    scope = require_own_member(request)
    rating = get_in_scope_or_404(request, selectors.own_ratings(scope), rating_id, what="rating")
    can_write = workflow.may_write_self_review(scope, rating)
    if request.method == "GET":
        return _render(request, scope, rating, _form(rating) if can_write else None)
    form = _form(rating, request.POST)
    if form.is_valid():
        try:
            workflow.perform_step(
                actor=request.user, rating=rating, step=RatingStep.SELF_ASSESSED,
                level=None if rating.not_rated else form.cleaned_data.get("level") or None,
                sheet=None if rating.not_rated else form.inputs(), self_review=form.self_review_text(),
                expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except DomainError as exc:
            visible = {f.name for f in form.visible_fields()}
            form.add_error(exc.field if exc.field in visible else None, exc.message)
        else:
            messages.success(request, _("Đã lưu bản tự đánh giá của bạn. Chi bộ sẽ xem xét khi kiểm điểm."))
            return redirect("evaluations:mine_rating", rating.pk)
    if not can_write:  # the round is locked or the review has begun: say why, offer no form
        return _render(
            request, scope, rating, None, status=400, refusal=" ".join(str(e) for e in form.non_field_errors())
        )
    return _render(request, scope, rating, form, status=400)


@login_required
@require_GET
def my_history(request: HttpRequest) -> HttpResponse:
    """The member's ratings over the years: the level with its reasons, and the steps taken (two queries)."""
    scope = require_own_member(request)
    ratings = list(selectors.own_ratings(scope).order_by("-year"))
    steps: dict[str, list[AuditEntry]] = defaultdict(list)
    entries = AuditEntry.objects.filter(
        object_type="rating", object_id__in=[str(r.pk) for r in ratings], action__startswith="evaluations.rating."
    ).order_by("at", "id")
    for entry in entries:
        step = entry.action.rsplit(".", 1)[-1]
        entry.label = (  # type: ignore[attr-defined]
            RatingStep(step).label if step in RatingStep.values else _("Cấp trên điều chỉnh mức xếp loại")
        )
        steps[entry.object_id].append(entry)
    rows = [{"rating": r, "steps": steps.get(str(r.pk), [])} for r in ratings]
    return render(request, "evaluations/self_history.html", {"rows": rows})
