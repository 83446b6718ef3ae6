"""The commendation pages under /khen-thuong/thanh-tich/: the list of a unit and year with the suggestions from
the ratings and the proposal form, and one commendation with the decision of the competent committee.

Each view starts with its access check: viewing needs `view_members`, proposing `propose_recognition` over the
unit chosen, deciding `decide_recognition` over the committee the level names; an id outside the scope answers 404
and is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import commendations as svc
from .forms import CommendationFilterForm, CommendationProposeForm, DecideForm, RefuseForm
from .models import Commendation, CommendationKind
from .selectors import commendations_for

PAGE_SIZE = 50
MEMBERS_OFFERED = 500  # the proposal form lists at most this many members of the unit


def _propose_form(request: HttpRequest, unit: Organization, scope: Scope) -> CommendationProposeForm:
    """The proposal form: the members of the unit the user may propose, the grassroots organizations under it."""
    allowed = members_for(scope, right=Right.PROPOSE_RECOGNITION, include_self=False)
    ids = allowed.filter(organization__path__startswith=unit.path).order_by("sort_key").values("pk")[:MEMBERS_OFFERED]
    members = allowed.filter(pk__in=ids).order_by("sort_key")
    grassroots = [OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]
    orgs = organizations_for(scope, right=Right.PROPOSE_RECOGNITION).filter(path__startswith=unit.path,
                                                                             kind__in=grassroots)  # fmt: skip
    return CommendationProposeForm(request.POST or None, members=members, organizations=orgs,
                                   initial={"year": timezone.localdate().year - 1})  # fmt: skip


def _propose(request: HttpRequest, form: CommendationProposeForm, unit: Organization) -> HttpResponse | None:
    if not form.is_valid():
        return None
    c = form.cleaned_data
    try:
        made = svc.propose_commendation(
            actor=request.user, kind=c["kind"], level=c["level"], year=c["year"], proposing_organization=unit,
            member=c["member"], organization=c["organization"], achievement=c["achievement"],
        )  # fmt: skip
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, _("Đã đề nghị khen thưởng."))
    return redirect("recognition:commendation", pk=made.pk)


@login_required
@require_http_methods(["GET", "POST"])
def commendation_list(request: HttpRequest) -> HttpResponse:
    """The commendations of a unit (and year), the suggestions, and the proposal form for those who propose."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    organizations = organizations_for(scope, right=Right.VIEW_MEMBERS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = CommendationFilterForm(request.GET or None, organizations=organizations)
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return render(request, "recognition/commendations.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MEMBERS).first()
    if unit is None:
        raise Http404
    year = data.get("nam") or timezone.localdate().year - 1
    can_propose = scope.covers_path(Right.PROPOSE_RECOGNITION, unit.path)
    propose_form = _propose_form(request, unit, scope) if can_propose else None
    if request.method == "POST":
        if propose_form is None:
            raise Http404
        done = _propose(request, propose_form, unit)
        if done is not None:
            return done
    qs = (commendations_for(scope).filter(unit_path__startswith=unit.path, year=year)
          .select_related("kind", "level", "member", "organization", "deciding_organization"))  # fmt: skip
    page = Paginator(qs.order_by("state", "unit_path", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = [(kind, svc.suggestions(kind=kind, year=year, path=unit.path)[:50])
                   for kind in CommendationKind.objects.filter(active=True, excellent_years__isnull=False)]  # fmt: skip
    return render(request, "recognition/commendations.html", {
        "form": form, "unit": unit, "year": year, "page": page, "query": query_without(request, "page"),
        "suggestions": suggestions, "propose_form": propose_form,
    }, status=400 if propose_form is not None and propose_form.errors else 200)  # fmt: skip


@login_required
@require_GET
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    qs = commendations_for(scope).select_related("kind", "level", "member", "organization", "deciding_organization",
                                                 "proposing_organization")  # fmt: skip
    c = get_in_scope_or_404(request, qs, pk, what="commendation")
    can_decide = scope.covers_path(Right.DECIDE_RECOGNITION, c.deciding_organization.path)
    return render(request, "recognition/commendation.html", {
        "c": c, "can_decide": can_decide,
        "decide_form": DecideForm(initial={"version": c.version, "decided_on": timezone.localdate()}),
        "refuse_form": RefuseForm(initial={"version": c.version}),
    })  # fmt: skip


@login_required
@require_POST
def commendation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide (`quyet_dinh`) or refuse (`khong_khen`) a proposal, by the committee the level names."""
    scope = require_right(request, Right.DECIDE_RECOGNITION)
    qs = Commendation.objects.filter(scope.path_q(Right.DECIDE_RECOGNITION, "deciding_organization__path"))
    c = get_in_scope_or_404(request, qs.select_related("kind", "level", "deciding_organization"), pk,
                            what="commendation")  # fmt: skip
    refusing = "khong_khen" in request.POST
    form: DecideForm | RefuseForm = RefuseForm(request.POST) if refusing else DecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if refusing:
                svc.refuse_commendation(actor=request.user, commendation=c, reason=d["reason"],
                                        expected_version=d["version"])  # fmt: skip
            else:
                svc.decide_commendation(actor=request.user, commendation=c, decision_number=d["decision_number"],
                                        decided_on=d["decided_on"], expected_version=d["version"])  # fmt: skip
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi."))
            return redirect("recognition:commendation", pk=c.pk)
    blank = {"version": c.version}
    context: dict[str, Any] = {
        "c": c, "can_decide": True,
        "decide_form": DecideForm(initial=blank) if refusing else form,
        "refuse_form": form if refusing else RefuseForm(initial=blank),
    }  # fmt: skip
    return render(request, "recognition/commendation.html", context, status=400)
