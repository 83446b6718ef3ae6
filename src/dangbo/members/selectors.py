"""Reads of member data, always limited to a scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.text import normalize_search
from dangbo.organizations.models import Organization

from .enums import ON_ROLLS
from .models import CellMembership, Member


def members_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS) -> QuerySet[Member]:
    """Members the user may see: those in the subtrees where they hold `right`, and themselves."""
    q = scope.path_q(right, "organization__path")
    if scope.member_id is not None:
        q |= Q(pk=scope.member_id)
    return Member.objects.filter(q)


def search_members(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Accent- and case-insensitive search on the stored normalized name (and card and citizen id)."""
    key = normalize_search(text)
    if not key:
        return qs
    if key.isdigit():
        return qs.filter(Q(card_number__startswith=key) | Q(citizen_id__startswith=key))
    return qs.filter(search_name__contains=key)


def member_counts_by_path_prefix(paths: Iterable[str]) -> dict[str, int]:
    """Members on the rolls in each given subtree, counted with one grouped query."""
    paths = list(paths)
    if not paths:
        return {}
    rows = (
        Member.objects.filter(status__in=ON_ROLLS)
        .values("organization__path")
        .annotate(n=Count("id"))
    )
    q = Q()
    for p in paths:
        q |= Q(organization__path__startswith=p)
    counts = dict.fromkeys(paths, 0)
    for row in rows.filter(q):
        org_path = row["organization__path"]
        for p in paths:
            if org_path.startswith(p):
                counts[p] += row["n"]
    return counts


def members_of_org_on(org: Organization, day: dt.date) -> QuerySet[Member]:
    """Members who belonged to a cell of `org`'s subtree on `day` (from dated cell membership)."""
    ids = CellMembership.objects.filter(
        organization__path__startswith=org.path, start__lte=day
    ).filter(Q(end__isnull=True) | Q(end__gt=day)).values("member_id")
    return Member.objects.filter(pk__in=ids)
