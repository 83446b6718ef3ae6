"""What the navigation may offer the user: only the pages their roles open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .enums import Right
from .scope import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    return {
        "nav": {
            "orgs": scope.has_right(Right.VIEW_ORGS),
            "members": scope.has_right(Right.VIEW_MEMBERS),
            "admissions": scope.has_right(Right.VIEW_ADMISSIONS),
            "cell_life": scope.has_right(Right.VIEW_CELL_LIFE),
            "movements": scope.has_right(Right.VIEW_MOVEMENTS),
            "dues": scope.has_right(Right.VIEW_FINANCE),
            "discipline": scope.has_right(Right.VIEW_DISCIPLINE),
            "recognition": scope.has_right(Right.VIEW_MEMBERS),
            "training": scope.has_right(Right.VIEW_MEMBERS),
            "import": scope.has_right(Right.IMPORT),
            "audit": scope.has_right(Right.VIEW_AUDIT),
            "questions": scope.has_right(Right.ANSWER_QUESTIONS),
            "own_member_id": scope.member_id,
        }
    }
