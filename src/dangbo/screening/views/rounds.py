"""A cell's screening: its live signals before the round opens, the round (members proposed, their signals with
explanation and evidence, the member the cell adds, closing), and one member's page (evidence, the secret
ballot's result, the outcome after the education period). Every page that shows evidence is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .. import dues, services
from ..enums import Outcome, RoundStatus
from ..forms import AddMemberForm, OutcomeForm, VersionForm, VoteForm, YearForm
from ..models import Review, ScreeningRound
from ..selectors import cells_for, eligible_voters, reviews_for, rounds_for
from ..signals import compute
from .common import log_evidence_viewed, person, present, year_asked


def _cell_in_scope(request: HttpRequest, scope: Scope, org_id: int, right: str) -> Organization:
    cell = get_in_scope_or_404(request, cells_for(scope, right).select_related("parent"), org_id, what="organization")
    if not cell.holds_members:
        raise Http404
    return cell


@login_required
@require_GET
def cell_page(request: HttpRequest, org_id: int) -> HttpResponse:
    """The cell's round of the year when there is one; otherwise the signals of its members today (computed
    live) and, for who may, the button that opens the round."""
    scope = require_right(request, Right.VIEW_SCREENING)
    cell = _cell_in_scope(request, scope, org_id, Right.VIEW_SCREENING)
    today = timezone.localdate()
    year = year_asked(request, today)
    found = ScreeningRound.objects.filter(organization=cell, year=year).first()
    if found is not None:
        return redirect("screening:round", found.pk)
    context: dict[str, Any] = {
        "cell": cell,
        "year": year,
        "dues_text": dues.NO_DATA_TEXT,
        "may_manage": scope.covers_path(Right.MANAGE_SCREENING, cell.path),
    }
    try:
        computed = compute(year, cell, today=today)
    except DomainError as error:
        context["error"] = error.message
    else:
        by_member = computed.by_member()
        members = list(Member.objects.filter(pk__in=list(by_member)).order_by("sort_key"))
        context.update(computed=computed, rows=[(m, [present(h.as_json()) for h in by_member[m.pk]]) for m in members])
        log_evidence_viewed(request, members=members, scope_path=cell.path, what="cell", object_id=cell.pk)
    return render(request, "screening/cell.html", context)


@login_required
@require_POST
def round_open(request: HttpRequest, org_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_SCREENING)
    cell = _cell_in_scope(request, scope, org_id, Right.MANAGE_SCREENING)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("screening:cell", cell.pk)
    try:
        opened = services.open_round(actor=request.user, cell=cell, year=form.cleaned_data["nam"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('screening:cell', args=[cell.pk])}?nam={form.cleaned_data['nam']}")
    messages.success(
        request,
        _("Đã mở đợt rà soát năm %(year)s: %(n)s đảng viên được đề xuất.")
        % {"year": opened.year, "n": opened.reviews.count()},
    )
    return redirect("screening:round", opened.pk)


def _member_choices(round_: ScreeningRound) -> list[tuple[int, str]]:
    """Members of the cell today not yet in the round (whom the cell may add)."""
    taken = round_.reviews.values("member_id")
    members = (
        Member.objects.filter(organization=round_.organization, status__in=sorted(ON_ROLLS))
        .exclude(pk__in=taken)
        .order_by("sort_key")
    )
    return [(m.pk, m.full_name) for m in members]


@login_required
@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round: every member in it with the signals' explanations and evidence, where the vote stands, and for
    who may, adding a member and closing the round."""
    scope = require_right(request, Right.VIEW_SCREENING)
    round_ = get_in_scope_or_404(
        request, rounds_for(scope).select_related("organization__parent", "rule_set"), round_id, what="screening_round"
    )
    reviews = list(
        round_.reviews.select_related("member", "decided_by", "vote_recorded_by", "added_by").order_by(
            "member__sort_key"
        )
    )
    for review in reviews:
        review.shown = [present(s) for s in review.signals]  # type: ignore[attr-defined]
    may_manage = scope.covers_path(Right.MANAGE_SCREENING, round_.organization.path)
    is_open = round_.status == RoundStatus.OPEN
    context = {
        "round": round_,
        "reviews": reviews,
        "may_manage": may_manage,
        "is_open": is_open,
        "rules": services.round_rules(round_),
        "eligible_today": eligible_voters(round_.organization, timezone.localdate()).count(),
        "waiting": sum(1 for r in reviews if r.votes_for is None),
        "dues_missing": not dues.provider_configured(),
        "dues_text": dues.NO_DATA_TEXT,
    }
    if may_manage and is_open:
        context["add_form"] = AddMemberForm(initial={"version": round_.version}, choices=_member_choices(round_))
    log_evidence_viewed(
        request,
        members=[r.member for r in reviews],
        scope_path=round_.organization.path,
        what="round",
        object_id=round_.pk,
    )
    return render(request, "screening/round.html", context)


def _managed_round(request: HttpRequest, round_id: int) -> ScreeningRound:
    scope = require_right(request, Right.MANAGE_SCREENING)
    return get_in_scope_or_404(
        request,
        rounds_for(scope, Right.MANAGE_SCREENING).select_related("organization"),
        round_id,
        what="screening_round",
    )


