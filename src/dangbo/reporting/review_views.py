"""The review page /bao-cao/so-ket-tong-ket/: choose the plan and the organization, the kind of review and its
end year, fill in the document's frame, make the Word or PDF file in the background and download it.

Who may: a user with `view_orgs` (as for the year report), for an organization in their scope that is the plan's
issuer or lies under it. An organization or plan id out of reach answers 404 and is logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for
from dangbo.planning.models import Plan
from dangbo.planning.plan_selectors import plans_for

from . import review_services
from .enums import ReviewKind
from .review_forms import PlanReviewForm
from .views import RECENT_JOBS, frame_initial
from .year_report import REPORTABLE_KINDS


def _chosen_id(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name) if request.method == "POST" else request.GET.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _organizations(scope: Scope, plan: Plan | None) -> QuerySet[Organization]:
    """The organizations that may make the review: in the scope, carrying figures, active, under the plan's issuer."""
    qs = organizations_for(scope).filter(kind__in=REPORTABLE_KINDS, dissolved_on__isnull=True)
    if plan is not None and plan.issuer_path:
        qs = qs.filter(path__startswith=plan.issuer_path)
    return qs.order_by("depth", "sort_key")


def _initial(scope: Scope, plan: Plan, organization: Organization, today: dt.date) -> dict[str, Any]:
    years = [y for y in plan.years() if y <= today.year]
    end_year = years[-1] if years else plan.years()[0]
    final = end_year == plan.years()[-1]
    return {
        "ke_hoach": plan.pk, "to_chuc": organization.pk, "nam": end_year,
        "loai": ReviewKind.FINAL if final else ReviewKind.MID_TERM, "dinh_dang": "docx",
        **frame_initial(scope, organization, today),
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    plans = plans_for(scope)
    plan_id = _chosen_id(request, "ke_hoach")
    plan = get_in_scope_or_404(request, plans, plan_id, what="plan") if plan_id else plans.first()
    organizations = _organizations(scope, plan)
    org_id = _chosen_id(request, "to_chuc")
    organization: Organization | None
    if org_id:
        organization = get_in_scope_or_404(request, organizations_for(scope), org_id, what="organization")
    else:
        organization = organizations.first()
    today = timezone.localdate()
    job: BackgroundJob | None = None
    status = 200
    if request.method == "POST":
        form = PlanReviewForm(request.POST, plans=plans, organizations=organizations)
        if form.is_valid():
            data = form.cleaned_data
            asked = review_services.ReviewRequest(
                plan=data["ke_hoach"], kind=data["loai"], organization=data["to_chuc"], end_year=data["nam"],
                fmt=data["dinh_dang"],
            )  # fmt: skip
            try:
                job = review_services.start_plan_review(
                    actor=request.user, scope=scope, asked=asked, params=form.document_params(), today=today
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        if job is None:
            status = 400
    else:
        initial = {}
        if plan is not None and organization is not None:
            initial = _initial(scope, plan, organization, today)
        form = PlanReviewForm(initial=initial, plans=plans, organizations=organizations)
    context: dict[str, Any] = {
        "form": form,
        "plan": plan,
        "organization": organization,
        "usable": organization is not None and organizations.filter(pk=organization.pk).exists(),
        "plans": list(plans),
        "choices": list(organizations.only("pk", "name", "kind")),
        "job": job,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reporting/_review_panel.html", context)  # htmx swaps only 2xx answers
    context["recent"] = list(
        BackgroundJob.objects.filter(owner_id=request.user.pk, kind=review_services.JOB_KIND).order_by("-created_at")[
            :RECENT_JOBS
        ]
    )
    context["formats"] = {f.code: f.label for f in review_services.FORMATS.values()}
    context["kinds"] = dict(ReviewKind.choices)
    return render(request, "reporting/plan_review.html", context, status=status)
