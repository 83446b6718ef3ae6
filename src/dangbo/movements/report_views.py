"""The movements report page under /bien-dong/bao-cao/ (an organization's total and each unit under it, as of a day,
with links down to the cells) and its Excel export (audited). Each view starts with its access check."""

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
from .report import movements_report
from .report_forms import ReportFilterForm


def _filters(request: HttpRequest, scope: Scope) -> tuple[ReportFilterForm, Organization | None, dt.date]:
    organizations = Organization.objects.filter(scope.path_q(Right.VIEW_MOVEMENTS))
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ReportFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None, today
    data = form.cleaned_data if request.GET else {}
    unit = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MOVEMENTS).first()
    if unit is None:
        raise Http404
    return form, unit, data.get("ngay") or today


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The figures of a unit and of each unit under it, as of a day (today by default)."""
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    form, unit, day = _filters(request, scope)
    if unit is None:
        return render(request, "movements/report.html", {"form": form}, status=400)
    return render(request, "movements/report.html", {
        "form": form, "report": movements_report(unit, day=day), "can_export": scope.has_right(Right.EXPORT),
        "parent_visible": unit.parent is not None and scope.covers_path(Right.VIEW_MOVEMENTS, unit.parent.path),
    })  # fmt: skip


@login_required
@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    """The same figures as Excel (audited)."""
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, unit, day = _filters(request, scope)
    if unit is None:
        raise Http404
    content = report_exports.build_workbook(movements_report(unit, day=day))
    log_action("movements.report.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=unit.name, scope_path=unit.path, data={"day": day.isoformat()}, request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bien-dong-dang-vien-{day:%Y%m%d}.xlsx"'
    return response
