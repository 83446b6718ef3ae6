"""Language choice: Vietnamese unless the user picked English with the language switch.

Django's LocaleMiddleware also follows the browser's Accept-Language header, which would show English to a
Vietnamese officer whose browser happens to be set to English. Here only the explicit choice (the language
cookie set by /i18n/setlang/) counts; everyone else gets the default, Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Browser features the site never uses, denied to it and to anything it could be made to embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
)  # fmt: skip


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and no caching of anything answered to a logged-in user.

    Pages, API answers, file downloads and exports for a logged-in user carry personal data: no browser or proxy
    cache may keep them (`Cache-Control: no-store`). One middleware rather than a decorator per view, so a new
    view cannot forget it. The user is read after the view, so an API user authenticated by token counts too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
