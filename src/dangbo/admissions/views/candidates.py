"""The candidate list (filters, counts by stage, Vietnamese order), the proposal of a new candidate and the list of
deadlines due this week or overdue. Each view starts with its access check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.core.views import query_without
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization

from .. import services
from ..enums import ACTIVE, EXITS, MAIN_LINE, Stage
from ..forms import ACTIVE_FILTER, CandidateFilterForm, ProposeForm
from ..models import Candidate
from ..quotas import holds_grassroots
from ..rules import RuleRefusal
from ..selectors import candidates_for, due_this_week
from .common import log_hidden_card, organizations_with

PAGE_SIZE = 50
# Service error fields that the proposal form names differently.
FORM_FIELD_OF = {"cell": "to_chuc", "organization": "to_chuc", "former_member": "former_card"}
EXPORTS = [
    ("admissions:export_candidates", gettext_lazy("Xuất danh sách quần chúng ưu tú (Excel)")),
    ("admissions:export_probationary", gettext_lazy("Xuất danh sách đảng viên dự bị (Excel)")),
]


def filter_candidates(qs: QuerySet[Candidate], data: dict[str, Any], *, with_stage: bool = True) -> QuerySet[Candidate]:
    """The list's filters on an already scoped queryset (`to_chuc` already checked against the scope)."""
    org: Organization | None = data.get("to_chuc")
    if org is not None:
        qs = qs.filter(path__startswith=org.path)
    year = data.get("nam")
    if year:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        qs = qs.filter(proposed_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        qs = qs.filter(Q(full_membership_on__isnull=True) | Q(full_membership_on__gte=start))
    text = (data.get("q") or "").strip()
    key = normalize_search(text)
    if key.isdigit():
        qs = qs.filter(citizen_id__startswith=key)
    elif key:
        qs = qs.filter(word_prefix_q(key))
    stage = data.get("giai_doan")
    if with_stage and stage == ACTIVE_FILTER:
        qs = qs.filter(stage__in=sorted(ACTIVE))
    elif with_stage and stage:
        qs = qs.filter(stage=stage)
    return qs


def stage_counts(qs: QuerySet[Candidate]) -> list[tuple[Stage, int]]:
    """How many candidacies stand at each stage (main line, then exits), with one grouped query."""
    counts = dict(qs.order_by().values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    return [(stage, counts.get(stage, 0)) for stage in [*MAIN_LINE, *sorted(EXITS)]]


def _export_links(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The Excel exports of the list's unit and year (offered to users who may export)."""
    query = {
        k: str(v) for k, v in (("to_chuc", getattr(data.get("to_chuc"), "pk", None)), ("nam", data.get("nam"))) if v
    }
    encoded = "&".join(f"{k}={v}" for k, v in query.items())
    return [(f"{reverse(name)}?{encoded}" if encoded else reverse(name), label) for name, label in EXPORTS]


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Candidacies in scope, filtered, counted by stage, in Vietnamese name order, 50 a page."""
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    organizations = organizations_with(scope, Right.VIEW_ADMISSIONS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = CandidateFilterForm(request.GET, organizations=organizations)
    context: dict[str, Any] = {
        "form": form,
        "query": query_without(request),
        "can_propose": scope.has_right(Right.MANAGE_ADMISSIONS),
        "show_quotas": holds_grassroots(scope),
    }
    if form.is_valid():
        base = filter_candidates(candidates_for(scope), form.cleaned_data, with_stage=False)
        qs = filter_candidates(base, {"giai_doan": form.cleaned_data.get("giai_doan")})
        paginator = Paginator(qs.select_related("cell__parent").order_by("sort_key", "pk"), PAGE_SIZE)
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["counts"] = stage_counts(base)
        context["stage_query"] = query_without(request, "giai_doan")
        if scope.has_right(Right.EXPORT):
            context["exports"] = _export_links(form.cleaned_data)
    return render(request, "admissions/candidate_list.html", context)


def _show_error(form: ProposeForm, error: DomainError) -> None:
    name = FORM_FIELD_OF.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_propose(request: HttpRequest) -> HttpResponse:
    """Record a new candidate prepared by a cell of the scope (`?to_chuc=<cell id>` preselects the cell)."""
    scope = require_right(request, Right.MANAGE_ADMISSIONS)
    organizations = organizations_with(scope, Right.MANAGE_ADMISSIONS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        initial={"to_chuc": request.GET.get("to_chuc"), "proposed_on": timezone.localdate()},
        organizations=organizations,
    )
    findings = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            former = None
            if data["former_card"]:
                former = members_for(scope, include_self=False).filter(card_number=data["former_card"].strip()).first()
                if former is None:
                    log_hidden_card(request, data["former_card"].strip())
                    form.add_error("former_card", _("Không tìm thấy đảng viên có số thẻ này trong phạm vi của bạn."))
            if not form.errors:
                try:
                    candidate = services.propose(
                        actor=request.user, cell=data["to_chuc"], sheet=form.sheet_data(),
                        proposer_kind=data["proposer_kind"], proposer_name=data["proposer_name"].strip(),
                        proposed_on=data["proposed_on"], former_member=former, left_party_on=data["left_party_on"],
                        exit_reason=data["exit_reason"], record_cleared_on=data["record_cleared_on"],
                    )  # fmt: skip
                except RuleRefusal as refusal:
                    findings = refusal.findings
                except DomainError as error:
                    _show_error(form, error)
                else:
                    messages.success(
                        request, _("Đã ghi nhận quần chúng ưu tú %(name)s.") % {"name": candidate.full_name}
                    )
                    return redirect("admissions:detail", pk=candidate.pk)
        log_field_denied(request, form)
    return render(request, "admissions/candidate_propose.html", {"form": form, "findings": findings})


@login_required
@require_GET
def deadline_list(request: HttpRequest) -> HttpResponse:
    """What is overdue and what falls due this week in the user's scope, each with the rule that set its date."""
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    today = timezone.localdate()
    items = due_this_week(scope, today=today)
    return render(request, "admissions/deadline_list.html", {
        "overdue": [d for d in items if d.overdue], "this_week": [d for d in items if not d.overdue],
        "today": today, "week_end": today + dt.timedelta(days=6 - today.weekday()),
    })  # fmt: skip
