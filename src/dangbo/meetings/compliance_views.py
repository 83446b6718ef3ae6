"""The quarterly compliance page /sinh-hoat/theo-quy/ and what it offers: the bloc sees its grassroots
organizations, a grassroots officer its cells, anyone a cell's year; locking a quarter, recomputing the rows in
the background, and the Excel exports (the meeting calendar, compliance per unit and quarter).

Every view starts with its access check; an organization outside the scope (`?to_chuc=`, or in the address)
answers 404 and is logged. The page reads only `CellQuarter` rows (`compliance_selectors`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgKind, OrgLevel
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import compliance_selectors as selectors
from . import exports
from .compliance import quarter_of
from .compliance_forms import QuarterFilterForm, QuarterLockForm, YearFilterForm
from .compliance_jobs import start_recompute
from .enums import Compliance
from .quarter_locks import LOCKING_KINDS, lock_quarter, unlock_quarter

CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)


def page_url(unit: Organization | None, year: int, quarter: int | None, **extra: Any) -> str:
    params: dict[str, Any] = {"nam": year}
    if quarter:
        params["quy"] = quarter
    if unit is not None:
        params["to_chuc"] = unit.pk
    params.update({k: v for k, v in extra.items() if v})
    return f"{reverse('meetings:compliance')}?{urlencode(params)}"


def _unit(
    request: HttpRequest, scope: Scope, right: str, roots: list[Organization] | None = None
) -> Organization | None:
    """`?to_chuc=` inside the scope (out of it: 404, logged), else the scope's (first) top organization."""
    raw = request.GET.get("to_chuc", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_in_scope_or_404(request, organizations_for(scope, right=right), int(raw), what="organization")
    if roots is not None:
        return roots[0] if roots else None
    return visible_roots(scope, right=right).first()


def _mode(unit: Organization) -> str:
    if unit.kind in CELL_KINDS:
        return "cell"
    return "grassroots" if unit.level == OrgLevel.UPPER else "cells"


def _breadcrumb(scope: Scope, unit: Organization) -> list[Organization]:
    """The unit's ancestors the user may see, top first (the way back up the drill-down)."""
    if unit.path in scope.paths(Right.VIEW_CELL_LIFE):
        return []  # a top organization of the scope: nothing above it to go back to
    return list(
        Organization.objects.filter(scope.path_q(Right.VIEW_CELL_LIFE), path__in=unit.ancestor_paths()[:-1]).order_by(
            "path"
        )
    )


def _lock_panel(scope: Scope, unit: Organization, year: int, quarter: int, today: dt.date) -> dict[str, Any]:
    locks = selectors.locks_for(unit, year=year, quarter=quarter)
    may_lock = unit.kind in LOCKING_KINDS and scope.covers_path(Right.LOCK_CELL_LIFE, unit.path)
    own = next((lk for lk in locks if lk.organization_id == unit.pk), None)
    return {
        "locks": locks,
        "can_lock": may_lock and not locks and quarter_of(today) > (year, quarter),
        "can_unlock": may_lock and own is not None,
    }


@login_required
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    roots = list(visible_roots(scope, right=Right.VIEW_CELL_LIFE)[:20])
    unit = _unit(request, scope, Right.VIEW_CELL_LIFE, roots)
    today = timezone.localdate()
    form = QuarterFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    current_year, current_quarter = quarter_of(today)
    year = data.get("nam") or current_year
    quarter = data.get("quy") or (current_quarter if year == current_year else 4)
    page = data.get("trang") or 1
    context: dict[str, Any] = {
        "form": form, "unit": unit, "year": year, "quarter": quarter, "quarters": [1, 2, 3, 4],
        "years": list(range(current_year, current_year - 4, -1)), "statuses": Compliance,
        "roots": roots,
    }  # fmt: skip
    if unit is None:
        return render(request, "meetings/compliance.html", context)
    mode = _mode(unit)
    context.update(mode=mode, breadcrumb=_breadcrumb(scope, unit), page_url=page_url(unit, year, quarter))
    if mode == "cell":
        context["cell_rows"] = selectors.cell_year(unit, year=year)
        context["row"] = next((r for r in context["cell_rows"] if r.quarter == quarter), None)
    else:
        totals = selectors.totals(unit, year=year, quarter=quarter, today=today)
        context["totals"] = totals
        if mode == "grassroots":
            rows, pages = selectors.grassroots_page(unit.path, year=year, quarter=quarter, page=page,
                                                    total=totals.grassroots)  # fmt: skip
            context.update(units=rows, units_total=totals.grassroots, pages=pages, page=min(page, pages))
        else:
            context["cells"] = selectors.cells_page(unit, year=year, quarter=quarter, page=page)
    context.update(_lock_panel(scope, unit, year, quarter, today))
    context["can_recompute"] = scope.covers_path(Right.LOCK_CELL_LIFE, unit.path) or scope.covers_path(
        Right.MANAGE_CELL_LIFE, unit.path
    )
    if scope.has_right(Right.EXPORT):
        query = urlencode({"to_chuc": unit.pk, "nam": year})
        context["exports"] = [
            (f"{reverse(name)}?{query}", label % {"year": year})
            for name, label in (
                ("meetings:export_compliance", _("Tình hình sinh hoạt theo quý năm %(year)s (Excel)")),
                ("meetings:export_calendar", _("Lịch sinh hoạt năm %(year)s (Excel)")),
            )
        ]
    return render(request, "meetings/compliance.html", context)


def _posted_unit(request: HttpRequest, org_id: int, right: str) -> tuple[Organization, QuarterLockForm]:
    scope = require_right(request, right)
    unit = get_in_scope_or_404(request, organizations_for(scope, right=right), org_id, what="organization")
    return unit, QuarterLockForm(request.POST)


def _form_errors(form: QuarterLockForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _lock_or_unlock(request: HttpRequest, org_id: int, service: Any, done: str) -> HttpResponse:
    """One posted quarter of one unit, locked or unlocked by `service`; `done` is the success message."""
    unit, form = _posted_unit(request, org_id, Right.LOCK_CELL_LIFE)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(page_url(unit, timezone.localdate().year, None))
    year, quarter = form.cleaned_data["nam"], form.cleaned_data["quy"]
    try:
        service(actor=request.user, organization=unit, year=year, quarter=quarter)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"q": quarter, "y": year, "name": unit.name})
    return redirect(page_url(unit, year, quarter))


