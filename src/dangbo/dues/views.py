"""The dues pages (filled in by the dues views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dues/home.html", {"perms_finance": scope_for(request.user).has_right(Right.VIEW_FINANCE)})
