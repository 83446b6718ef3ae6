"""When two-factor login is required, a user who can see or change more than their own record (an officer role,
staff or superuser) must confirm a TOTP code this session before any page, API answer or admin page.

The check runs in `process_view`, after URL resolution, so exemptions are URL *names*: only the pages needed to
finish logging in (or to leave) are open. Path prefixes are never exempt: a prefix such as `/tai-khoan/` once
left the audit log (citizen ids, phone numbers) open to a password-only session. Static files never reach this
middleware (WhiteNoise answers them first in production, the static handler in development and tests).

API views are left to the API's own permission (`api.permissions.TwoFactorIfRequired`, in every viewset and in
the API's default permissions): it asks the same rule (`accounts.scope.needs_second_factor`) and answers a JSON
403 in the API's error body instead of a redirect to an HTML page. Token-authenticated requests carry no
session user at this point (the token itself was only issued after the code was checked).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from rest_framework.views import APIView

from .scope import needs_second_factor

# Pages an unverified user may open: logging in and out, setting up or confirming the second factor, the
# language switch shown on those pages, and the health probe (which shows no data).
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:otp",
        "core:health",
        "set_language",
    }
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.DANGBO_REQUIRE_2FA_FOR_OFFICERS:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        user = request.user
        if getattr(user, "is_verified", lambda: False)():  # set by django-otp's middleware
            return None
        if not needs_second_factor(user) or _is_api_view(view_func):
            return None
        return redirect("accounts:otp")


def _is_api_view(view_func: Callable[..., Any]) -> bool:
    """A view that answers API clients (JSON), not people: the API docs page is an HTML page like any other."""
    view_class = getattr(view_func, "cls", None)
    if not (isinstance(view_class, type) and issubclass(view_class, APIView)):
        return False
    return all(getattr(renderer, "format", "") != "html" for renderer in view_class.renderer_classes)
