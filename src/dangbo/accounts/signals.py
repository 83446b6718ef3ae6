"""Revoke a user's API tokens when the user logs out or the password changes (docs/decisions/0012)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from .models import User
from .tokens import revoke_all_tokens


@receiver(user_logged_out, dispatch_uid="accounts.revoke_tokens_at_logout")
def revoke_tokens_at_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        revoke_all_tokens(user=user, reason="logout", request=request)


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_at_password_change")
def revoke_tokens_at_password_change(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    # `set_password` keeps the new raw password in `_password` until the save completes; Django's silent
    # re-hash of an unchanged password (at login, on a hasher upgrade) clears it first, so it revokes nothing.
    if not created and getattr(instance, "_password", None) is not None:
        revoke_all_tokens(user=instance, reason="password_changed")
