"""Reads of letters, always limited to a scope and never touching the complainant's identity.

A letter is visible where the user holds `right` over its handling organization (the inspection committee of
that level receives and handles it). The identity (`ComplainantIdentity`) is read only by `identity.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import RIGHTS, Right
from dangbo.accounts.models import Role, User
from dangbo.accounts.scope import Scope
from dangbo.organizations.models import Organization

from .deadlines import letter_deadline
from .enums import ComplaintState
from .models import Complaint
from .rules import ComplaintRules, rules_in_force


def complaints_for(scope: Scope, *, right: str = Right.HANDLE_COMPLAINTS) -> QuerySet[Complaint]:
    return Complaint.objects.filter(scope.path_q(right, "handling_organization__path"))


def handling_organizations(scope: Scope) -> QuerySet[Organization]:
    """The organizations the user may file a letter under (the pickers' choices)."""
    return Organization.objects.filter(scope.path_q(Right.HANDLE_COMPLAINTS), dissolved_on__isnull=True)


def overdue_q(day: dt.date) -> Q:
    """Letters still being handled whose deadline passed before `day`."""
    return Q(state=ComplaintState.HANDLING, due_on__lt=day)


def filter_complaints(qs: QuerySet[Complaint], data: dict[str, Any], *, today: dt.date) -> QuerySet[Complaint]:
    """The hub's filters on a scoped queryset (`to_chuc` already checked against the scope): the handling unit's
    subtree, kind, state, overdue today, year received."""
    org = data.get("to_chuc")
    if org is not None:
        qs = qs.filter(handling_organization__path__startswith=org.path)
    if data.get("loai"):
        qs = qs.filter(kind=data["loai"])
    if data.get("tinh_trang"):
        qs = qs.filter(state=data["tinh_trang"])
    if data.get("qua_han"):
        qs = qs.filter(overdue_q(today))
    if data.get("nam"):
        qs = qs.filter(received_on__year=data["nam"])
    return qs


def with_deadlines(rows: list[Complaint]) -> list[Complaint]:
    """Each letter being handled with its `deadline` (the sentence of its rule; rule sets read once per day)."""
    cache: dict[dt.date, ComplaintRules] = {}
    for row in rows:
        if row.state == ComplaintState.HANDLING:
            if row.received_on not in cache:
                cache[row.received_on] = rules_in_force(row.received_on)
            row.deadline = letter_deadline(row, cache[row.received_on])  # type: ignore[attr-defined]
    return rows


def overdue_letters(qs: QuerySet[Complaint], *, today: dt.date, limit: int = 50) -> list[Complaint]:
    """Letters past their deadline, the earliest deadline first, each with its rule's sentence."""
    rows = qs.filter(overdue_q(today)).select_related("handling_organization").order_by("due_on", "pk")[:limit]
    return with_deadlines(list(rows))


def assignable_users(organization: Organization, *, on: dt.date) -> QuerySet[User]:
    """Users whose roles in force on `on` let them handle letters at `organization`."""
    kinds = [kind for kind, rights in RIGHTS.items() if Right.HANDLE_COMPLAINTS in rights]
    roles = Role.objects.filter(kind__in=kinds, organization__path__in=organization.ancestor_paths()).filter(
        Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on)
    )
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("username")


def assignable(scope: Scope) -> QuerySet[User]:
    """Users who handle letters somewhere in the user's scope (the service checks the chosen organization)."""
    kinds = [kind for kind, rights in RIGHTS.items() if Right.HANDLE_COMPLAINTS in rights]
    return (
        User.objects.filter(
            roles__kind__in=kinds, roles__organization__in=handling_organizations(scope), is_active=True
        )
        .distinct()
        .order_by("username")
    )


def earlier_letters(qs: QuerySet[Complaint], *, before: dt.date | None = None) -> QuerySet[Complaint]:
    """Letters a repeated one may point to (received on or before `before`)."""
    if before is not None:
        qs = qs.filter(received_on__lte=before)
    return qs.order_by("-received_on", "-pk")
