"""The shares of the dues kept at each level of the tree and passed up (the rule set's `shares` group).

The shipped shares are those of Quyết định 342-QĐ/TW, kept as a labelled default for 2026 (Quy định 01-QĐ/TW
gives none that was found; the rule set says so): a cell directly under a grassroots committee keeps 30–50% of
what it collects, the percent set by its grassroots committee (`RetentionSetting`); the grassroots organization
as a whole (its cells included) keeps 70% or 90% of what its members paid, the percent set by the level above;
each level above the grassroots keeps 50% of what it receives and passes the rest up. A sub-committee (đảng bộ
bộ phận) passes on what it receives; the top of the tree passes its share to the province, outside the tree.

Integer dong throughout, and exact: at each unit, for each month, the part passed up is
`received × (100 − kept%) // 100` (floor) and the unit keeps the rest, so the remainder of the division stays
with the unit that keeps and `kept + passed up == received` at every level; summed over the tree, the shares
kept plus what the top passes on equal what was collected, to the dong. Collected means what members paid
plus voluntary extra (`CellDuesMonth.paid + extra`), read from the cells' monthly sums, never the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .models import CellDuesMonth, RetentionSetting
from .params import Shares
from .rules import rules_in_force

CELL_KINDS = frozenset({OrgKind.CELL})
GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})


def explanation(shares: Shares) -> str:
    """The shares in one sentence, citing their source (and saying they are assumed where they are)."""
    return shares.source.cite(
        f"Chi bộ trực thuộc giữ lại {shares.cell_min_percent}–{shares.cell_max_percent}% (mặc định "
        f"{shares.cell_default_percent}%) do đảng ủy cơ sở quy định; tổ chức cơ sở đảng giữ lại "
        f"{' hoặc '.join(f'{p}%' for p in shares.grassroots_percents)} (mặc định "
        f"{shares.grassroots_default_percent}%); mỗi cấp trên cơ sở giữ lại {shares.above_percent}% số nhận được; "
        "phần còn lại nộp lên cấp trên"
    )


def rule_for_month(month: dt.date) -> Shares:
    """The shares of the rule set in force in `month` (refused when none is)."""
    return rules_in_force(month).shares


def split(amount: int, kept_percent: int) -> tuple[int, int]:
    """(kept, passed up) of `amount` dong: the part passed up rounded down, the remainder kept; they add up."""
    passed = amount * (100 - kept_percent) // 100
    return amount - passed, passed


@dataclass
class Flow:
    """One unit's dues over a period: collected in its subtree, received from the units directly below it (a
    collecting cell: its own collection), kept at its level, passed up."""

    collected: int = 0
    received: int = 0
    retained: int = 0
    to_remit: int = 0

    def add(self, other: Flow) -> None:
        self.collected += other.collected
        self.received += other.received
        self.retained += other.retained
        self.to_remit += other.to_remit


class Node(NamedTuple):
    pk: int
    parent_id: int | None
    kind: str
    depth: int


@dataclass
class Tree:
    """The units of a subtree, the retention settings that apply in it, and the cells' collections by month."""

    root: Organization
    nodes: dict[int, Node]
    settings: dict[int, list[tuple[dt.date, int]]] = field(default_factory=dict)  # org → [(start, percent)]
    collected: dict[dt.date, dict[int, int]] = field(default_factory=dict)  # month → cell → paid + extra

    def percent(self, org_id: int, month: dt.date, default: int) -> int:
        """The percent the unit keeps in `month`: its latest setting started by then, else the rule's default."""
        return self.percents(month).get(org_id, default)

    def percents(self, month: dt.date) -> dict[int, int]:
        """The percent each unit with a setting keeps in `month` (its latest setting started by then)."""
        found = {}
        for org_id, starts in self.settings.items():
            for start, percent in starts:
                if start <= month:
                    found[org_id] = percent
        return found

    @cached_property
    def order(self) -> list[Node]:
        """The units from the deepest up (sorted once per tree): each unit comes after every unit below it."""
        return sorted(self.nodes.values(), key=lambda n: -n.depth)


def load_tree(root: Organization, months: Iterable[dt.date]) -> Tree:
    """Three queries: the subtree's units, its retention settings, the cells' monthly sums (paid + extra)."""
    months = sorted(set(months))
    units = Organization.objects.filter(path__startswith=root.path)
    nodes = {row[0]: Node._make(row) for row in units.values_list("pk", "parent_id", "kind", "depth")}
    tree = Tree(root=root, nodes=nodes)
    settings = RetentionSetting.objects.filter(organization__path__startswith=root.path)
    for org_id, start, percent in settings.order_by("start").values_list("organization_id", "start", "percent"):
        tree.settings.setdefault(org_id, []).append((start, percent))
    rows = CellDuesMonth.objects.filter(path__startswith=root.path, month__in=months)
    for month in months:
        tree.collected[month] = {}
    for org_id, month, paid, extra in rows.values_list("organization_id", "month", "paid", "extra"):
        if org_id in nodes:
            by_cell = tree.collected[month]
            by_cell[org_id] = by_cell.get(org_id, 0) + paid + extra
    return tree


# What a unit does with what reaches it, by kind (see the module's docstring).
_COLLECTS, _CELL, _GRASSROOTS, _UPPER, _PASSES_ON = range(5)


def _role(kind: str) -> int:
    if kind == OrgKind.GRASSROOTS_CELL:
        return _COLLECTS
    if kind == OrgKind.CELL:
        return _CELL
    if kind == OrgKind.GRASSROOTS_COMMITTEE:
        return _GRASSROOTS
    if kind == OrgKind.UPPER:
        return _UPPER
    return _PASSES_ON  # a sub-committee passes on what it receives; a party group collects nothing


