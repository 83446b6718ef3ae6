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
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
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


@dataclass(frozen=True)
class _Row:
    member_id: int
    organization_id: int
    path: str
    category: str
    base: int
    admitted: dt.date


def _on_rolls_rows(path: str, month: dt.date, member_ids: Sequence[int] | None) -> list[_Row]:
    """The members on the rolls during `month` whose cell that month lies under `path`, each once (the last
    cell of the month), with the category and base in force on its first day."""
    after = next_month(month)
    on_rolls = MemberStatusPeriod.objects.filter(status__in=sorted(ON_ROLLS), start__lt=after).filter(
        Q(end__isnull=True) | Q(end__gt=month)
    )
    bases = DuesBase.objects.filter(member_id=OuterRef("member_id"), start__lte=month).order_by("-start")
    memberships = CellMembership.objects.filter(
        organization__path__startswith=path, start__lt=after, member_id__in=on_rolls.values("member_id")
    ).filter(Q(end__isnull=True) | Q(end__gt=month))
    if member_ids is not None:
        memberships = memberships.filter(member_id__in=member_ids)
    found = (
        memberships.annotate(
            category=Subquery(bases.values("category")[:1]),
            amount=Subquery(bases.values("base")[:1]),
        )
        .order_by("member_id", "start", "id")
        .values_list(
            "member_id",
            "organization_id",
            "organization__path",
            "category",
            "amount",
            "member__admission_decision_date",
        )
    )
    rows: dict[int, _Row] = {}
    for member_id, org_id, org_path, category, amount, admitted in found.iterator(chunk_size=20_000):
        rows[member_id] = _Row(member_id, org_id, org_path, category or "", amount or 0, admitted)
    return list(rows.values())


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
    old = {r.member_id: r.admitted for r in rows if r.admitted < cutoff}
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
    reliefs = _reliefs(month, None if member_ids is None else [r.member_id for r in rows])
    reached = _party_age_days(rules, month, rows)
    memo: dict[tuple[Any, ...], tuple[int, str]] = {}
    out = []
    for r in rows:
        own = reliefs.get(r.member_id, ())
        if not r.category:
            due, why = 0, f"Tháng {month:%m/%Y}: chưa khai báo đối tượng và căn cứ tính đảng phí"
        else:
            key = (r.category, r.base, tuple(id(x) for x in own), reached.get(r.member_id))
            if key not in memo:
                memo[key] = due_for(rules, r.category, r.base, own, reached.get(r.member_id), month)
            due, why = memo[key]
        out.append((r.member_id, r.organization_id, r.path, r.category, r.base, due, why[:EXPLANATION_MAX]))
    return out


