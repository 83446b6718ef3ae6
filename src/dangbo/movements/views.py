"""The movements pages (filled in by the movement views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_right(request, Right.VIEW_MOVEMENTS)
    return render(request, "movements/home.html", {})
