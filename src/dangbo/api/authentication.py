"""`Authorization: Token <key>` against the hashed, expiring tokens of `accounts.ApiToken`."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from dangbo.accounts.tokens import TokenRefused, check_key


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header format (`Token <key>`), our token store: unknown, expired or revoked → 401 in Vietnamese."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        try:
            token = check_key(key)
        except TokenRefused as refused:
            raise AuthenticationFailed(refused.message) from None
        if not token.user.is_active:
            raise AuthenticationFailed("Tài khoản đã bị khóa.")
        return token.user, token
