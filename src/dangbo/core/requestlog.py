"""Each request's id and user id on every log line written while it is answered, and one line per request.

The id comes from the reverse proxy's `X-Request-ID` when a trusted proxy sends a well-formed one (so a line in
nginx's log and one here can be matched), else a new random one; it is sent back in the response's
`X-Request-ID`. A log line carries the user's numeric id only, never a name; the request line carries the
method, the path without its query string (searches are typed names), the URL name, the status and the time.
The same middleware feeds the request-latency histogram (`core/metrics.py`).
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from .metrics import observe_request
from .network import from_trusted_proxy

logger = logging.getLogger("dangbo.requests")
_current: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("dangbo_request", default=None)
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _request_id(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    if given and REQUEST_ID.fullmatch(given) and from_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    """The user's id when the request already knows its user; never a query of its own just for a log line."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


class RequestContextMiddleware:
    """Outermost middleware: names the request, times it, logs it and counts it in the latency histogram."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = _request_id(request)  # type: ignore[attr-defined]
        token = _current.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = _route(request)
            observe_request(method=request.method or "", route=route, status=response.status_code, seconds=elapsed)
            logger.info(
                "request",
                extra={
                    "method": request.method, "path": request.path, "route": route,
                    "status": response.status_code, "duration_ms": round(elapsed * 1000, 1),
                },
            )  # fmt: skip
            response.headers["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
            return response
        finally:
            _current.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to each record written while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current.get()
        if request is not None:
            record.request_id = getattr(request, "request_id", None)
            record.user_id = _user_id(request)
        return True
