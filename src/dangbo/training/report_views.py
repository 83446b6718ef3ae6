"""The training coverage report under /dao-tao/bao-cao/ (an organization's total and each unit under it, as of a
day, with links down to the cells) and its Excel export (audited). Each view starts with its access check."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.members.views import check_organization_param
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import report_exports
from .forms import DayFilterForm
from .report import LEVELS, Report, coverage_report
from .rules import rules_in_force
from .views import log_denied_fields, viewed_units


def _filters(request: HttpRequest, scope: Scope) -> tuple[DayFilterForm, Organization | None, dt.date]:
    organizations = viewed_units(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = DayFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        log_denied_fields(request, form)
        return form, None, today
    data = form.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MEMBERS).first()
    if unit is None:
        raise Http404
    return form, unit, data.get("ngay") or today


def _report(unit: Organization, day: dt.date) -> tuple[Report | None, str]:
    try:
        return coverage_report(unit, day=day, rules=rules_in_force(day)), ""
    except DomainError as error:
        return None, error.message


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The coverage of a unit and of each unit under it, as of a day (today by default)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    form, unit, day = _filters(request, scope)
    if unit is None:
        return render(request, "training/report.html", {"form": form}, status=400)
    figures, problem = _report(unit, day)
    return render(request, "training/report.html", {
        "form": form, "report": figures, "problem": problem, "levels": LEVELS,
        "can_export": scope.has_right(Right.EXPORT),
        "parent_visible": unit.parent is not None and scope.covers_path(Right.VIEW_MEMBERS, unit.parent.path),
    })  # fmt: skip


@login_required
@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    """The same figures as Excel (audited)."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, unit, day = _filters(request, scope)
    if unit is None:
        raise Http404
    figures, _problem = _report(unit, day)
    if figures is None:
        raise Http404
    content = report_exports.build_workbook(figures)
    log_action("training.report.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=unit.name, scope_path=unit.path, data={"day": day.isoformat()}, request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dao-tao-boi-duong-{day:%Y%m%d}.xlsx"'
    return response
