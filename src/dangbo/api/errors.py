"""One error body for every refused API call (4xx), whatever refused it: DRF, a filter, a service.

    {"detail": "…", "code": "…", "field": "…" | null, "errors": {"field": ["…", …]}}

`detail` is the first (or only) message, in Vietnamese unless the user chose English; `errors` lists every
message by field (`non_field_errors` for the request as a whole; empty when no field is concerned). A
`DomainError` answers 400 (a `RuleRefusal` of the admission rules too, with `errors` by rule code and code
`rule_broken`), a stale version 409, a step that belongs to another level 403, an object out of
the scope 404. See docs/decisions/0012.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    ErrorDetail,
    NotAuthenticated,
    NotFound,
    ParseError,
    PermissionDenied,
)
from rest_framework.response import Response
from rest_framework.views import exception_handler

from dangbo.admissions.rules import RuleRefusal
from dangbo.core.errors import ConcurrentEditError, DomainError

NOT_AUTHENTICATED = "Chưa xác thực: hãy đăng nhập, hoặc gửi token trong tiêu đề `Authorization: Token <token>`."
NOT_FOUND = "Không tìm thấy."
MALFORMED = "Yêu cầu sai cấu trúc: nội dung không đọc được (JSON không hợp lệ?)."
WHOLE_REQUEST = "non_field_errors"

DOMAIN_STATUS = {"forbidden": status.HTTP_403_FORBIDDEN, "not_found": status.HTTP_404_NOT_FOUND}


def error_body(
    detail: str, *, code: str, field: str | None = None, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"detail": detail, "code": code, "field": field, "errors": errors or {}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[ErrorDetail]]:
    """{"a": {"b": ["x"]}} → {"a.b": ["x"]}; a list of dicts (many=True) → "a.0.b"."""
    if isinstance(detail, dict):
        out: dict[str, list[ErrorDetail]] = {}
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or WHOLE_REQUEST: [item for item in items if str(item)]}


def body_of(exc: APIException) -> dict[str, Any]:
    if isinstance(exc.detail, dict | list):
        errors = {name: messages for name, messages in _flatten(exc.detail).items() if messages}
        if not errors:
            return error_body(str(exc.default_detail), code=exc.default_code)
        name, messages = next(iter(errors.items()))
        # "detail" sent as a key of a ValidationError is the message of the whole request, not a field.
        field = None if name in (WHOLE_REQUEST, "detail") else name
        code = getattr(messages[0], "code", None) or exc.default_code
        as_text = {key: [str(m) for m in value] for key, value in errors.items() if key != "detail"}
        return error_body(str(messages[0]), code=str(code), field=field, errors=as_text)
    return error_body(str(exc.detail), code=str(getattr(exc.detail, "code", None) or exc.default_code))


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The REST_FRAMEWORK exception handler: every 4xx answers the body above."""
    if isinstance(exc, RuleRefusal):  # every broken admission rule, by its code ("age", "sponsors", …)
        errors: dict[str, list[str]] = {}
        for finding in exc.findings:
            errors.setdefault(finding.rule, []).append(finding.message)
        first = exc.findings[0]
        body = error_body(first.message, code="rule_broken", field=None, errors=errors)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        code: int
        if isinstance(exc, ConcurrentEditError):
            code = status.HTTP_409_CONFLICT
        else:
            code = DOMAIN_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        errors = {exc.field or WHOLE_REQUEST: [exc.message]}
        return Response(error_body(exc.message, code=exc.code, field=exc.field, errors=errors), status=code)
    if isinstance(exc, NotAuthenticated):  # DRF's message names only the session; ours names the token too
        exc.detail = ErrorDetail(NOT_AUTHENTICATED, code=exc.default_code)
    if isinstance(exc, ParseError):  # DRF's parsers put the English parser error in the message
        exc.detail = ErrorDetail(MALFORMED, code=exc.default_code)
    if isinstance(exc, Http404):  # Django's message may name the model in English
        exc = NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, APIException):
        response.data = body_of(exc)
    return response
