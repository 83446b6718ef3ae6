"""The bell in the navigation: the signed-in user's unread count (one indexed count per page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
