"""When two-factor is required for officers, an officer who has not confirmed a TOTP code this session
is sent to set it up or confirm it before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/tai-khoan/", "/static/", "/i18n/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DANGBO_REQUIRE_2FA_FOR_OFFICERS and self._must_verify(request):
            return redirect("accounts:otp")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(EXEMPT_PREFIXES):
            return False
        if getattr(user, "is_verified", lambda: False)():  # set by django-otp's middleware
            return False
        from .scope import scope_for

        return scope_for(user).is_officer