@login_required
@require_POST
def lock(request: HttpRequest, org_id: int) -> HttpResponse:
    return _lock_or_unlock(request, org_id, lock_quarter, _("Đã khóa số liệu sinh hoạt quý %(q)s/%(y)s của %(name)s."))


@login_required
@require_POST
def unlock(request: HttpRequest, org_id: int) -> HttpResponse:
    return _lock_or_unlock(
        request, org_id, unlock_quarter, _("Đã mở khóa số liệu sinh hoạt quý %(q)s/%(y)s của %(name)s.")
    )


@login_required
@require_POST
def recompute_start(request: HttpRequest, org_id: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    unit = get_in_scope_or_404(request, organizations_for(scope, right=Right.VIEW_CELL_LIFE), org_id,
                               what="organization")  # fmt: skip
    if not (scope.covers_path(Right.LOCK_CELL_LIFE, unit.path) or scope.covers_path(Right.MANAGE_CELL_LIFE, unit.path)):
        raise PermissionDenied
    form = QuarterLockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(page_url(unit, timezone.localdate().year, None))
    job = start_recompute(actor=request.user, organization=unit, year=form.cleaned_data["nam"],
                          quarter=form.cleaned_data["quy"])  # fmt: skip
    return redirect("core:job", job_id=job.pk)


def _export_filters(request: HttpRequest) -> tuple[Scope, Organization, int, int | None]:
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    unit = _unit(request, scope, Right.VIEW_CELL_LIFE)
    form = YearFilterForm(request.GET)
    if unit is None or not form.is_valid():
        raise Http404
    return scope, unit, form.cleaned_data.get("nam") or timezone.localdate().year, form.cleaned_data.get("quy")


def _xlsx(content: bytes, stem: str, unit: Organization, year: int) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{unit.pk}-{year}.xlsx"'
    return response


def _audit_export(request: HttpRequest, what: str, unit: Organization, year: int, rows: int) -> None:
    log_action(
        f"meetings.{what}.exported", actor=request.user, object_type="organization", object_id=unit.pk,
        object_repr=unit.name, scope_path=unit.path, data={"year": year, "rows": rows}, request=request,
    )  # fmt: skip


@login_required
@require_GET
def export_compliance(request: HttpRequest) -> HttpResponse:
    _scope, unit, year, quarter = _export_filters(request)
    content, rows = exports.compliance_workbook(unit, year=year, quarter=quarter)
    _audit_export(request, "compliance", unit, year, rows)
    return _xlsx(content, "sinh-hoat-theo-quy", unit, year)


@login_required
@require_GET
def export_calendar(request: HttpRequest) -> HttpResponse:
    _scope, unit, year, quarter = _export_filters(request)
    content, rows = exports.calendar_workbook(unit, year=year, quarter=quarter)
    _audit_export(request, "calendar", unit, year, rows)
    return _xlsx(content, "lich-sinh-hoat", unit, year)
