"""Pages of the targets and the dashboard: /chi-tieu/ (dashboard), /chi-tieu/don-vi/<id>/ (one unit, down to
its rated members), /chi-tieu/ke-hoach/ (plans and their targets)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.selectors import organizations_for

from . import cell_life, selectors
from .forms import YearForm
from .models import Target

MEMBERS_PER_PAGE = 50
CELL_LIFE_DRILL_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE)


def _year_and_page(request: HttpRequest, scope: Scope) -> tuple[YearForm, int, int]:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = form.cleaned_data.get("nam") if valid else None
    page = (form.cleaned_data.get("trang") if valid else None) or 1
    return form, year or selectors.latest_year(scope, timezone.localdate().year), page


def _chart(
    years: list[int], trends: dict[str, list[float | None]], texts: dict[str, list[str]], targets: dict[str, Target]
) -> dict[str, Any]:
    """Chart.js data: one series per metric over the years (values and their texts), and each card's target."""
    return {
        "years": years,
        "series": [
            {"metric": m, "label": str(selectors.SHORT_LABELS[m]), "values": trends[m], "texts": texts[m]}
            for m in selectors.METRICS
        ],
        "targets": {
            m: {
                "value": float(t.threshold),
                "label": _("Chỉ tiêu %(condition)s") % {"condition": t.condition_text()},
                "text": t.condition_text(),
            }
            for m, t in targets.items()
        },
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    form, year, page = _year_and_page(request, scope)
    board = selectors.dashboard_for(scope, year=year, page=page)
    context = {
        "form": form,
        "board": board,
        "chart": _chart(board.years, board.trends, board.trend_texts, board.targets),
        "can_view_members": scope.has_right(Right.VIEW_MEMBERS),
        # the drill-down of the cell-life cards: the roots are the scope's own organizations
        "can_view_cell_life": scope.has_right(Right.VIEW_CELL_LIFE),
        "current_year": year == timezone.localdate().year,
    }
    return render(request, "planning/dashboard.html", context)


@login_required
@require_GET
def unit(request: HttpRequest, org_id: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    org = get_in_scope_or_404(request, organizations_for(scope), org_id, what="organization")
    form, year, page = _year_and_page(request, scope)
    detail = selectors.unit_dashboard(org, year=year, live=True)
    targets = selectors.targets_by_year([year])[year]
    context: dict[str, Any] = {
        "form": form,
        "detail": detail,
        "chart": _chart(detail.trend_years, detail.trends, detail.trend_texts, targets),
        "can_view_members": scope.has_right(Right.VIEW_MEMBERS),
        "can_view_cell_life": scope.has_right(Right.VIEW_CELL_LIFE),
        "drill_cell_life": scope.covers_path(Right.VIEW_CELL_LIFE, org.path),
        "current_year": year == timezone.localdate().year,
    }
    if org.kind in CELL_LIFE_DRILL_KINDS:  # a grassroots committee (or a part of it): down to its cells
        rows = cell_life.cell_rows(year, org.path)
        context["cell_life_page"] = Paginator(rows, MEMBERS_PER_PAGE).get_page(request.GET.get("chi_bo"))
    if org.kind == OrgKind.UPPER:  # an upper organization drills down to its grassroots organizations
        units, total, pages = selectors.grassroots_page([detail.path], year=year, targets=targets, page=page)
        context.update(units=units, units_total=total, pages=pages, page=min(page, pages))
    elif context["can_view_members"]:  # a grassroots organization or a cell, down to its rated members
        ratings = selectors.rated_members(scope, unit_path=detail.path, year=year)
        context["ratings_page"] = Paginator(ratings, MEMBERS_PER_PAGE).get_page(page)
    return render(request, "planning/unit.html", context)


@login_required
@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    return render(request, "planning/plans.html", {"plans": list(selectors.plans_for(scope))})
