"""The task list of a unit and year by member (with "members without a task"), its Excel export, and a member's
own tasks. Each view starts with its access check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.views import query_without
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from .. import exports
from ..forms import YEAR_MAX, YEAR_MIN, TaskFilterForm
from ..selectors import (
    active_members_with_task,
    member_rows,
    members_without_task,
    own_tasks,
    reference_day,
    rows_with_tasks,
    scope_tasks,
    task_years,
)
from .common import may_assign_in, organizations_with, require_task_reader

PAGE_SIZE = 50


def _unit_and_year(scope: Scope, data: dict[str, Any], today: dt.date) -> tuple[Organization | None, int]:
    unit = data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_CELL_LIFE).select_related("parent").first()
    return unit, data.get("nam") or today.year


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks of a unit's members for a year, by member in Vietnamese order (50 a page), with how many active
    members have a task; `chua_giao=1` lists only the active members without one."""
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    organizations = organizations_with(scope, Right.VIEW_CELL_LIFE)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("nam", str(today.year))  # the form shows the year listed
    form = TaskFilterForm(data, organizations=organizations)
    context: dict[str, Any] = {"form": form, "today": today}
    if form.is_valid():
        unit, year = _unit_and_year(scope, form.cleaned_data, today)
        if unit is None:
            raise Http404
        without = bool(form.cleaned_data.get("chua_giao"))
        day = reference_day(year, today=today)
        paginator = Paginator(member_rows(year, unit.path, day=day, without_task=without), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            unit=unit, year=year, day=day, without=without, page=page,
            rows=rows_with_tasks(page.object_list, year=year, path=unit.path),
            coverage=active_members_with_task(year, unit.path, today=today),
            query=query_without(request), filter_query=query_without(request, "chua_giao"),
            can_assign=may_assign_in(scope, unit), can_export=scope.has_right(Right.EXPORT),
        )  # fmt: skip
    else:
        log_field_denied(request, form)
    return render(request, "assignments/task_list.html", context)


def _export_filters(request: HttpRequest, scope: Scope, today: dt.date) -> tuple[Organization, int]:
    raw, raw_year = request.GET.get("to_chuc", "").strip(), request.GET.get("nam", "").strip()
    if raw and not raw.isdigit():
        raise Http404
    unit = (
        get_in_scope_or_404(request, organizations_with(scope, Right.VIEW_CELL_LIFE), int(raw), what="organization")
        if raw
        else visible_roots(scope, right=Right.VIEW_CELL_LIFE).select_related("parent").first()
    )
    if unit is None:
        raise Http404
    if raw_year and (not raw_year.isdigit() or not YEAR_MIN <= int(raw_year) <= YEAR_MAX):
        raise Http404
    return unit, int(raw_year) if raw_year else today.year


@login_required
@require_GET
def export_tasks(request: HttpRequest) -> HttpResponse:
    """The tasks of a unit and year, and its active members without a task, as Excel (audited)."""
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    today = timezone.localdate()
    unit, year = _export_filters(request, scope, today)
    without = members_without_task(year, unit.path, today=today).select_related("organization__parent")
    content, rows = exports.build_workbook(
        scope_tasks(scope, year=year, path=unit.path).iterator(chunk_size=500),
        without.order_by("organization__sort_key", "sort_key", "pk").iterator(chunk_size=500),
        year=year,
    )
    log_action("assignments.tasks.exported", actor=request.user, object_type="organization", object_id=unit.pk,
               object_repr=unit.name, scope_path=unit.path, data={"year": year, "rows": rows},
               request=request)  # fmt: skip
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-dang-vien-{year}-{today:%Y%m%d}.xlsx"'
    return response


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The member's own tasks, a year at a time (only their own: the page reads nothing else)."""
    scope = require_task_reader(request)
    if scope.member_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX else today.year
    years = task_years(own_tasks(scope.member_id))
    if today.year not in years:
        years = sorted({*years, today.year}, reverse=True)
    return render(request, "assignments/my_tasks.html", {
        "year": year, "years": years, "tasks": list(own_tasks(scope.member_id, year=year)), "today": today,
    })  # fmt: skip
