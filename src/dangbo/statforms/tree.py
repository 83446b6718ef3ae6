"""The rows of a statistical form: the party tree under a unit as it stood on a day, read as plain tuples, and the
figures of each organization summed up that tree in one pass. A whole bloc has tens of thousands of organizations
and its figures come from a million memberships: everything here works on tuples and lists aligned with the rows,
never on model instances or a dictionary per row (bench/README.md, "Statistical forms")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet

from dangbo.members.models import CellMembership
from dangbo.organizations.models import Organization, OrganizationPeriod

from .models import StatForm

# Above this many organizations in the unit's tree the per-cell query reads every cell and keeps the tree's:
# a long IN list costs more than the rows it saves.
IN_LIST_MAX = 2000


@dataclass(slots=True)
class Row:
    """One organization of the as-of tree: its name then, its depth under the unit, its figures."""

    organization_id: int
    name: str
    depth: int
    parent_id: int | None
    kind: str
    values: list[int | None]


@dataclass
class Table:
    form: StatForm
    unit: Organization
    day: dt.date
    period_start: dt.date | None
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # The member register: the column keys, and the labels of the columns the registry does not hold.
    register_keys: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return self.rows[0]

    def children_of(self, org_id: int) -> list[Row]:
        return [r for r in self.rows if r.parent_id == org_id]


def tree_rows(unit: Organization, day: dt.date) -> list[Row]:
    """The subtree under `unit` as it stood on `day`, in display order: `organizations.selectors.tree_as_of` (the
    periods in force on the day, siblings by sort key, depth first), read as plain tuples. A whole bloc has tens of
    thousands of organizations: model instances would cost more than the figures themselves (bench/README.md)."""
    periods = (
        OrganizationPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by()
        .values_list("organization_id", "parent_id", "name", "organization__kind", "organization__sort_key")
    )
    by_parent: dict[int | None, list[tuple[int, int | None, str, str, str]]] = defaultdict(list)
    unit_id, root = unit.pk, None
    for period in plain_rows(periods):
        by_parent[period[1]].append(period)
        if period[0] == unit_id:
            root = period
    if root is None:
        return []
    for siblings in by_parent.values():
        siblings.sort(key=lambda p: p[4])
    out: list[Row] = []
    stack: list[tuple[int, tuple[int, int | None, str, str, str]]] = [(0, root)]
    while stack:
        depth, (org_id, parent_id, name, kind, _key) = stack.pop()
        out.append(Row(org_id, name, depth, parent_id if depth else None, kind, []))
        for child in reversed(by_parent.get(org_id, ())):
            stack.append((depth + 1, child))
    return out


def plain_rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` query as the database driver returns them, without Django's per-value
    conversion: only for ids, text and counts, which need none on any backend (dates would on SQLite)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def positions(rows: list[Row]) -> dict[int, int]:
    return {r.organization_id: i for i, r in enumerate(rows)}


def roll_up(rows: list[Row], sums: list[list[int]]) -> None:
    """Each row's values: its own figures (`sums`, aligned with `rows`, summed in place) plus its children's, in
    one pass up the as-of tree (rows in tree order: a parent before its children)."""
    position = positions(rows)
    for i in range(len(rows) - 1, 0, -1):
        own, parent = sums[i], sums[position[rows[i].parent_id]]  # type: ignore[index]
        for k in range(len(own)):
            parent[k] += own[k]
    for row, values in zip(rows, sums, strict=True):
        row.values = values  # type: ignore[assignment]


def on_rolls_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def on_rolls(day: dt.date, org_ids: Iterable[int] | None = None) -> QuerySet[CellMembership]:
    """Cell memberships in force on `day` (the one "on the rolls on a day" of the registry), of the given cells."""
    qs = CellMembership.objects.filter(on_rolls_q(day)).order_by()
    ids = list(org_ids) if org_ids is not None else None
    if ids is not None and len(ids) <= IN_LIST_MAX:
        qs = qs.filter(organization_id__in=ids)
    return qs


def ids_of(rows: list[Row]) -> list[int]:
    return [r.organization_id for r in rows]
