"""Reads of the party tree, always limited to a scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope

from .models import Organization, OrganizationPeriod


def organizations_for(scope: Scope, *, right: str = Right.VIEW_ORGS) -> QuerySet[Organization]:
    """Organizations inside the scope's subtrees for `right`."""
    return Organization.objects.filter(scope.path_q(right))


def visible_roots(scope: Scope, *, right: str = Right.VIEW_ORGS) -> QuerySet[Organization]:
    """The top organizations of the user's scope (where the tree browser starts)."""
    return Organization.objects.filter(path__in=scope.paths(right)).order_by("sort_key")


def subtree(org: Organization, *, include_self: bool = True) -> QuerySet[Organization]:
    qs = Organization.objects.filter(path__startswith=org.path)
    return qs if include_self else qs.exclude(pk=org.pk)


def active_children(org: Organization) -> QuerySet[Organization]:
    """Direct children still active, each annotated with `child_count` (its active children)."""
    return (
        Organization.objects.filter(parent=org, dissolved_on__isnull=True)
        .annotate(child_count=Count("children", filter=Q(children__dissolved_on__isnull=True)))
        .order_by("sort_key")
    )


def tree_as_of(root: Organization, day: dt.date) -> list[tuple[int, OrganizationPeriod]]:
    """The subtree under `root` as it stood on `day`: (depth, period) pairs in display order.

    Built from `OrganizationPeriod`, so organizations since merged, moved or dissolved appear where
    and under the name they had then.
    """
    periods = list(
        OrganizationPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("organization")
    )
    by_parent: dict[int | None, list[OrganizationPeriod]] = defaultdict(list)
    for p in periods:
        by_parent[p.parent_id].append(p)
    for siblings in by_parent.values():
        siblings.sort(key=lambda p: p.organization.sort_key)
    root_period = next((p for p in periods if p.organization_id == root.pk), None)
    if root_period is None:
        return []
    out: list[tuple[int, OrganizationPeriod]] = []
    stack: list[tuple[int, OrganizationPeriod]] = [(0, root_period)]
    while stack:
        depth, period = stack.pop()
        out.append((depth, period))
        for child in reversed(by_parent.get(period.organization_id, [])):
            stack.append((depth + 1, child))
    return out
