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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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
COLLECTING_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})


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


@dataclass(frozen=True)
class Node:
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
        found = default
        for start, percent in self.settings.get(org_id, ()):
            if start <= month:
                found = percent
        return found


def load_tree(root: Organization, months: Iterable[dt.date]) -> Tree:
    """Three queries: the subtree's units, its retention settings, the cells' monthly sums."""
    months = sorted(set(months))
    nodes = {
        pk: Node(pk, parent_id, kind, depth)
        for pk, parent_id, kind, depth in Organization.objects.filter(path__startswith=root.path).values_list(
            "pk", "parent_id", "kind", "depth"
        )
    }
    tree = Tree(root=root, nodes=nodes)
    settings = RetentionSetting.objects.filter(organization__path__startswith=root.path)
    for org_id, start, percent in settings.order_by("start").values_list("organization_id", "start", "percent"):
        tree.settings.setdefault(org_id, []).append((start, percent))
    rows = CellDuesMonth.objects.filter(path__startswith=root.path, month__in=months)
    for month in months:
        tree.collected[month] = {}
    for org_id, month, paid, extra in rows.values_list("organization_id", "month", "paid", "extra"):
        if org_id in nodes:
            tree.collected[month][org_id] = tree.collected[month].get(org_id, 0) + paid + extra
    return tree


def month_flows(tree: Tree, month: dt.date, rule: Shares) -> dict[int, Flow]:
    """Each unit's flow for one month, from the cells up (deepest first)."""
    flows: dict[int, Flow] = defaultdict(Flow)
    collected = tree.collected.get(month, {})
    for node in sorted(tree.nodes.values(), key=lambda n: -n.depth):
        flow = flows[node.pk]
        if node.kind in COLLECTING_KINDS:
            own = collected.get(node.pk, 0)
            flow.collected += own
            flow.received = own
            if node.kind == OrgKind.GRASSROOTS_CELL:
                percent = tree.percent(node.pk, month, rule.grassroots_default_percent)
            else:
                percent = tree.percent(node.pk, month, rule.cell_default_percent)
            flow.retained, flow.to_remit = split(own, percent)
        elif node.kind == OrgKind.GRASSROOTS_COMMITTEE:
            percent = tree.percent(node.pk, month, rule.grassroots_default_percent)
            _kept, level_passes = split(flow.collected, percent)
            flow.to_remit = min(level_passes, flow.received)  # never more than what reached the committee
            flow.retained = flow.received - flow.to_remit
        elif node.kind == OrgKind.UPPER:
            flow.retained, flow.to_remit = split(flow.received, rule.above_percent)
        else:  # a sub-committee passes on what it receives; a party group collects nothing
            flow.to_remit = flow.received
        if node.parent_id is not None and node.parent_id in tree.nodes and node.pk != tree.root.pk:
            parent = flows[node.parent_id]
            parent.collected += flow.collected
            parent.received += flow.to_remit
    return flows


def flows(tree: Tree, months: Iterable[dt.date]) -> dict[int, Flow]:
    """Each unit's flow over `months` (the sum of its months, each split by the rule set in force that month)."""
    total: dict[int, Flow] = defaultdict(Flow)
    for month in sorted(set(months)):
        for pk, flow in month_flows(tree, month, rule_for_month(month)).items():
            total[pk].add(flow)
    return total


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
