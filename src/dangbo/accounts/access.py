"""The access check every view starts with.

    scope = require_right(request, Right.VIEW_MEMBERS)          # 403 when the user has no such role
    member = get_in_scope_or_404(request, members_for(scope), pk, what="member")

An object outside the scope answers 404 (the user cannot tell it exists) and the attempt is logged.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from dangbo.core.audit import log_denied

from .scope import Scope, scope_for

M = TypeVar("M", bound=Model)


def require_right(request: HttpRequest, right: str) -> Scope:
    """The user's scope, or 403 if they hold `right` nowhere."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if not scope.has_right(right):
        raise PermissionDenied
    return scope


def get_in_scope_or_404(request: HttpRequest, queryset: QuerySet[M], pk: Any, *, what: str) -> M:
    """Fetch `pk` from a scoped queryset; out of scope (or missing) answers 404, and is logged when it exists."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        if queryset.model._default_manager.filter(pk=pk).exists():
            log_denied(actor=request.user, what=what, object_id=pk, request=request)
        raise Http404
    return obj