@login_required
@require_POST
def round_add(request: HttpRequest, round_id: int) -> HttpResponse:
    """The cell adds a member with its reason; a member id outside the user's scope answers 404 (logged)."""
    round_ = _managed_round(request, round_id)
    scope = require_right(request, Right.MANAGE_SCREENING)
    form = AddMemberForm(request.POST, choices=[])
    if not form.is_valid():
        said = [f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}" if name in form.fields
                else " ".join(str(e) for e in errors) for name, errors in form.errors.items()]  # fmt: skip
        messages.error(request, _("Hãy chọn đảng viên và ghi lý do bổ sung.") + " " + " ".join(said))
        return redirect("screening:round", round_.pk)
    in_scope = Member.objects.filter(scope.path_q(Right.MANAGE_SCREENING, "organization__path"))
    member = get_in_scope_or_404(request, in_scope, form.cleaned_data["member"], what="member")
    try:
        services.add_member(
            actor=request.user,
            round_=round_,
            member=member,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã bổ sung %(name)s vào danh sách rà soát.") % {"name": member.full_name})
    return redirect("screening:round", round_.pk)


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("screening:round", round_.pk)
    try:
        services.close_round(actor=request.user, round_=round_, expected_version=form.cleaned_data["version"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã kết thúc đợt rà soát năm %(year)s.") % {"year": round_.year})
    return redirect("screening:round", round_.pk)


def _review_context(scope: Scope, review: Review, **forms: Any) -> dict[str, Any]:
    round_ = review.round
    today = timezone.localdate()
    may_manage = scope.covers_path(Right.MANAGE_SCREENING, round_.organization.path)
    may_vote = may_manage and round_.status == RoundStatus.OPEN and review.outcome not in services.AFTER_HELP
    may_conclude = may_manage and review.help_from is not None
    context: dict[str, Any] = {
        "review": review,
        "round": round_,
        "signals": [present(s) for s in review.signals],
        "rules": services.round_rules(round_),
        "eligible_today": eligible_voters(round_.organization, today).count(),
        "may_vote": may_vote,
        "may_conclude": may_conclude,
        "helping": review.outcome == Outcome.HELPING,
        "vote_by": person(review.vote_recorded_by),
        "decided_by": person(review.decided_by),
        "added_by": person(review.added_by),
    }
    if may_vote or "vote_form" in forms:
        context["vote_form"] = forms.get("vote_form") or VoteForm(
            initial={"version": review.version, "vote_date": review.vote_date or today, "votes_for": review.votes_for}
        )
    if may_conclude or "outcome_form" in forms:
        context["outcome_form"] = forms.get("outcome_form") or OutcomeForm(
            initial={
                "version": review.version,
                "on": review.outcome_on or today,
                "outcome": review.outcome if review.outcome in services.AFTER_HELP else None,
                "note": review.outcome_note,
            }
        )
    return context


def _review_in_scope(request: HttpRequest, scope: Scope, review_id: int, right: str) -> Review:
    qs = reviews_for(scope, right).select_related(
        "member", "round__organization__parent", "round__rule_set", "decided_by", "vote_recorded_by", "added_by"
    )
    return get_in_scope_or_404(request, qs, review_id, what="screening_review")


@login_required
@require_GET
def review_page(request: HttpRequest, review_id: int) -> HttpResponse:
    """One member in a round: the signals with their evidence (audited), the vote and the outcome."""
    scope = require_right(request, Right.VIEW_SCREENING)
    review = _review_in_scope(request, scope, review_id, Right.VIEW_SCREENING)
    log_evidence_viewed(
        request, members=[review.member], scope_path=review.round.organization.path, what="review", object_id=review.pk
    )
    return render(request, "screening/review.html", _review_context(scope, review))


def _show(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_POST
def review_vote(request: HttpRequest, review_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_SCREENING)
    review = _review_in_scope(request, scope, review_id, Right.MANAGE_SCREENING)
    form = VoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.record_vote(
                actor=request.user,
                review=review,
                vote_date=data["vote_date"],
                votes_for=data["votes_for"],
                help_until=data.get("help_until"),
                expected_version=data["version"],
            )
        except DomainError as error:
            _show(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi kết quả biểu quyết: %(votes)s/%(eligible)s phiếu — %(outcome)s.")
                % {"votes": saved.votes_for, "eligible": saved.eligible, "outcome": saved.get_outcome_display()},
            )
            return redirect("screening:review", review.pk)
    return render(request, "screening/review.html", _review_context(scope, review, vote_form=form), status=400)


@login_required
@require_POST
def review_outcome(request: HttpRequest, review_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_SCREENING)
    review = _review_in_scope(request, scope, review_id, Right.MANAGE_SCREENING)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.record_outcome(
                actor=request.user,
                review=review,
                outcome=data["outcome"],
                on=data["on"],
                note=data["note"],
                expected_version=data["version"],
            )
        except DomainError as error:
            _show(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả: %(outcome)s.") % {"outcome": saved.get_outcome_display()})
            return redirect("screening:review", review.pk)
    return render(request, "screening/review.html", _review_context(scope, review, outcome_form=form), status=400)
