"""The dues pages (phone first, server-rendered):

- `/dang-phi/` routes by persona: a member to their own dues, a cell secretary to the cell's month, an officer to
  the units table;
- `/dang-phi/cua-toi/`: a member's own months of a year (due, paid, arrears), audited as a full-record view;
- `/dang-phi/chi-bo/<id>/`: a cell's month (`selectors.cell_ledger`, one indexed query per page) and, for who
  records dues, the whole cell recorded in one request: everyone paid in full in cash today unless a line says
  otherwise; its ledger of a month or a year as Excel (audited);
- `/dang-phi/don-vi/`: collected vs due per unit for a month, drilling down to the cells;
- `/dang-phi/no/`: the members owing in a year, and its Excel export (audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization

from . import exports, selectors, vietqr
from .enums import PaymentChannel
from .forms import CellMonthForm, cell_lines
from .ledger import compute_months, record_cell_month
from .rules import first_of_month, month_label, next_month

YEAR_MIN, YEAR_MAX = 2011, 2100


def month_asked(request: HttpRequest) -> dt.date:
    """`?thang=YYYY-MM` when it is a sane month, else the current month."""
    value = request.GET.get("thang", "")
    try:
        month = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return first_of_month(timezone.localdate())
    return month if YEAR_MIN <= month.year <= YEAR_MAX else first_of_month(timezone.localdate())


def year_asked(request: HttpRequest) -> int:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX else timezone.localdate().year


def _previous(month: dt.date) -> dt.date:
    return first_of_month(month - dt.timedelta(days=1))


def may_record(request: HttpRequest, path: str) -> bool:
    scope = scope_for(request.user)
    return scope.covers_path(Right.RECORD_DUES, path) or scope.covers_path(Right.MANAGE_FINANCE, path)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A member without finance rights sees their own dues; a user whose finance scope is one cell, that cell's
    month; an officer, the units table."""
    scope = scope_for(request.user)
    if not scope.has_right(Right.VIEW_FINANCE):
        if scope.member_id is None:
            raise PermissionDenied
        return redirect("dues:mine")
    roots = list(selectors.finance_roots(scope))
    if len(roots) == 1 and roots[0].kind in MEMBER_HOLDING_KINDS:
        return redirect("dues:cell", roots[0].pk)
    return redirect("dues:units")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The member's own months of a year: due (with how it was computed), paid, arrears."""
    scope = scope_for(request.user)
    member = getattr(request.user, "member", None)
    if member is None or scope.member_id is None:
        raise PermissionDenied
    year = year_asked(request)
    rows = selectors.member_year(member, year)
    log_action("dues.own.viewed", actor=request.user, object_type="member", object_id=member.pk,
               object_repr=member.full_name, scope_path=member.organization.path,
               data={"year": year, "path": request.path}, request=request)  # fmt: skip
    return render(request, "dues/mine.html", {
        "member": member, "year": year, "rows": rows, "totals": selectors.member_totals(member),
        "year_due": sum(r.due for r in rows), "year_paid": sum(r.paid for r in rows),
        "year_owed": sum(r.owed for r in rows if not r.excused_reason), "codes": vietqr.codes_for_owed(rows, member),
    })  # fmt: skip


def _cell(request: HttpRequest, pk: int) -> Organization:
    scope = require_right(request, Right.VIEW_FINANCE)
    org = get_in_scope_or_404(request, selectors.finance_organizations(scope), pk, what="organization")
    if org.kind not in MEMBER_HOLDING_KINDS:
        raise Http404
    return org


@login_required
@require_GET
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    """A cell's month: every member with due, paid and what is owed; the recording form for who records."""
    org = _cell(request, pk)
    month = month_asked(request)
    page_number = int(request.GET["trang"]) if request.GET.get("trang", "").isdigit() else 1
    page = selectors.cell_ledger(org, month, page_number)
    recorder = may_record(request, org.path)
    form = CellMonthForm(initial={"paid_on": timezone.localdate(), "channel": PaymentChannel.CASH})
    return render(request, "dues/cell.html", _cell_context(request, org, month, page, recorder, form))


def _cell_context(request: HttpRequest, org: Organization, month: dt.date, page: selectors.LedgerPage,
                  recorder: bool, form: CellMonthForm) -> dict[str, Any]:  # fmt: skip
    scope = scope_for(request.user)
    open_rows = any(r.owed for r in page.rows)
    return {
        "cell": org, "month": month, "month_label": month_label(month), "month_param": f"{month:%Y-%m}",
        "page": page, "may_record": recorder, "may_export": scope.covers_path(Right.EXPORT, org.path),
        "form": form, "previous": _previous(month), "next": next_month(month), "channels": PaymentChannel.choices,
        "open_rows": open_rows, "query": query_without(request, "trang"),
        # the payment codes are offered on the recording form only: no account lookup for who only reads
        "transfer": recorder and open_rows and vietqr.collection_account_of(org.path) is not None,
        # the units table of the cell's parent, when the user's finance scope covers it (a path prefix)
        "parent_units": org.parent_id is not None
        and scope.covers_path(Right.VIEW_FINANCE, org.path[: -selectors.SEGMENT]),
    }  # fmt: skip


def _recording(request: HttpRequest, pk: int) -> tuple[Organization, dt.date]:
    """The cell of the URL (404 outside the scope) and the month asked, for a user who records its dues."""
    org = _cell(request, pk)
    if not may_record(request, org.path):
        raise PermissionDenied
    return org, month_asked(request)


