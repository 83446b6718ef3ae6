"""The screening list /sang-loc/: the rounds of the scope by year, and for officers above a cell the signals
stored for their subtree (paginated, filtered), with the job that recomputes them; and one stored signal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.jobs import start_job
from dangbo.core.models import BackgroundJob
from dangbo.core.views import query_without
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .. import dues
from ..forms import RefreshForm, SignalFilterForm
from ..selectors import cells_for, hits_for, rounds_for
from ..tasks import JOB_KIND
from .common import log_evidence_viewed, present

PAGE_SIZE = 50


def _holds_more_than_cells(organizations: QuerySet[Organization]) -> bool:
    return organizations.exclude(kind__in=[*MEMBER_HOLDING_KINDS, OrgKind.PARTY_GROUP]).exists()


@login_required
@require_GET
def screening_list(request: HttpRequest) -> HttpResponse:
    """Rounds in scope for a year; above a cell, the stored signals of the subtree, 50 a page."""
    scope = require_right(request, Right.VIEW_SCREENING)
    organizations = cells_for(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    today = timezone.localdate()
    form = SignalFilterForm(request.GET, organizations=organizations)
    valid = form.is_valid()
    if not valid:
        log_field_denied(request, form)
    data = form.cleaned_data if valid else {}
    year = data.get("nam") or today.year
    unit: Organization | None = data.get("to_chuc")
    rounds = (
        rounds_for(scope)
        .filter(year=year)
        .select_related("organization__parent")
        .order_by("organization__sort_key", "pk")
    )
    if unit is not None:
        rounds = rounds.filter(organization__path__startswith=unit.path)
    officer = _holds_more_than_cells(organizations)
    own = organizations.filter(kind__in=MEMBER_HOLDING_KINDS).order_by("sort_key")
    context: dict[str, Any] = {
        "form": form,
        "year": year,
        "rounds": Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("trang_dot")),
        "query": query_without(request, "trang_dot"),
        "own_cells": [] if officer else list(own[:5]),
        "officer": officer,
        "dues_missing": not dues.provider_configured(),
        "dues_text": dues.NO_DATA_TEXT,
    }
    if officer and valid:
        hits = hits_for(scope).filter(year=year)
        if unit is not None:
            hits = hits.filter(path__startswith=unit.path)
        if data.get("dau_hieu"):
            hits = hits.filter(signal=data["dau_hieu"])
        hits = hits.select_related("member", "organization").order_by("path", "member__sort_key", "signal", "pk")
        context["hits"] = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
        context["hits_query"] = query_without(request)
        job_id = request.GET.get("job", "")
        if job_id.isdigit():
            context["job"] = BackgroundJob.objects.filter(pk=int(job_id), owner_id=request.user.pk).first()
    return render(request, "screening/list.html", context)


@login_required
@require_POST
def refresh_start(request: HttpRequest) -> HttpResponse:
    """Start the job that recomputes the year's signals over the chosen unit (or the top of the scope)."""
    scope = require_right(request, Right.VIEW_SCREENING)
    form = RefreshForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("screening:list")
    organizations = cells_for(scope)
    org_id = form.cleaned_data.get("to_chuc")
    unit: Organization | None
    if org_id:
        unit = get_in_scope_or_404(request, organizations, org_id, what="organization")
    else:
        unit = Organization.objects.filter(path__in=scope.paths(Right.VIEW_SCREENING)).order_by("path").first()
    if unit is None:  # pragma: no cover - a scope always has a top
        return redirect("screening:list")
    year = form.cleaned_data["nam"]
    job = start_job(
        kind=JOB_KIND,
        owner=request.user,
        params={"year": year, "organization_id": unit.pk, "organization_name": unit.name},
    )
    messages.success(
        request, _("Đang tính lại dấu hiệu năm %(year)s của %(name)s.") % {"year": year, "name": unit.name}
    )
    query = f"nam={year}&job={job.pk}" + (f"&to_chuc={unit.pk}" if org_id else "")
    return redirect(f"{reverse('screening:list')}?{query}")


@login_required
@require_GET
def hit_detail(request: HttpRequest, hit_id: int) -> HttpResponse:
    """One stored signal with its evidence (a full-record view: audited)."""
    scope = require_right(request, Right.VIEW_SCREENING)
    hit = get_in_scope_or_404(
        request,
        hits_for(scope).select_related("member", "organization__parent", "rule_set"),
        hit_id,
        what="screening_signal",
    )
    log_evidence_viewed(request, members=[hit.member], scope_path=hit.path, what="signal", object_id=hit.pk)
    shown = present(
        {
            "signal": hit.signal,
            "evidence": hit.evidence,
            "explanation": hit.explanation,
            "period_start": hit.period_start.isoformat(),
            "period_end": hit.period_end.isoformat(),
        }
    )
    return render(request, "screening/hit.html", {"hit": hit, "signal": shown})
