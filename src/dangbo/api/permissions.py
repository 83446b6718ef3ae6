"""Who may call the API at all, and who may write.

Reads need no particular right here: every queryset comes from a scoped selector, so a user with no
role simply gets empty lists (and 404 on objects). Writes need `Right.MANAGE_MEMBERS` somewhere
(403 otherwise); the view then checks that the right covers the target cell.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for


class TwoFactorIfRequired(BasePermission):
    """When two-factor is required for officers, a session must have confirmed its TOTP code.

    A token is only issued after the code was checked (see `TokenView`), so token requests pass.
    """

    message = "Cán bộ phải xác thực hai bước trước khi dùng API."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not settings.DANGBO_REQUIRE_2FA_FOR_OFFICERS or not request.user.is_authenticated:
            return True
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        if not scope_for(request.user).is_officer:
            return True
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified and is_verified())


class ManagesMembersToWrite(BasePermission):
    """Unsafe methods need `Right.MANAGE_MEMBERS` in at least one organization."""

    message = "Bạn không có quyền cập nhật đảng viên."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return scope_for(request.user).has_right(Right.MANAGE_MEMBERS)
