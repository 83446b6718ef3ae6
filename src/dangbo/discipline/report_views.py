"""The report page "kỷ luật theo hình thức và cấp" under /ky-luat/bao-cao/ (an organization's total and each unit
under it, for a year as of a day, with links down to the cells) and its Excel export (audited). Each view starts
with its access check; a unit outside the scope answers 404 and is logged."""

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
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import report_exports
from .forms import ReportFilterForm
from .report import discipline_report, headers, report_decisions


def _filters(request: HttpRequest, scope: Scope) -> tuple[ReportFilterForm, Organization | None, int, dt.date]:
    organizations = Organization.objects.filter(scope.path_q(Right.VIEW_DISCIPLINE))
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ReportFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None, today.year, today
    data = form.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_DISCIPLINE).first()
    if unit is None:
        raise Http404
    day = data.get("ngay") or today
    year = data.get("nam") or day.year
    if not data.get("ngay") and year < today.year:
        day = dt.date(year, 12, 31)
    return form, unit, year, day


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The figures of a unit and of each unit under it for a year, as of a day (today by default)."""
    scope = require_right(request, Right.VIEW_DISCIPLINE)
    form, unit, year, day = _filters(request, scope)
    if unit is None:
        return render(request, "discipline/report.html", {"form": form}, status=400)
    return render(request, "discipline/report.html", {
        "form": form, "report": discipline_report(unit, year=year, day=day), "headers": headers(),
        "can_export": scope.has_right(Right.EXPORT),
        "parent_visible": unit.parent is not None and scope.covers_path(Right.VIEW_DISCIPLINE, unit.parent.path),
    })  # fmt: skip


@login_required
@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    """The same figures and the decisions counted, as Excel (audited)."""
    scope = require_right(request, Right.VIEW_DISCIPLINE)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, unit, year, day = _filters(request, scope)
    if unit is None:
        raise Http404
    result = discipline_report(unit, year=year, day=day)
    content = report_exports.build_workbook(result, report_decisions(unit, year=year, day=result.day))
    log_action("discipline.report.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=unit.name, scope_path=unit.path, data={"year": year, "day": result.day.isoformat()},
               request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ky-luat-{year}-{result.day:%Y%m%d}.xlsx"'
    return response
