"""The home page of each role: what is due and late in my part of the tree, and the way to the daily work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.scope import scope_for
from dangbo.core.views import register_home

from .selectors import role_home


@register_home
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users only; what it shows comes from the user's own scope, nothing else is read."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    return render(request, "home/home.html", {"home": role_home(scope, today=today), "today": today})