@login_required
@require_POST
def cell_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute the cell's month (the members on its rolls that month, their dues)."""
    org, month = _recording(request, pk)
    try:
        compute_months(root=org, months=[month])
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('dues:cell', args=[org.pk])}?thang={month:%Y-%m}")


@login_required
@require_POST
def cell_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the cell's month from the page's form: one request for every line on the page."""
    org, month = _recording(request, pk)
    form = CellMonthForm(request.POST)
    page = selectors.cell_ledger(org, month, int(request.POST.get("trang", "1") or 1))
    if form.is_valid():
        known = {r.member_id for r in page.rows}
        lines, unknown = cell_lines(request.POST, known, default_channel=form.cleaned_data["channel"])
        if unknown:
            log_denied(actor=request.user, what="member", object_id=unknown[0], request=request)
            raise Http404
        try:
            recorded = record_cell_month(actor=request.user, organization=org, month=month, rows=lines,
                                         paid_on=form.cleaned_data["paid_on"])  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi sổ đảng phí tháng %(m)s: %(n)s đảng viên đóng.")
                             % {"m": month_label(month), "n": recorded})  # fmt: skip
            return redirect(f"{reverse('dues:cell', args=[org.pk])}?thang={month:%Y-%m}&trang={page.number}")
    context = _cell_context(request, org, month, page, True, form)
    return render(request, "dues/cell.html", context, status=422)


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    """Collected vs due for a month in each unit under the chosen one (the top of the scope by default)."""
    scope = require_right(request, Right.VIEW_FINANCE)
    organizations = selectors.finance_organizations(scope)
    month = month_asked(request)
    parent: Organization | None = None
    if request.GET.get("to_chuc", "").isdigit():
        parent = get_in_scope_or_404(request, organizations, int(request.GET["to_chuc"]), what="organization")
        if parent.kind in MEMBER_HOLDING_KINDS:
            return redirect(f"{reverse('dues:cell', args=[parent.pk])}?thang={month:%Y-%m}")
        children = list(organizations.filter(parent=parent).order_by("sort_key", "path"))
    else:
        children = list(selectors.finance_roots(scope))
    rows = selectors.unit_rows(children, month)
    total = selectors.UnitRow(parent) if parent is not None else None
    if total is not None:
        for r in rows:
            total.members += r.members
            total.due += r.due
            total.paid += r.paid
            total.owing += r.owing
    return render(request, "dues/units.html", {
        "parent": parent, "rows": rows, "total": total, "month": month, "month_label": month_label(month),
        "previous": _previous(month), "next": next_month(month), "cells": MEMBER_HOLDING_KINDS,
        "extra": f"&to_chuc={parent.pk}" if parent is not None else "",
        "up": parent.parent_id
        if parent is not None and parent.parent_id is not None and organizations.filter(pk=parent.parent_id).exists()
        else None,
    })  # fmt: skip


def _arrears_unit(request: HttpRequest) -> tuple[Organization, int]:
    scope = require_right(request, Right.VIEW_FINANCE)
    organizations = selectors.finance_organizations(scope)
    if request.GET.get("to_chuc", "").isdigit():
        unit = get_in_scope_or_404(request, organizations, int(request.GET["to_chuc"]), what="organization")
    else:
        top = selectors.finance_roots(scope).first()
        if top is None:
            raise PermissionDenied
        unit = top
    return unit, year_asked(request)


@login_required
@require_GET
def arrears(request: HttpRequest) -> HttpResponse:
    """The members owing in a year under a unit, most months first, 50 a page."""
    unit, year = _arrears_unit(request)
    page = Paginator(selectors.arrears(unit.path, year), selectors.ARREARS_PAGE).get_page(request.GET.get("page"))
    rows = selectors.with_members(list(page.object_list), year)
    return render(request, "dues/arrears.html", {"unit": unit, "year": year, "page": page, "rows": rows,
                                                 "query": query_without(request)})  # fmt: skip


@login_required
@require_GET
def arrears_export(request: HttpRequest) -> HttpResponse:
    """The arrears list as Excel (audited)."""
    unit, year = _arrears_unit(request)
    if not scope_for(request.user).covers_path(Right.EXPORT, unit.path):
        raise PermissionDenied
    rows = selectors.with_members(list(selectors.arrears(unit.path, year)), year)
    content = exports.arrears_workbook(rows, unit=unit, year=year)
    log_action("dues.arrears.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=f"{unit.name}, năm {year}", scope_path=unit.path,
               data={"year": year, "rows": len(rows)}, request=request)  # fmt: skip
    return _xlsx(content, f"no-dang-phi-{year}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def cell_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The cell's ledger as Excel (audited): a month (`?thang=yyyy-mm`) or a whole year (`?nam=yyyy`)."""
    org = _cell(request, pk)
    if not scope_for(request.user).covers_path(Right.EXPORT, org.path):
        raise PermissionDenied
    if request.GET.get("nam"):
        year = year_asked(request)
        first, last, period = dt.date(year, 1, 1), dt.date(year, 12, 1), f"năm {year}"
    else:
        first = last = month_asked(request)
        period = f"tháng {month_label(first)}"
    rows = selectors.ledger_rows(org, first, last)
    content, count = exports.ledger_workbook(rows, cell=org, period=period)
    log_action("dues.ledger.exported", actor=request.user, object_type="organization", object_id=org.pk,
               object_repr=f"{org.name}, {period}", scope_path=org.path,
               data={"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}", "rows": count}, request=request)  # fmt: skip
    return _xlsx(content, f"so-dang-phi-{first:%Y-%m}{'' if first == last else f'-{last:%Y-%m}'}.xlsx")
