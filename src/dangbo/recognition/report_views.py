"""The badge report under /khen-thuong/bao-cao/: for each award date of a year, a unit's figures and each unit's
under it (in the list, blocked, proposed and awarded by a day), with its Excel export (audited)."""

from __future__ import annotations

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
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import exports
from .forms import ReportForm
from .report import BadgeReport, badge_report


def _report(request: HttpRequest, scope: Scope) -> tuple[ReportForm, BadgeReport | None]:
    organizations = organizations_for(scope, right=Right.VIEW_MEMBERS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ReportForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None
    data = form.cleaned_data if request.GET else {}
    unit: Organization | None = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MEMBERS).first()
    if unit is None:
        raise Http404
    year = data.get("nam") or today.year
    as_of = data.get("ngay") or today
    try:
        return form, badge_report(unit, year=year, as_of=as_of)
    except DomainError as exc:  # no badge rule set for that year
        form.add_error("nam", exc.message)
        return form, None


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    form, result = _report(request, scope)
    parent = result.unit.parent if result else None
    return render(request, "recognition/report.html", {
        "form": form, "report": result, "can_export": scope.has_right(Right.EXPORT),
        "parent_visible": parent is not None and scope.covers_path(Right.VIEW_MEMBERS, parent.path),
    }, status=200 if result else 400)  # fmt: skip


@login_required
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, result = _report(request, scope)
    if result is None:
        raise Http404
    log_action("recognition.report.exported", actor=request.user, object_type="organization",
               object_id=result.unit.pk, object_repr=result.unit.name, scope_path=result.unit.path,
               data={"year": result.year, "as_of": result.as_of.isoformat()}, request=request)  # fmt: skip
    response = HttpResponse(exports.report_workbook(result), content_type=exports.XLSX_CONTENT_TYPE)
    name = f"huy-hieu-dang-{result.unit.code}-{result.year}-{result.as_of:%Y%m%d}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
