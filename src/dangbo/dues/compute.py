"""The monthly ledger computed set-based: who owes dues for a month, how much, and the cells' sums kept ahead.

A member owes dues for every month they are on the rolls (a status period in `ON_ROLLS` — exempt from party work
and abroad included — shares at least a day with the month): from the month of admission to the month of
leaving. The month's row goes to the cell the dated membership puts them in (the last cell of the month), with
the category and base in force on the month's first day (`DuesBase`), the reliefs covering the month
(`DuesRelief`) and the party-age exemption (`members.seniority.party_age_reached`), computed by `rules.due_for`
under the rule set in force on the month's first day.

Per month: one read of the members with their cell, category and base (correlated subqueries on indexed
columns), one of the reliefs and one of the gap periods of the members old enough for the party-age exemption;
then rows written by multi-row `INSERT … ON CONFLICT (member, month) DO UPDATE` that leaves untouched a row whose
computed columns did not change and never touches what was paid. Rows of members no longer on the rolls that
month are removed when nothing was paid on them. `refresh_cell_months` rebuilds the cells' sums with one
aggregate query per batch of months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.core.dates import add_years
from dangbo.members.enums import ON_ROLLS, SENIORITY_GAP_STATUSES
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.members.seniority import party_age_reached
from dangbo.organizations.models import Organization

from .models import CellDuesMonth, DuesBase, DuesMonth, DuesRelief
from .rules import DuesRules, ReliefLike, due_for, first_of_month, next_month, rules_in_force

__all__ = ["ComputeResult", "Progress", "compute_months", "compute_rows", "refresh_cell_months"]

EXPLANATION_MAX = 500
COMPUTED_COLUMNS = ("organization_id", "path", "category", "base", "due", "explanation", "rule_set_id")


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, done: int) -> None: ...


@dataclass(frozen=True)
class ComputeResult:
    months: int
    rows: int
    removed: int
    cells: int


# (member_id, organization_id, cell path, category, base, admission decision date)
_Row = tuple[int, int, str, str, int, dt.date]


def _on_rolls_rows(path: str, month: dt.date, member_ids: Sequence[int] | None) -> list[_Row]:
    """The members on the rolls during `month` whose cell that month lies under `path`, each once (the last
    cell of the month), with the category and base in force on its first day (two reads: the memberships with
    their members, then the bases)."""
    after = next_month(month)
    on_rolls = MemberStatusPeriod.objects.filter(status__in=sorted(ON_ROLLS), start__lt=after).filter(
        Q(end__isnull=True) | Q(end__gt=month)
    )
    memberships = CellMembership.objects.filter(
        organization__path__startswith=path, start__lt=after, member_id__in=on_rolls.values("member_id")
    ).filter(Q(end__isnull=True) | Q(end__gt=month))
    bases = DuesBase.objects.filter(start__lte=month)
    if member_ids is not None:
        memberships = memberships.filter(member_id__in=member_ids)
        bases = bases.filter(member_id__in=member_ids)
    else:
        bases = bases.filter(member_id__in=memberships.values("member_id"))
    cells: dict[int, tuple[int, str, dt.date]] = {}
    found = memberships.order_by("member_id", "start", "id").values_list(
        "member_id", "organization_id", "organization__path", "member__admission_decision_date"
    )
    for member_id, org_id, org_path, admitted in found.iterator(chunk_size=50_000):
        cells[member_id] = (org_id, org_path, admitted)
    current: dict[int, tuple[str, int]] = {}
    for member_id, category, base in (
        bases.order_by("member_id", "start").values_list("member_id", "category", "base").iterator(chunk_size=50_000)
    ):
        current[member_id] = (category, base)
    return [
        (member_id, org_id, org_path, *current.get(member_id, ("", 0)), admitted)
        for member_id, (org_id, org_path, admitted) in cells.items()
    ]


def _reliefs(month: dt.date, member_ids: Iterable[int] | None) -> dict[int, list[ReliefLike]]:
    qs = DuesRelief.objects.filter(start__lt=next_month(month)).filter(Q(end__isnull=True) | Q(end__gte=month))
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    found: dict[int, list[ReliefLike]] = defaultdict(list)
    for relief in qs.only("member_id", "kind", "percent", "start", "end", "decision_number"):
        found[relief.member_id].append(relief)
    return found


def _party_age_days(rules: DuesRules, month: dt.date, rows: list[_Row]) -> dict[int, dt.date]:
    """The day party age reached the rule set's years, for the members who had reached it by the month's end."""
    years = rules.party_age_years
    if years is None:
        return {}
    cutoff = add_years(next_month(month), -years)
    old = {r[0]: r[5] for r in rows if r[5] < cutoff}
    if not old:
        return {}
    gaps: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    gap_rows = MemberStatusPeriod.objects.filter(
        status__in=sorted(SENIORITY_GAP_STATUSES), member__admission_decision_date__lt=cutoff
    ).values_list("member_id", "status", "start", "end")
    for member_id, status, start, end in gap_rows.iterator(chunk_size=20_000):
        if member_id in old:
            gaps[member_id].append((status, start, end))
    reached = {}
    for member_id, admitted in old.items():
        day = party_age_reached(admission_decision_date=admitted, periods=gaps.get(member_id, ()), years=years)
        if day < next_month(month):
            reached[member_id] = day
    return reached


def compute_rows(
    rules: DuesRules, month: dt.date, path: str, member_ids: Sequence[int] | None = None
) -> list[tuple[Any, ...]]:
    """The computed columns of every ledger row of `month` under `path` (no writes): (member_id, organization_id,
    path, category, base, due, explanation)."""
    rows = _on_rolls_rows(path, month, member_ids)
    reliefs = _reliefs(month, None if member_ids is None else [r[0] for r in rows])
    reached = _party_age_days(rules, month, rows)
    memo: dict[tuple[Any, ...], tuple[int, str]] = {}
    out = []
    undeclared = f"Tháng {month:%m/%Y}: chưa khai báo đối tượng và căn cứ tính đảng phí"
    for member_id, org_id, org_path, category, base, _admitted in rows:
        own = reliefs.get(member_id, ())
        if not category:
            due, why = 0, undeclared
        else:
            key = (category, base, tuple(id(x) for x in own), reached.get(member_id))
            if key not in memo:
                amount, text = due_for(rules, category, base, own, reached.get(member_id), month)
                memo[key] = amount, text[:EXPLANATION_MAX]
            due, why = memo[key]
        out.append((member_id, org_id, org_path, category, base, due, why))
    return out


_COLUMNS = ["member_id", "organization_id", "path", "category", "base", "due", "explanation", "month",
            "rule_set_id", "paid", "extra", "channel", "reference", "excused_reason", "version", "created_at",
            "updated_at"]  # fmt: skip


def _conflict_clause(table: str) -> str:
    """Update the computed columns of a row that exists, only when one of them changed (paid amounts untouched)."""
    changed = " OR ".join(f"{table}.{c} <> EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    return (f"ON CONFLICT (member_id, month) DO UPDATE SET {sets}, version = {table}.version + 1, "
            f"updated_at = EXCLUDED.updated_at WHERE {changed} OR {table}.rule_set_id IS NULL")  # fmt: skip


def _upsert(month: dt.date, rule_set_id: int | None, computed: list[tuple[Any, ...]]) -> None:
    """Insert the month's rows, or update the computed columns of those that changed. On PostgreSQL the rows are
    copied into a temporary table and merged by one `INSERT … SELECT … ON CONFLICT`; elsewhere, multi-row
    `INSERT … VALUES … ON CONFLICT` statements."""
    if not computed:
        return
    table = connection.ops.quote_name(DuesMonth._meta.db_table)
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE dues_month_in (member_id bigint, organization_id bigint, path varchar(255), "
                "category varchar(20), base bigint, due bigint, explanation varchar(500)) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY dues_month_in FROM STDIN") as copy:
                for row in computed:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(_COLUMNS)}) SELECT member_id, organization_id, path, category, "
                "base, due, explanation, %s, %s, 0, 0, '', '', '', 1, %s, %s FROM dues_month_in "
                + _conflict_clause(table),
                [month, rule_set_id, now, now],
            )
            cursor.execute("DROP TABLE dues_month_in")
        return
    day = connection.ops.adapt_datefield_value(month)
    stamp = connection.ops.adapt_datetimefield_value(now)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    batch = max(1, min(2000, (connection.features.max_query_params or 30_000) // len(_COLUMNS)))
    with connection.cursor() as cursor:
        for i in range(0, len(computed), batch):
            chunk = computed[i : i + batch]
            params: list[Any] = []
            for row in chunk:
                params.extend((*row, day, rule_set_id, 0, 0, "", "", "", 1, stamp, stamp))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {', '.join([one] * len(chunk))} "
                + _conflict_clause(table),
                params,
            )


def _remove_stale(month: dt.date, path: str, kept: set[int], member_ids: Sequence[int] | None) -> int:
    """Remove the month's rows under `path` of members no longer on the rolls there, when nothing was paid."""
    existing = DuesMonth.objects.filter(month=month, path__startswith=path, paid=0, extra=0)
    if member_ids is not None:
        existing = existing.filter(member_id__in=member_ids)
    stale = [pk for pk, member_id in existing.values_list("pk", "member_id").iterator(chunk_size=20_000)
             if member_id not in kept]  # fmt: skip
    for i in range(0, len(stale), 5000):
        DuesMonth.objects.filter(pk__in=stale[i : i + 5000]).delete()
    return len(stale)


