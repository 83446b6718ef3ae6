"""When two-factor login is required, a user who can see or change more than their own record (an officer role,
staff or superuser) must confirm a TOTP code this session before any page, API answer or admin page.

The check runs in `process_view`, after URL resolution, so exemptions are URL *names*: only the pages needed to
finish logging in (or to leave) are open. Path prefixes are never exempt: a prefix such as `/tai-khoan/` once
left the audit log (citizen ids, phone numbers) open to a password-only session. Static files never reach this
middleware (WhiteNoise answers them first in production, the static handler in development and tests).

Session requests to API views get a JSON 403 instead of the redirect. Token-authenticated API requests carry
no session user at this point and are not affected here (the token endpoint asks for the code).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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

API_REFUSAL = "Cán bộ phải xác thực hai bước trước khi dùng API."


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
        if not needs_second_factor(user):
            return None
        if _is_api_view(view_func):
            # API clients read JSON, not a redirect to an HTML page.
            return JsonResponse({"detail": API_REFUSAL}, status=403)
        return redirect("accounts:otp")


def _is_api_view(view_func: Callable[..., Any]) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
