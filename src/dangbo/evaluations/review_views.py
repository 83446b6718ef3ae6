"""The whole-cell review: the cell secretary sees every member of the cell on one compact screen (the
self-assessed level, what the rules allow, a level choice), takes the self-assessed levels in one
click, changes the exceptions and saves the review of the whole cell at once, all or nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.organizations.selectors import organizations_for

from . import selectors, workflow
from .cell_review import CellReviewRefused, RowChange, review_cell
from .enums import CampaignState, RatingStep, SubjectKind
from .facts import RatingInputs, facts_for_ratings, residence_lines
from .models import Rating, RatingCampaign
from .params import RuleSetData
from .review_forms import CellReviewForm
from .rules import evaluate
from .verdicts import Verdict

REVIEWABLE = (RatingStep.SELF_ASSESSED, RatingStep.REVIEWED)


def _verdicts(campaign: RatingCampaign, rule_set: RuleSetData, ratings: list[Rating]) -> dict[int, Verdict | None]:
    """What the rules allow each member, from the facts of the whole cell at once (fixed queries)."""
    rated = [r for r in ratings if not r.not_rated]
    facts = facts_for_ratings(campaign, rated) if rated else {}
    out: dict[int, Verdict | None] = {}
    for r in rated:
        try:
            sheet = RatingInputs.from_json(r.score_sheet).score_sheet(rule_set, SubjectKind(r.subject_kind))
            out[r.pk] = evaluate(rule_set, facts[r.pk], sheet=sheet)
        except DomainError:
            out[r.pk] = None
    return out


def _editable(scope: Scope, campaign: RatingCampaign, rating: Rating) -> bool:
    return (
        campaign.state == CampaignState.OPEN
        and not rating.not_rated
        and rating.step in REVIEWABLE
        and workflow.may_take(scope, rating, RatingStep.REVIEWED)
    )


@login_required
@require_http_methods(["GET", "POST"])
def cell_review(request: HttpRequest, campaign_id: int, org_id: int) -> HttpResponse:
    """GET: the cell's members with a level choice each (`?nhan=1` starts them at the self-assessed
    levels). POST: the review step of every changed row through `perform_step`, all or nothing."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    campaign = get_in_scope_or_404(request, selectors.campaigns_for(scope), campaign_id, what="campaign")
    cell = get_in_scope_or_404(request, organizations_for(scope, right=Right.MANAGE_MEMBERS), org_id,
                               what="organization")  # fmt: skip
    if not cell.holds_members or not cell.path.startswith(campaign.organization.path):
        raise Http404
    rule_set = campaign.rule_set.as_data()
    ratings = [r for r in selectors.unit_ratings(scope, campaign, cell) if r.subject_kind == SubjectKind.MEMBER]
    editable = [r for r in ratings if _editable(scope, campaign, r)]
    accept_self = request.GET.get("nhan") == "1"
    form = CellReviewForm(request.POST or None, ratings=editable, accept_self=accept_self)
    refused: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = [RowChange(r, level, version) for r, level, version in form.chosen()]
            if not changes:
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("evaluations:cell_review", campaign.pk, cell.pk)
            try:
                review_cell(actor=request.user, changes=changes)
            except CellReviewRefused as exc:
                refused = {r.rating.pk: r.message for r in exc.refusals}
                stale = any(r.code == "stale" for r in exc.refusals)
                form.add_error(None, exc.message)
                if stale:
                    form.add_error(None, _("Có người vừa sửa bản xếp loại sau khi bạn mở trang này. "
                                           "Hãy tải lại trang để xem mức mới rồi nhập lại."))  # fmt: skip
            else:
                messages.success(request, _("Đã lưu kết quả kiểm điểm của %(n)s đảng viên.") % {"n": len(changes)})
                return redirect("evaluations:cell_review", campaign.pk, cell.pk)
    verdicts = _verdicts(campaign, rule_set, ratings)
    residence = residence_lines(campaign.year, [r.member_id for r in ratings if r.member_id is not None])
    rows: list[dict[str, Any]] = []
    for r in ratings:
        field = form[f"level_{r.pk}"] if f"level_{r.pk}" in form.fields else None
        version = form[f"version_{r.pk}"] if field is not None else None
        rows.append({"rating": r, "verdict": verdicts.get(r.pk), "field": field, "version": version,
                     "refused": refused.get(r.pk, ""), "residence": residence.get(r.member_id or 0, "")})  # fmt: skip
    return render(request, "evaluations/cell_review.html", {
        "campaign": campaign, "cell": cell, "rows": rows, "form": form, "editable": bool(editable),
        "accept_self": accept_self,
    }, status=status)  # fmt: skip
