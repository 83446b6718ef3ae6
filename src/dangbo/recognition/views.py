"""The recognition hub `/khen-thuong/` and the badge list of an award date (page, Excel, Word, PDF).

The hub offers the award dates (2024 to next year), the figures of the nearest one for the user's unit, the
commendations waiting for a decision and the report. The list of an award date shows the unit chosen (an id outside
the scope: 404 and logged), filtered by verdict, 50 a page; officers who propose tick rows to propose them, those who
decide go on to record the award. Each view starts with its access check; viewing needs `view_members`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.jobs import start_job
from dangbo.core.models import BackgroundJob
from dangbo.core.views import query_without
from dangbo.documents.rendering import PDF_JOB_KIND, render_docx, start_pdf
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import exports, stored_lists
from .enums import CommendationState, Verdict
from .forms import BadgeFilterForm, parse_award_date
from .rules import check_award_date
from .selectors import award_dates_shown, commendations_for, nearest_award_date
from .tasks import STORE_JOB_KIND

PAGE_SIZE = 50


def chosen_unit(request: HttpRequest, scope: Scope) -> tuple[BadgeFilterForm, Organization | None]:
    """The list's filters; the unit asked for (404 and logged outside the scope), else the top of the scope."""
    organizations = organizations_for(scope, right=Right.VIEW_MEMBERS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = BadgeFilterForm(request.GET or None, organizations=organizations)
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None
    data = form.cleaned_data if request.GET else {}
    return form, data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MEMBERS).first()


def award_date_or_404(text: str) -> dt.date:
    day = parse_award_date(text)
    if day is None:
        raise Http404
    try:
        check_award_date(day)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return day


def compute_list(unit: Organization, day: dt.date) -> stored_lists.LiveList | stored_lists.StoredList:
    """The list of the unit: computed on the spot up to the grassroots level, the stored one above it."""
    return stored_lists.list_for(unit, day, rules=check_award_date(day))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    today = timezone.localdate()
    root = visible_roots(scope, right=Right.VIEW_MEMBERS).first()
    nearest = nearest_award_date(today)
    counts = compute_list(root, nearest).counts() if root is not None and nearest is not None else None
    summary = [(value, label, counts[value]) for value, label in Verdict.choices] if counts is not None else None
    waiting = commendations_for(scope).filter(state=CommendationState.PROPOSED).count()
    dates = award_dates_shown(today)
    years = sorted({d.year for d in dates}, reverse=True)
    return render(request, "recognition/home.html", {
        "root": root, "nearest": nearest, "summary": summary, "today": today, "waiting": waiting,
        "dates_by_year": [(y, [d for d in dates if d.year == y]) for y in years],
    })  # fmt: skip


def _rights(scope: Scope, unit: Organization) -> dict[str, bool]:
    return {
        "can_propose": scope.covers_path(Right.PROPOSE_RECOGNITION, unit.path),
        "can_decide": scope.covers_path(Right.DECIDE_RECOGNITION, unit.path),
        "can_export": scope.has_right(Right.EXPORT),
    }


