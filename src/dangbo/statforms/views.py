"""The statistical forms under /bieu-thong-ke/: the list, one form for a unit as of a day (the unit's total and
the units just below it, each a link down), and its Excel file (audited; a large member register as a background
job with progress). Each view starts with its access check; a unit outside the scope answers 404 and is logged."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.core.errors import DomainError
from dangbo.members.forms import OrganizationField
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import exports
from .compute import compute, default_day, register_rows
from .forms import UnitDayForm
from .models import StatForm

REGISTER_PREVIEW = 50


def forms_in_use() -> QuerySet[StatForm]:
    return StatForm.objects.filter(in_use=True).order_by("position", "code")


def unknown_form(code: str) -> str:
    return f"Không có biểu thống kê “{code[:40]}”: chọn một biểu trong danh sách."


def _unknown(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "statforms/index.html", {"forms": forms_in_use(), "problem": unknown_form(code)}, status=404)


def _units(scope: Scope, right: str) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(right))


def _choice(
    request: HttpRequest, scope: Scope, form: StatForm, right: str
) -> tuple[UnitDayForm, Organization | None, dt.date]:
    """The unit and day asked for: an organization outside the scope for `right` answers 404 (logged)."""
    units = _units(scope, right)
    raw = request.GET.get("to_chuc", "")
    if raw.isdigit():
        get_in_scope_or_404(request, units, int(raw), what="organization")
    picker = UnitDayForm(request.GET or None, organizations=units)
    today = timezone.localdate()
    if request.GET and not picker.is_valid():
        field = picker.fields["to_chuc"]
        if isinstance(field, OrganizationField) and field.out_of_scope_id is not None:
            log_denied(actor=request.user, what="organization", object_id=field.out_of_scope_id, request=request)
        return picker, None, today
    data: dict[str, Any] = picker.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=right).first()
    if unit is None:
        raise Http404
    return picker, unit, data.get("ngay") or default_day(form, today)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_right(request, Right.VIEW_MEMBERS)
    return render(request, "statforms/index.html", {"forms": forms_in_use()})


@login_required
@require_GET
def form_page(request: HttpRequest, code: str) -> HttpResponse:
    """The form for a unit as of a day: refused days get the Vietnamese message and no figures."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    form = forms_in_use().filter(code=code).first()
    if form is None:
        return _unknown(request, code)
    picker, unit, day = _choice(request, scope, form, Right.VIEW_MEMBERS)
    context: dict[str, Any] = {"form": form, "picker": picker, "day": day, "can_export": scope.has_right(Right.EXPORT)}
    if unit is None:
        return render(request, "statforms/form.html", context, status=400)
    try:
        table = compute(form, unit, day)
    except DomainError as error:
        return render(request, "statforms/form.html", {**context, "unit": unit, "problem": error.message}, status=400)
    shown = [table.total, *table.children_of(unit.pk)]
    context.update(table=table, unit=unit)
    if not exports.is_register(form):
        context["rows"] = [(r, list(zip(table.columns, r.values, strict=True))) for r in shown]
    else:
        preview = islice(register_rows(table), REGISTER_PREVIEW)
        context["register"] = [list(zip(table.columns, line, strict=True)) for line in preview]
        context["register_size"] = exports.register_size(table)
    context["can_export"] = context["can_export"] and scope.covers_path(Right.EXPORT, unit.path)
    return render(request, "statforms/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def form_export(request: HttpRequest, code: str) -> HttpResponse:
    """The Excel file (audited). A member register above the inline limit: a page that starts (POST) the job."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    form = forms_in_use().filter(code=code).first()
    if form is None:
        return _unknown(request, code)
    picker, unit, day = _choice(request, scope, form, Right.EXPORT)
    if unit is None:
        return render(request, "statforms/form.html", {"form": form, "picker": picker, "day": day}, status=400)
    try:
        table = compute(form, unit, day)
    except DomainError as error:
        return render(request, "statforms/form.html", {"form": form, "picker": picker, "day": day, "unit": unit,
                                                       "problem": error.message}, status=400)  # fmt: skip
    if exports.needs_job(table):
        if request.method == "POST":
            job = exports.start_register_job(actor=request.user, table=table, request=request)
            template = "core/job_status.html" if request.htmx else "statforms/export.html"  # type: ignore[attr-defined]
            return render(request, template, {"job": job, "table": table})
        return render(request, "statforms/export.html", {"table": table, "size": exports.register_size(table)})
    return exports.response(request, table)