def _upsert(month: dt.date, rule_set_id: int | None, computed: list[tuple[Any, ...]]) -> None:
    """Insert the month's rows, or update the computed columns of those that changed (paid amounts untouched)."""
    if not computed:
        return
    if connection.vendor == "postgresql":
        _upsert_staged(month, rule_set_id, computed)
        return
    table = DuesMonth._meta.db_table
    qn = connection.ops.quote_name
    columns = ["member_id", "organization_id", "path", "category", "base", "due", "explanation", "month",
               "rule_set_id", "paid", "extra", "channel", "reference", "excused_reason", "version", "created_at",
               "updated_at"]  # fmt: skip
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value(month)
    changed = " OR ".join(f"{qn(table)}.{c} <> EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    batch = max(1, min(2000, (connection.features.max_query_params or 30_000) // len(columns)))
    with connection.cursor() as cursor:
        for i in range(0, len(computed), batch):
            chunk = computed[i : i + batch]
            params: list[Any] = []
            for row in chunk:
                params.extend((*row, day, rule_set_id, 0, 0, "", "", "", 1, now, now))
            cursor.execute(
                f"INSERT INTO {qn(table)} ({', '.join(columns)}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT (member_id, month) DO UPDATE SET {sets}, version = {qn(table)}.version + 1, "
                f"updated_at = EXCLUDED.updated_at WHERE {changed} OR {qn(table)}.rule_set_id IS NULL",
                params,
            )


STAGE = "dues_month_stage"


def _upsert_staged(month: dt.date, rule_set_id: int | None, computed: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the computed rows streamed by COPY into a temporary table, then one `INSERT … SELECT … ON
    CONFLICT` (the same rule as below). Multi-row VALUES cost more in composing the statement's text on the client
    (~0.35 s a batch of 2,000 rows: 100 s for the province) than in the database (~0.04 s a batch)."""
    table = connection.ops.quote_name(DuesMonth._meta.db_table)
    now = timezone.now()
    changed = " OR ".join(f"t.{c} <> EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in COMPUTED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} (member_id bigint, organization_id bigint, path "
            "varchar(255), category varchar(20), base bigint, due bigint, explanation varchar(500)) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {STAGE}")
        with cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy:
            for row in computed:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} AS t (member_id, organization_id, path, category, base, due, explanation, month, "
            "rule_set_id, paid, extra, channel, reference, excused_reason, version, created_at, updated_at) "
            f"SELECT s.*, %s, %s, 0, 0, '', '', '', 1, %s, %s FROM {STAGE} s "
            f"ON CONFLICT (member_id, month) DO UPDATE SET {sets}, version = t.version + 1, "
            f"updated_at = EXCLUDED.updated_at WHERE {changed} OR t.rule_set_id IS NULL",
            [month, rule_set_id, now, now],
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
            computed = compute_rows(rules, month, path, member_ids)
            before = set(
                DuesMonth.objects.filter(month=month, path__startswith=path, **(
                    {} if member_ids is None else {"member_id__in": member_ids})).values_list(
                    "organization_id", flat=True).distinct()
            )  # fmt: skip
            _upsert(month, rules.rule_set_id, computed)
            removed += _remove_stale(month, path, {row[0] for row in computed}, member_ids)
            touched = before | {row[1] for row in computed}
            refresh_cell_months(touched, [month])
        written += len(computed)
        cells |= touched
        if progress is not None:
            progress.advance(step)
    return ComputeResult(months=len(wanted), rows=written, removed=removed, cells=len(cells))


def refresh_cell_months(org_ids: Iterable[int], months: Iterable[dt.date]) -> None:
    """Rebuild the sums of the cells `org_ids` for `months` from their ledger rows (a cell left with none loses
    its row), one aggregate query and one bulk write per batch."""
    wanted_orgs = sorted(set(org_ids))
    wanted_months = sorted({first_of_month(m) for m in months})
    if not wanted_orgs or not wanted_months:
        return
    paths = dict(Organization.objects.filter(pk__in=wanted_orgs).values_list("pk", "path"))
    for i in range(0, len(wanted_orgs), 5000):
        chunk = wanted_orgs[i : i + 5000]
        sums = (
            DuesMonth.objects.filter(organization_id__in=chunk, month__in=wanted_months)
            .values("organization_id", "month")
            .annotate(
                n=Count("id"),
                due_sum=Sum("due"),
                paid_sum=Sum("paid"),
                extra_sum=Sum("extra"),
                owing_n=Count("id", filter=Q(due__gt=F("paid"))),
            )
        )
        rows = [
            CellDuesMonth(
                organization_id=s["organization_id"],
                path=paths[s["organization_id"]],
                month=s["month"],
                members=s["n"],
                due=s["due_sum"] or 0,
                paid=s["paid_sum"] or 0,
                extra=s["extra_sum"] or 0,
                owing=s["owing_n"],
                computed_at=timezone.now(),
            )
            for s in sums
        ]
        present = {(r.organization_id, r.month) for r in rows}
        CellDuesMonth.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["organization", "month"],
            update_fields=["path", "members", "due", "paid", "extra", "owing", "computed_at"],
            batch_size=1000,
        )
        gone = [
            pk
            for pk, org_id, month in CellDuesMonth.objects.filter(
                organization_id__in=chunk, month__in=wanted_months
            ).values_list("pk", "organization_id", "month")
            if (org_id, month) not in present
        ]
        CellDuesMonth.objects.filter(pk__in=gone).delete()
