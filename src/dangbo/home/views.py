"""The home page of each role: what is due and late in my part of the tree, and the way to the daily work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.views import register_home
from dangbo.notifications.selectors import health as notification_health
from dangbo.organizations.selectors import visible_roots

from .cards import inspection_card
from .selectors import role_home


@register_home
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users only; what it shows comes from the user's own scope, nothing else is read."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    context = {"home": role_home(scope, today=today), "today": today}
    if request.user.is_staff or scope.has_right(Right.MANAGE_REPORT_REQUESTS):  # the office and the administrators
        context["notify_health"] = notification_health()
    return render(request, "home/home.html", context)


@login_required
@require_GET
def oversight(request: HttpRequest) -> HttpResponse:
    """The navigation's "inspection and discipline" entry: the way to inspection and supervision, complaints and
    denunciations (their handlers only) and discipline, with what is due in the scope (above a cell)."""
    scope = require_right(request, Right.VIEW_DISCIPLINE)
    today = timezone.localdate()
    top = visible_roots(scope, right=Right.VIEW_DISCIPLINE).first()
    card = inspection_card(scope, today=today) if top is not None and not top.holds_members else None
    return render(request, "home/oversight.html", {
        "card": card, "complaints": scope.has_right(Right.HANDLE_COMPLAINTS), "today": today,
    })  # fmt: skip


@login_required
@require_GET
def plans_hub(request: HttpRequest) -> HttpResponse:
    """The navigation's "plans and reports" entry: the party documents, the plans and their tasks, the reports asked
    of lower levels, the statistical forms, the reviews and the year report, each where the user's rights open it."""
    scope = require_right(request, Right.VIEW_ORGS)
    return render(request, "home/plans.html", {"rights": {right: scope.has_right(right) for right in Right.values}})
