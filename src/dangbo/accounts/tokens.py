"""API tokens: issue, check, revoke. Only a digest of each key is stored (docs/decisions/0012).

A key is `<prefix>.<secret>`: 8 hex characters that find the row and name the token in lists, a dot, and
43 URL-safe characters (256 random bits). The row keeps the SHA-256 digest of the whole key; a plain hash
is enough because the key is random and long, unlike a password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError

from .models import ApiToken, User
from .scope import needs_second_factor

PREFIX_BYTES = 4
OLD_KEY_LENGTH = 40  # DRF's authtoken keys, hashed by migration 0004
# Last-use times are written at most this often, so a busy client does not write on every call.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)

EXPIRED = "Mã truy cập API đã hết hạn. Hãy tạo mã mới ở trang «Mã truy cập API»."
REVOKED = "Mã truy cập API đã bị thu hồi (do đăng xuất, đổi mật khẩu hoặc thu hồi). Hãy tạo mã mới."
UNKNOWN = "Mã truy cập API không đúng."
NEEDS_SECOND_FACTOR = "Cần xác thực hai bước trong phiên này trước khi tạo mã truy cập API."


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def session_is_fully_authenticated(user: Any) -> bool:
    """Logged in, and OTP-verified in this session when two-factor is required for the user."""
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return not needs_second_factor(user) or bool(is_verified and is_verified())


def lifetime_days_bounds() -> tuple[int, int]:
    """(default, maximum) lifetime of a new token in days, from the settings."""
    maximum = max(1, int(settings.DANGBO_API_TOKEN_MAX_DAYS))
    return min(max(1, int(settings.DANGBO_API_TOKEN_DAYS)), maximum), maximum


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def issue_token(
    *, user: User, name: str, days: int | None = None, second_factor: bool, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never available again.

    1. Refuse when two-factor is required for the user and the caller has not checked the second factor
       (`second_factor`: the session is OTP-verified, or a TOTP code was just verified).
    2. Validate the name and the lifetime (1 day up to the maximum of the settings).
    3. Store the prefix and the digest, never the key; one audit entry.
    """
    if needs_second_factor(user) and not second_factor:
        raise DomainError(NEEDS_SECOND_FACTOR, code="second_factor")
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise DomainError("Tên mã truy cập cần từ 1 đến 100 ký tự.", field="name")
    default, maximum = lifetime_days_bounds()
    days = default if days is None else days
    if not 1 <= days <= maximum:
        raise DomainError(f"Thời hạn cần từ 1 đến {maximum} ngày.", field="days")
    prefix = secrets.token_hex(PREFIX_BYTES)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion; cheap to rule out
        prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=digest_of(key), expires_at=timezone.now() + dt.timedelta(days=days)
    )
    log_action(
        "accounts.api_token.created",
        actor=user,
        object_type="api_token",
        object_id=token.pk,
        object_repr=str(token),
        after={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
        request=request,
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken, reason: str = "owner", request: HttpRequest | None = None) -> None:
    """Revoke one token: the owner's own, or any for an administrator (already revoked: nothing to do)."""
    if token.user_id != actor.pk and not actor.has_perm("accounts.change_apitoken"):
        raise DomainError("Không thể thu hồi mã truy cập của người khác.")
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        "accounts.api_token.revoked",
        actor=actor,
        object_type="api_token",
        object_id=token.pk,
        object_repr=str(token),
        data={"reason": reason, "owner_id": token.user_id},
        request=request,
    )


@transaction.atomic
def revoke_all_tokens(*, user: User, reason: str, request: HttpRequest | None = None) -> int:
    """Revoke every live token of the user (at logout, at a password change); one audit entry if any."""
    now = timezone.now()
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    prefixes = list(live.values_list("prefix", flat=True))
    if not prefixes:
        return 0
    ApiToken.objects.filter(user=user, prefix__in=prefixes).update(revoked_at=now)
    log_action(
        "accounts.api_token.revoked",
        actor=user,
        object_type="user",
        object_id=user.pk,
        object_repr=str(user),
        data={"reason": reason, "prefixes": prefixes},
        request=request,
    )
    return len(prefixes)


class TokenRefused(Exception):
    """The key is unknown, expired or revoked; `message` says which, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_key(key: str) -> ApiToken:
    """The live token of this key (its user loaded), or `TokenRefused`. Records the time of use."""
    if "." not in key and len(key) == OLD_KEY_LENGTH:  # a key issued before hashing (migration 0004)
        key = f"{key[: PREFIX_BYTES * 2]}.{key[PREFIX_BYTES * 2 :]}"
    prefix, _, _secret = key.partition(".")
    token = ApiToken.objects.select_related("user").filter(prefix=prefix[:16]).first() if _secret else None
    if token is None or not secrets.compare_digest(token.digest, digest_of(key)):
        raise TokenRefused(UNKNOWN)
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(REVOKED)
    if token.expires_at <= now:
        raise TokenRefused(EXPIRED)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