def compute_months(
    *,
    root: Organization | None,
    months: Iterable[dt.date],
    progress: Progress | None = None,
    member_ids: Sequence[int] | None = None,
) -> ComputeResult:
    """Compute the ledger rows of `months` for every member on the rolls under `root` (the whole tree when None;
    only `member_ids` when given) and refresh the cells' sums. Refuses (DomainError) a month no rule set covers.
    Run by the job `dues.months.compute`, `manage.py dues_compute` and the ledger's services."""
    wanted = sorted({first_of_month(m) for m in months})
    path = root.path if root is not None else ""
    if progress is not None:
        progress.set_total(len(wanted))
    written = removed = 0
    cells: set[int] = set()
    for step, month in enumerate(wanted, start=1):
        rules = rules_in_force(month)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")  # many short plans: compiling them costs more than it saves
            computed = compute_rows(rules, month, path, member_ids)
            if member_ids is None:
                _upsert(month, rules.rule_set_id, computed)
                removed += _remove_stale(month, path, {row[0] for row in computed}, None)
                cells |= _refresh(month, "d.path LIKE %s", [path + "%"], {"path__startswith": path})
            else:
                before = set(DuesMonth.objects.filter(month=month, member_id__in=member_ids)
                             .values_list("organization_id", flat=True))  # fmt: skip
                _upsert(month, rules.rule_set_id, computed)
                removed += _remove_stale(month, path, {row[0] for row in computed}, member_ids)
                touched = before | {row[1] for row in computed}
                refresh_cell_months(touched, [month])
                cells |= touched
        written += len(computed)
        if progress is not None:
            progress.advance(step)
    if member_ids is None and written and connection.vendor == "postgresql":
        # A month written in bulk leaves the planner's statistics behind: without them it reads a cell's month
        # through the (month, path) index and filters the whole month instead of using (organization, month).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(DuesMonth._meta.db_table)}")
    return ComputeResult(months=len(wanted), rows=written, removed=removed, cells=len(cells))


