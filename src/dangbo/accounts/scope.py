"""The acting user's scope: which parts of the tree they may see or change, and with which rights.

Every selector of organization or member data takes a `Scope` and filters by it; an object outside
the scope is answered with 404 and the attempt is logged (see `dangbo.accounts.access`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .enums import OFFICER_KINDS, RoleKind


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    member_id: int | None
    # right -> org paths where the user holds it (each path covers its subtree)
    paths_by_right: dict[str, tuple[str, ...]] = field(default_factory=dict)
    is_officer: bool = False

    def paths(self, right: str) -> tuple[str, ...]:
        return self.paths_by_right.get(right, ())

    def has_right(self, right: str) -> bool:
        return bool(self.paths(right))

    def covers_path(self, right: str, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths(right))

    def path_q(self, right: str, field_name: str = "path") -> Q:
        """Q limiting rows whose `field_name` lies in a subtree where the user holds `right`."""
        paths = self.paths(right)
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{field_name}__startswith": p}) for p in paths))


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path in the set."""
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for p in ordered:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(sorted(kept))


def scope_for(user: Any, *, on: dt.date | None = None) -> Scope:
    """Build the scope from the user's roles in force on `on` (today by default)."""
    if not getattr(user, "is_authenticated", False):
        return Scope(user_id=None, member_id=None)
    cached = getattr(user, "_dangbo_scope", None)
    if cached is not None and on is None:
        return cached
    from .models import Role

    day = on or timezone.localdate()
    roles = (
        Role.objects.filter(user=user)
        .filter(Q(start__isnull=True) | Q(start__lte=day))
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("organization")
    )
    by_right: dict[str, set[str]] = {}
    is_officer = False
    for role in roles:
        if role.kind in OFFICER_KINDS:
            is_officer = True
        for right in role.rights:
            by_right.setdefault(right, set()).add(role.organization.path)
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    scope = Scope(
        user_id=user.pk,
        member_id=member.pk if member is not None else None,
        paths_by_right={r: _minimal(p) for r, p in by_right.items()},
        is_officer=is_officer,
    )
    if on is None:
        user._dangbo_scope = scope
    return scope


def needs_second_factor(user: Any) -> bool:
    """Whether two-factor login applies to this user: when the deployment requires it, officer roles, staff and
    superusers (anyone who can see or change more than their own record). The one rule the middleware, the API
    permission and the token issue all ask."""
    if not user.is_authenticated or not settings.DANGBO_REQUIRE_2FA_FOR_OFFICERS:
        return False
    return bool(user.is_staff or user.is_superuser or scope_for(user).is_officer)


__all__ = ["RoleKind", "Scope", "needs_second_factor", "scope_for"]
