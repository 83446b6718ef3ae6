"""Who may call the API at all, and who may write.

Reads need no particular right here: every queryset comes from a scoped selector, so a user with no
role simply gets empty lists (and 404 on objects). Writes need `Right.MANAGE_MEMBERS` somewhere
(403 otherwise); the view then checks that the right covers the target cell.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.accounts.tokens import session_is_fully_authenticated

from .authentication import ApiTokenAuthentication


class TwoFactorIfRequired(BasePermission):
    """When two-factor is required for the user, a session must have confirmed its TOTP code.

    A token is only issued after the code was checked (`accounts.tokens.issue_token`), so token requests pass.
    """

    message = "Cán bộ phải xác thực hai bước trước khi dùng API."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user.is_authenticated or isinstance(request.successful_authenticator, ApiTokenAuthentication):
            return True
        return session_is_fully_authenticated(request.user)


class ManagesMembersToWrite(BasePermission):
    """Unsafe methods need `Right.MANAGE_MEMBERS` in at least one organization."""

    message = "Bạn không có quyền cập nhật đảng viên."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return scope_for(request.user).has_right(Right.MANAGE_MEMBERS)


class HoldsViewRights(BasePermission):
    """The view's `read_right` somewhere for any call, and its `write_right` somewhere for a write (403 otherwise,
    with the view's `read_refusal` / `write_refusal`); whether the right covers the unit is the view's check."""

    message = "Bạn không có quyền truy cập dữ liệu này."

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_for(request.user)
        if not scope.has_right(view.read_right):
            self.message = getattr(view, "read_refusal", self.message)
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = getattr(view, "write_refusal", self.message)
        return scope.has_right(view.write_right)