def _refresh(month: dt.date, where: str, params: list[Any], stale: dict[str, Any]) -> set[int]:
    """Rebuild the cells' sums of `month` for the ledger rows matching `where` (on `d`, the ledger) in one
    `INSERT … SELECT … GROUP BY … ON CONFLICT`, and remove the sums (filtered by `stale`) of cells left without
    rows. Returns the cells refreshed."""
    sums = connection.ops.quote_name(CellDuesMonth._meta.db_table)
    ledger = connection.ops.quote_name(DuesMonth._meta.db_table)
    orgs = connection.ops.quote_name(Organization._meta.db_table)
    day = connection.ops.adapt_datefield_value(month)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {sums} (organization_id, path, month, members, due, paid, extra, owing, computed_at) "
            f"SELECT d.organization_id, o.path, d.month, COUNT(*), SUM(d.due), SUM(d.paid), SUM(d.extra), "
            f"SUM(CASE WHEN d.due > d.paid THEN 1 ELSE 0 END), %s FROM {ledger} d JOIN {orgs} o "
            f"ON o.id = d.organization_id WHERE d.month = %s AND {where} GROUP BY d.organization_id, o.path, d.month "
            "ON CONFLICT (organization_id, month) DO UPDATE SET path = EXCLUDED.path, members = EXCLUDED.members, "
            "due = EXCLUDED.due, paid = EXCLUDED.paid, extra = EXCLUDED.extra, owing = EXCLUDED.owing, "
            "computed_at = EXCLUDED.computed_at RETURNING organization_id",
            [now, day, *params],
        )
        refreshed = {row[0] for row in cursor.fetchall()}
    left = CellDuesMonth.objects.filter(month=month, **stale).values_list("pk", "organization_id")
    gone = [pk for pk, org_id in left if org_id not in refreshed]
    for i in range(0, len(gone), 5000):
        CellDuesMonth.objects.filter(pk__in=gone[i : i + 5000]).delete()
    return refreshed


def refresh_cell_months(org_ids: Iterable[int], months: Iterable[dt.date]) -> None:
    """Rebuild the sums of the cells `org_ids` for `months` from their ledger rows (a cell left with none loses
    its row): one aggregate upsert per month and batch of cells."""
    wanted_orgs = sorted(set(org_ids))
    for month in sorted({first_of_month(m) for m in months}):
        for i in range(0, len(wanted_orgs), 1000):
            chunk = wanted_orgs[i : i + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            _refresh(month, f"d.organization_id IN ({marks})", chunk, {"organization_id__in": chunk})
