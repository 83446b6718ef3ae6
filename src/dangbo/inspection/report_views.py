"""The inspection report page under /kiem-tra/bao-cao/ (an organization's total, its own cases and each unit under
it, cases opened and concluded by kind as of a day, with links down to the cells) and its Excel export (audited).
Each view starts with its access check; a unit outside the scope answers 404 and is logged."""

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
from dangbo.movements.report_forms import ReportFilterForm
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import report_exports
from .enums import CaseKind
from .report import inspection_report

VIEW = Right.VIEW_DISCIPLINE


def _filters(request: HttpRequest, scope: Scope) -> tuple[ReportFilterForm, Organization | None, dt.date]:
    organizations = Organization.objects.filter(scope.path_q(VIEW))
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ReportFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None, today
    data = form.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=VIEW).first()
    if unit is None:
        raise Http404
    return form, unit, data.get("ngay") or today


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The figures of a unit and of each unit under it, as of a day (today by default)."""
    scope = require_right(request, VIEW)
    form, unit, day = _filters(request, scope)
    if unit is None:
        return render(request, "inspection/report.html", {"form": form}, status=400)
    return render(request, "inspection/report.html", {
        "form": form, "report": inspection_report(unit, day=day), "can_export": scope.has_right(Right.EXPORT),
        "kinds": CaseKind.choices,
        "parent_visible": unit.parent is not None and scope.covers_path(VIEW, unit.parent.path),
    })  # fmt: skip


@login_required
@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    """The same figures as Excel (audited)."""
    scope = require_right(request, VIEW)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, unit, day = _filters(request, scope)
    if unit is None:
        raise Http404
    content = report_exports.build_workbook(inspection_report(unit, day=day))
    log_action("inspection.report.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=unit.name, scope_path=unit.path, data={"day": day.isoformat()}, request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kiem-tra-giam-sat-{day:%Y%m%d}.xlsx"'
    return response
