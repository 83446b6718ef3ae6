"""Reads of the party tree, always limited to a scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.text import normalize_search, word_prefix_q

from .models import Organization, OrganizationPeriod, Restructuring


def organizations_for(scope: Scope, *, right: str = Right.VIEW_ORGS) -> QuerySet[Organization]:
    """Organizations inside the scope's subtrees for `right`."""
    return Organization.objects.filter(scope.path_q(right))


def search_organizations(qs: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    """Accent- and case-insensitive search on the stored key (name, short name and code): the typed text at
    the start of a word, as for members (`core.text.word_prefix_q`, decision 0002)."""
    key = normalize_search(text)
    return qs.filter(word_prefix_q(key)) if key else qs


def matching_organizations(organizations: QuerySet[Organization], text: str, *, limit: int) -> list[Organization]:
    """Active organizations of `organizations` for a picker: each typed word starts a word of the name or of
    the parent's name, without accents ("chi bo 1 tai chinh" finds "Chi bộ 1 — Đảng bộ Sở Tài chính"), or the
    text is the code. Upper levels first, then Vietnamese order; at most `limit`, the parent loaded."""
    words = normalize_search(text).split()[:6]
    if not words:
        return []
    q = Q()
    for word in words:
        q &= word_prefix_q(word) | word_prefix_q(word, "parent__search_name")
    q |= Q(code__iexact=text.strip())
    return list(
        organizations.filter(q, dissolved_on__isnull=True)
        .select_related("parent")
        .order_by("depth", "sort_key")[:limit]
    )


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


def with_child_counts(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate each organization with `child_count`, the number of its active children."""
    return qs.annotate(child_count=Count("children", filter=Q(children__dissolved_on__isnull=True)))


def active_children_of(parents: Iterable[Organization]) -> QuerySet[Organization]:
    """Active children of several organizations at once (one query), each with `child_count`."""
    return with_child_counts(Organization.objects.filter(parent__in=list(parents), dissolved_on__isnull=True)).order_by(
        "sort_key"
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


def roots_as_of(roots: Iterable[Organization], day: dt.date) -> list[Organization]:
    """Where the as-of tree starts: each root if it existed on `day`, else the organizations it came from.

    A root formed by a merge or a split after `day` is replaced by the sources of that restructuring
    (followed back as far as needed), so the officer of a bloc formed in 2025 sees the two former blocs
    when asking for 2024.
    """
    out: list[Organization] = []
    seen: set[int] = set()
    pending = list(roots)
    while pending:
        org = pending.pop(0)
        if org.pk in seen:
            continue
        seen.add(org.pk)
        if org.founded_on <= day:
            out.append(org)
            continue
        origin = (
            Restructuring.objects.filter(results=org, effective_date=org.founded_on).prefetch_related("sources").first()
        )
        if origin is not None:
            pending.extend(origin.sources.all())
    out.sort(key=lambda o: o.sort_key)
    return out


def roll_up_as_of(
    scope: Scope, *, day: dt.date, per_org: dict[int, int], right: str = Right.VIEW_ORGS
) -> dict[int, int]:
    """Figures per organization (`per_org`, by organization id) summed up the tree as it stood on `day`.

    One query: the periods in force on `day` (which parent each organization had then); the roll-up is done
    in Python. Only organizations that lay, on `day`, under one of the scope's roots (for `right`) or under
    the organizations those roots were formed from (see `roots_as_of`) are returned, every one of them,
    with 0 where nothing was counted.
    """
    root_ids = {o.pk for o in roots_as_of(visible_roots(scope, right=right), day)}
    parent_of: dict[int, int | None] = dict(
        OrganizationPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values_list("organization_id", "parent_id")
    )
    counts: dict[int, int] = dict.fromkeys(parent_of, 0)
    for org_id, n in per_org.items():
        node: int | None = org_id
        guard = 0
        while node is not None and node in parent_of and guard < 64:
            counts[node] += n
            node = parent_of[node]
            guard += 1
    visible: dict[int, int] = {}
    for org_id, n in counts.items():
        node = org_id
        guard = 0
        while node is not None and guard < 64:
            if node in root_ids:
                visible[org_id] = n
                break
            node = parent_of.get(node)
            guard += 1
    return visible


def restructurings_of(org: Organization) -> QuerySet[Restructuring]:
    """Restructurings where the organization was a source or a result, newest first."""
    return (
        Restructuring.objects.filter(Q(sources=org) | Q(results=org))
        .distinct()
        .prefetch_related("sources", "results")
        .select_related("created_by")
        .order_by("-effective_date", "-id")
    )


def periods_of(org: Organization) -> QuerySet[OrganizationPeriod]:
    return OrganizationPeriod.objects.filter(organization=org).select_related("parent", "restructuring")
