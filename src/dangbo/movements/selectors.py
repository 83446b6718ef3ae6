"""Reads of movements within a scope: both sides' officers see a movement (its `from_path` or its `to_path` lies
in their scope); the receiving side sees the internal transfers waiting for its acceptance."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.organizations.models import Organization

from .enums import MovementKind, MovementState
from .models import Movement


def movements_for(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Movement]:
    """Movements either side of which lies in a subtree where the user holds `right`."""
    return Movement.objects.filter(scope.path_q(right, "from_path") | scope.path_q(right, "to_path"))


def organizations_with(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right` (the unit picker's choices)."""
    return Organization.objects.filter(scope.path_q(right))


def awaiting_acceptance(scope: Scope) -> QuerySet[Movement]:
    """Internal transfers waiting for a receiving cell the user manages."""
    return Movement.objects.filter(
        scope.path_q(Right.MANAGE_MOVEMENTS, "to_path"),
        kind=MovementKind.TRANSFER_INTERNAL,
        state=MovementState.OPEN,
    )


def filter_movements(qs: QuerySet[Movement], data: dict[str, Any]) -> QuerySet[Movement]:
    """The hub's filters on a scoped queryset (`to_chuc` already checked against the scope): unit (either side
    under it), kind, state, year of the start."""
    org = data.get("to_chuc")
    if org is not None:
        qs = qs.filter(Q(from_path__startswith=org.path) | Q(to_path__startswith=org.path))
    if data.get("loai"):
        qs = qs.filter(kind=data["loai"])
    if data.get("tinh_trang"):
        qs = qs.filter(state=data["tinh_trang"])
    if data.get("nam"):
        qs = qs.filter(start__year=data["nam"])
    return qs
