"""The movements hub, `/bien-dong/`: what each officer needs first, one section each.

A section is a template under `movements/hub/` and a function giving its context (None: the section is left
out for this user); `SECTIONS` lists them in page order, so a procedure adds its own section (its overdue
deadlines, its links) by adding one entry. The list of movements filters by unit (an id outside the scope: 404
and logged), kind, state and year, 50 a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.views import query_without
from dangbo.members.views import check_organization_param
from dangbo.organizations.selectors import visible_roots

from .deadlines import overdue_transfers
from .residence_selectors import CellTally, feedback_due, tallies_by_cell
from .selectors import awaiting_acceptance, filter_movements, movements_for, organizations_with
from .transfer_forms import MovementFilterForm

PAGE_SIZE = 50
SHOWN = 20


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[HttpRequest, Scope, dt.date], dict[str, Any] | None]


def start_section(request: HttpRequest, scope: Scope, today: dt.date) -> dict[str, Any] | None:
    """The ways to start a procedure (for those who manage movements)."""
    return {} if scope.has_right(Right.MANAGE_MOVEMENTS) else None


def overdue_section(request: HttpRequest, scope: Scope, today: dt.date) -> dict[str, Any] | None:
    """Transfers out of the tree past a deadline, the earliest first."""
    return {"overdue": overdue_transfers(movements_for(scope), day=today)[:SHOWN]}


def awaiting_section(request: HttpRequest, scope: Scope, today: dt.date) -> dict[str, Any] | None:
    """Internal transfers waiting for the user to accept or decline them."""
    if not scope.has_right(Right.MANAGE_MOVEMENTS):
        return None
    qs = awaiting_acceptance(scope).select_related("member", "from_organization__parent", "to_organization__parent")
    return {"awaiting": list(qs.order_by("start", "pk")[:SHOWN])}


def residence_section(request: HttpRequest, scope: Scope, today: dt.date) -> dict[str, Any] | None:
    """The residence liaison of the user's unit this year (what is missing) and the movements report."""
    root = visible_roots(scope, right=Right.VIEW_MOVEMENTS).first()
    tallies = tallies_by_cell(today.year, root.path, today=today).values() if root is not None else []
    total = CellTally(*(sum(getattr(t, f) for t in tallies) for f in ("working", "not_introduced", "received",
                                                                      "waiting", "missing")))  # fmt: skip
    return {"year": today.year, "due": feedback_due(today.year), "tally": total if total.working else None}


def list_section(request: HttpRequest, scope: Scope, today: dt.date) -> dict[str, Any] | None:
    """Every movement in the scope, filtered, newest first."""
    organizations = organizations_with(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = MovementFilterForm(request.GET or None, organizations=organizations)
    context: dict[str, Any] = {"form": form, "query": query_without(request)}
    if not request.GET or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        qs = filter_movements(movements_for(scope), data).select_related(
            "member", "from_organization__parent", "to_organization__parent"
        )
        context["page"] = Paginator(qs.order_by("-start", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return context


SECTIONS: list[Section] = [
    Section("movements/hub/_start.html", start_section),
    Section("movements/hub/_overdue.html", overdue_section),
    Section("movements/hub/_awaiting.html", awaiting_section),
    Section("movements/_standing_hub.html", lambda request, scope, today: {}),
    Section("movements/hub/_residence.html", residence_section),
    Section("movements/hub/_list.html", list_section),
]


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    today = timezone.localdate()
    sections = []
    for section in SECTIONS:
        context = section.context(request, scope, today)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return render(request, "movements/home.html", {"sections": sections, "today": today})