def flows(tree: Tree, months: Iterable[dt.date], units: Collection[int] | None = None) -> dict[int, Flow]:
    """Each unit's flow over `months` (only those of `units` when given): the sum of its months, each split by
    the rule set in force that month, from the cells up (deepest first). Plain integers in lists indexed by the
    units' order, which is computed once per tree, not once per month."""
    order = tree.order
    index = {node.pk: i for i, node in enumerate(order)}
    parents = [
        index.get(node.parent_id, -1) if node.parent_id is not None and node.pk != tree.root.pk else -1
        for node in order
    ]
    roles = [_role(node.kind) for node in order]
    pks = [node.pk for node in order]
    size = len(order)
    total_collected, total_received, total_retained, total_to_remit = [0] * size, [0] * size, [0] * size, [0] * size
    for month in sorted(set(months)):
        rule = rule_for_month(month)
        percents = tree.percents(month)
        own_cells = tree.collected.get(month, {})
        collected, received = [0] * size, [0] * size
        for i in range(size):
            role, pk = roles[i], pks[i]
            if role in (_COLLECTS, _CELL):
                own = own_cells.get(pk, 0)
                collected[i] += own
                received[i] = own
                default = rule.grassroots_default_percent if role == _COLLECTS else rule.cell_default_percent
                to_remit = own * (100 - percents.get(pk, default)) // 100
            elif role == _GRASSROOTS:
                level_passes = collected[i] * (100 - percents.get(pk, rule.grassroots_default_percent)) // 100
                to_remit = min(level_passes, received[i])  # never more than what reached the committee
            elif role == _UPPER:
                to_remit = received[i] * (100 - rule.above_percent) // 100
            else:
                to_remit = received[i]
            total_collected[i] += collected[i]
            total_received[i] += received[i]
            total_retained[i] += received[i] - to_remit
            total_to_remit[i] += to_remit
            parent = parents[i]
            if parent >= 0:
                collected[parent] += collected[i]
                received[parent] += to_remit
    wanted = range(size) if units is None else [index[pk] for pk in units if pk in index]
    return {pks[i]: Flow(total_collected[i], total_received[i], total_retained[i], total_to_remit[i]) for i in wanted}


# --- retention settings -----------------------------------------------------------------------------------------


def retention_settings_for(scope: Scope) -> Q:
    return scope.path_q(Right.VIEW_FINANCE, "organization__path")


def _check_percent(organization: Organization, percent: int, rule: Shares) -> None:
    if organization.kind in CELL_KINDS:
        if not rule.cell_min_percent <= percent <= rule.cell_max_percent:
            raise DomainError(
                f"Tỷ lệ chi bộ trực thuộc giữ lại phải từ {rule.cell_min_percent}% đến {rule.cell_max_percent}% "
                f"({rule.source.citation}).",
                field="percent",
            )
    elif organization.kind in GRASSROOTS_KINDS:
        if percent not in rule.grassroots_percents:
            allowed = " hoặc ".join(f"{p}%" for p in rule.grassroots_percents)
            raise DomainError(
                f"Tỷ lệ tổ chức cơ sở đảng giữ lại phải là {allowed} ({rule.source.citation}).", field="percent"
            )
    else:
        raise DomainError(
            "Chỉ đặt tỷ lệ giữ lại cho chi bộ trực thuộc hoặc tổ chức cơ sở đảng; cấp trên cơ sở giữ lại theo bộ "
            "quy tắc.",
            field="organization",
        )


@transaction.atomic
def set_retention(
    *,
    actor: object,
    scope: Scope,
    organization: Organization,
    start: dt.date,
    percent: int,
    decision_number: str = "",
    expected_version: int | None = None,
) -> RetentionSetting:
    """Set the share `organization` keeps from the month of `start`. Only the committee above may set it (a
    cell's by its grassroots committee, a grassroots organization's by the level above): the actor manages
    finance over the organization's parent. The percent keeps to the bounds of the rule set in force that month.
    Replaces the setting of the same month (version-checked) or adds one; one audit entry."""
    parent = organization.parent
    if parent is None or not scope.covers_path(Right.MANAGE_FINANCE, parent.path):
        raise DomainError(
            "Tỷ lệ giữ lại của một tổ chức do cấp ủy cấp trên trực tiếp quy định; bạn không quản lý tài chính "
            "của cấp đó.",
            field="organization",
        )
    month = start.replace(day=1)
    _check_percent(organization, percent, rule_for_month(month))
    existing = RetentionSetting.objects.select_for_update().filter(organization=organization, start=month).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        setting = RetentionSetting.objects.create(
            organization=organization, start=month, percent=percent, decision_number=decision_number.strip()
        )
        before = None
    else:
        if expected_version is not None and existing.version != expected_version:
            raise ConcurrentEditError()
        before = snapshot(existing, ["percent", "decision_number"])
        existing.percent = percent
        existing.decision_number = decision_number.strip()
        existing.version += 1
        existing.save()
        setting = existing
    log_action(
        "dues.retention.set",
        actor=actor,
        object_type="dues.retentionsetting",
        object_id=setting.pk,
        object_repr=f"{organization.name}: {percent}% từ {month:%m/%Y}",
        scope_path=organization.path,
        before=before,
        after=snapshot(setting, ["organization_id", "start", "percent", "decision_number"]),
    )
    return setting