@login_required
@require_GET
def badge_list_page(request: HttpRequest, day: str) -> HttpResponse:
    """The badge list of one award date for one unit, filtered by verdict."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    award_date = award_date_or_404(day)
    form, unit = chosen_unit(request, scope)
    context: dict[str, Any] = {"form": form, "award_date": award_date, "unit": unit}
    if unit is None:
        return render(request, "recognition/badge_list.html", context, status=400)
    listed = compute_list(unit, award_date)
    wanted = form.cleaned_data.get("ket_qua") if form.is_bound else ""
    counts = listed.counts()
    rows: Any = listed.rows_for(wanted or "")  # a list, or the stored rows read a page at a time
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    job_id = request.GET.get("job", "")
    job = BackgroundJob.objects.filter(pk=int(job_id), owner_id=request.user.pk).first() if job_id.isdigit() else None
    context |= {"listed": listed, "counts": counts, "total": sum(counts.values()), "page": page, "wanted": wanted,
                "query": query_without(request, "page", "job"), "job": job,
                "unit_query": query_without(request, "page", "ket_qua", "job"), **_rights(scope, unit)}  # fmt: skip
    return render(request, "recognition/badge_list.html", context)


@login_required
@require_POST
def badge_list_store(request: HttpRequest, day: str) -> HttpResponse:
    """Start the job that computes the stored list of the date again (officers who propose or decide)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    award_date = award_date_or_404(day)
    _form, unit = chosen_unit(request, scope)
    if unit is None:
        raise Http404
    rights = _rights(scope, unit)
    if not (rights["can_propose"] or rights["can_decide"]):
        raise PermissionDenied
    job = start_job(kind=STORE_JOB_KIND, owner=request.user,
                    params={"award_date": award_date.isoformat(), "organization_id": unit.pk})  # fmt: skip
    return redirect(f"{reverse('recognition:badges', args=[day])}?to_chuc={unit.pk}&job={job.pk}")


def _listed_for_export(request: HttpRequest, day: str) -> tuple[Organization, dt.date, list[Any]]:
    """The unit, the date and every row of its list, in the list's order."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    award_date = award_date_or_404(day)
    _form, unit = chosen_unit(request, scope)
    if unit is None:
        raise Http404
    return unit, award_date, list(compute_list(unit, award_date).rows_for())


def _audit_export(request: HttpRequest, unit: Organization, award_date: dt.date, fmt: str, rows: int) -> None:
    log_action("recognition.badges.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=f"{unit.name}: {award_date:%d/%m/%Y}", scope_path=unit.path,
               data={"format": fmt, "award_date": award_date.isoformat(), "rows": rows}, request=request)  # fmt: skip


@login_required
@require_GET
def badge_list_xlsx(request: HttpRequest, day: str) -> HttpResponse:
    unit, award_date, rows = _listed_for_export(request, day)
    content = exports.list_workbook(rows, unit=unit, award_date=award_date)
    _audit_export(request, unit, award_date, "xlsx", len(rows))
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(unit, award_date, "xlsx")}"'
    return response


@login_required
@require_GET
def badge_list_docx(request: HttpRequest, day: str) -> HttpResponse:
    """The proposal list (the badges proposed or awarded for the date) as a Word document."""
    unit, award_date, rows = _listed_for_export(request, day)
    info = exports.frame_for(unit, award_date=award_date, day=timezone.localdate())
    content = render_docx(exports.APP, exports.TEMPLATE, info, exports.fields_for(rows, unit=unit,
                                                                                  award_date=award_date))  # fmt: skip
    _audit_export(request, unit, award_date, "docx", len(rows))
    response = HttpResponse(content, content_type=exports.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(unit, award_date, "docx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def badge_list_pdf(request: HttpRequest, day: str) -> HttpResponse:
    """The proposal list as PDF, made by the documents job from the same Word template."""
    unit, award_date, rows = _listed_for_export(request, day)
    filename = exports.file_name(unit, award_date, "pdf")
    job, error = None, ""
    if request.method == "POST":
        try:
            job = start_pdf(owner=request.user, app_label=exports.APP, name=exports.TEMPLATE,
                            info=exports.frame_for(unit, award_date=award_date, day=timezone.localdate()),
                            fields=exports.fields_for(rows, unit=unit, award_date=award_date),
                            filename=filename)  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            _audit_export(request, unit, award_date, "pdf", len(rows))
    recent = BackgroundJob.objects.filter(owner_id=request.user.pk, kind=PDF_JOB_KIND, params__filename=filename)
    context = {"unit": unit, "award_date": award_date, "job": job, "error": error, "query": request.GET.urlencode(),
               "recent": list(recent.order_by("-created_at")[:5])}  # fmt: skip
    return render(request, "recognition/badge_pdf.html", context, status=400 if error else 200)
