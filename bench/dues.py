"""Dues benchmark: a province of 450,000 members with two years of monthly dues (~10,800,000 ledger rows) on
PostgreSQL, and the three figures of issue 9, each beside its raw-SQL floor (the same result in hand-written SQL)
and the ratio of the two:

- a month's dues computed for the whole province (`dues.ledger.compute_months`; target ≤ 30 s);
- a cell's ledger page (`dues.selectors.cell_ledger` and the page through Django's test client; p95 ≤ 100 ms);
- the bloc's remittance statement for a quarter (`dues.statements.statement`; p95 ≤ 300 ms).

    .venv/bin/python bench/dues.py --members 450000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_dues      # or: make bench-dues

The database is dedicated (created when missing, reused when it holds exactly `--members` members, rebuilt
otherwise, as bench/search.py does). The province is written in SQL (`dues_data.py`), not by the demo generator;
the ledger once (`--reload-ledger` forces it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dues_data import MONTH_SELECT, build_province, load_ledger, month_params, months_back
from measuring import Measure, prepare, run_measures, save_figures

COMPUTE_MS = 30_000.0  # a month's dues computed for the province (issue 9)
LEDGER_PAGE_MS = 100.0  # a cell's ledger page, p95 (issue 9)
STATEMENT_MS = 300.0  # the bloc's remittance statement, p95 (issue 9)
LEDGER_CELLS = 20  # the ledger page is measured on these cells in turn

# --- the raw-SQL floors -----------------------------------------------------------------------------------

# A month's dues for the province: the month's computation (`MONTH_SELECT`) written over the ledger, rows that
# did not change left alone, then the cells' sums of that month.
FLOOR_COMPUTE_SQL = [
    """INSERT INTO dues_duesmonth AS d (created_at, updated_at, version, member_id, month, organization_id, path,
           category, base, rule_set_id, due, explanation, paid, extra, paid_on, channel, reference, excused_reason)
       SELECT now(), now(), 1, member_id, month, organization_id, path, category, base, rule_set_id, due,
              explanation, 0, 0, NULL, '', '', '' FROM ("""
    + MONTH_SELECT
    + """) s
       ON CONFLICT (member_id, month) DO UPDATE SET organization_id = excluded.organization_id,
           path = excluded.path, category = excluded.category, base = excluded.base,
           rule_set_id = excluded.rule_set_id, due = excluded.due, explanation = excluded.explanation,
           version = d.version + 1, updated_at = now()
       WHERE (d.organization_id, d.category, d.base, d.rule_set_id, d.due, d.explanation)
             IS DISTINCT FROM (excluded.organization_id, excluded.category, excluded.base, excluded.rule_set_id,
                               excluded.due, excluded.explanation)""",
    """INSERT INTO dues_cellduesmonth AS c (organization_id, path, month, members, due, paid, extra, owing,
           computed_at)
       SELECT organization_id, min(path), month, count(*), sum(due), sum(paid), sum(extra),
              count(*) FILTER (WHERE due > paid AND excused_reason = ''), now()
       FROM dues_duesmonth WHERE month = %(month)s GROUP BY organization_id, month
       ON CONFLICT (organization_id, month) DO UPDATE SET members = excluded.members, due = excluded.due,
           paid = excluded.paid, extra = excluded.extra, owing = excluded.owing, computed_at = now()
       WHERE (c.members, c.due, c.paid, c.extra, c.owing)
             IS DISTINCT FROM (excluded.members, excluded.due, excluded.paid, excluded.extra, excluded.owing)""",
]

# A cell's ledger page: the first page of the month's rows with the members' names in the cell's order, and the
# cell's stored sums of the month (what `dues.selectors.cell_ledger` returns).
FLOOR_LEDGER_SQL = [
    """SELECT month, members, due, paid, extra, owing FROM dues_cellduesmonth
       WHERE organization_id = %(cell)s AND month = %(month)s""",
    """SELECT d.id, d.version, d.member_id, m.family_name, m.middle_name, m.given_name, m.card_number, d.category,
              d.base, d.due, d.explanation, d.paid, d.extra, d.paid_on, d.channel, d.reference, d.excused_reason
       FROM dues_duesmonth d JOIN members_member m ON m.id = d.member_id
       WHERE d.organization_id = %(cell)s AND d.month = %(month)s ORDER BY m.sort_key, m.id LIMIT %(per_page)s""",
]

# The bloc's statement for a quarter: per grassroots organization, what its cells collected (their stored sums)
# and what was remitted to the bloc, with the organizations' names in order.
FLOOR_STATEMENT_SQL = [
    """SELECT substr(path, 1, %(glen)s), sum(members), sum(due), sum(paid), sum(extra), sum(owing)
       FROM dues_cellduesmonth WHERE month BETWEEN %(qs)s AND %(qe)s AND path LIKE %(p)s GROUP BY 1""",
    """SELECT from_organization_id, sum(amount), max(paid_on) FROM dues_remittance
       WHERE to_organization_id = %(bloc)s AND period_start >= %(qs)s AND period_end <= %(qe)s GROUP BY 1""",
    """SELECT id, name, path FROM organizations_organization WHERE parent_id = %(bloc)s ORDER BY sort_key""",
]


def _sql(statements: list[str], params: Callable[[], dict[str, Any]], *, commit: bool = False) -> Callable[[], Any]:
    from django.db import connection, transaction

    def once() -> Any:
        values = params()
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, values)
                if not commit:
                    cursor.fetchall()

    return once


def _cycle(values: list[Any]) -> Callable[[], Any]:
    state = {"i": -1}

    def take() -> Any:
        state["i"] += 1
        return values[state["i"] % len(values)]

    return take


# --- the application's measures ---------------------------------------------------------------------------


def compute_measure(root: Any, month: dt.date) -> Callable[[], Any]:
    from dangbo.dues.ledger import compute_months

    return lambda: compute_months(root=root, months=[month])


def ledger_measure(cells: list[Any], month: dt.date) -> Callable[[], Any]:
    from dangbo.dues.selectors import cell_ledger

    take = _cycle(cells)
    return lambda: cell_ledger(take(), month)


def ledger_page_measure(cells: list[Any], month: dt.date) -> Callable[[], Any]:
    """The cell's ledger page as the bloc's office sees it (HTTP, rendered)."""
    from django.urls import reverse

    from admissions import _client

    client = _client("vanphong")
    take = _cycle([reverse("dues:cell", args=[c.pk]) + f"?thang={month:%Y-%m}" for c in cells])

    def once() -> Any:
        response = client.get(take())
        if response.status_code != 200:
            raise SystemExit(f"ledger page: HTTP {response.status_code}")
        return len(response.content)

    return once


def statement_measure(root: Any, first: dt.date, last: dt.date) -> Callable[[], Any]:
    from dangbo.dues.statements import statement

    months = [first, dt.date(first.year + first.month // 12, first.month % 12 + 1, 1), last]
    return lambda: statement(root, months)


def measures(*, today: dt.date, root: Any) -> list[Measure]:
    """(label, target ms, the application's call, its raw-SQL floor, runs divisor) of every measure."""
    from dangbo.dues.selectors import CELL_PAGE
    from dangbo.organizations.models import Organization

    month = months_back(today, 1)[0]
    qs = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    qs = months_back(qs, 4)[0]  # the last whole quarter
    qe = months_back(dt.date(qs.year + (qs.month + 2) // 12, (qs.month + 2) % 12 + 1, 1), 1)[0]
    cells = list(Organization.objects.filter(kind="cell").order_by("pk")[:LEDGER_CELLS])
    ledger_params = _cycle([{"cell": c.pk, "month": month, "per_page": CELL_PAGE} for c in cells])
    statement_params = {"qs": qs, "qe": qe, "p": root.path + "%", "glen": len(root.path) + 8, "bloc": root.pk}
    quarter = f"Q{(qs.month - 1) // 3 + 1}/{qs.year}"
    compute = month_params(month)
    return [
        (f"a month's dues for the province ({month:%m/%Y}, recomputed)", COMPUTE_MS, compute_measure(root, month),
         _sql(FLOOR_COMPUTE_SQL, lambda: compute, commit=True), 10),
        (f"a cell's ledger {month:%m/%Y}: selector ({len(cells)} cells)", LEDGER_PAGE_MS,
         ledger_measure(cells, month), _sql(FLOOR_LEDGER_SQL, ledger_params), 1),
        (f"a cell's ledger {month:%m/%Y}: page (HTTP, rendered)", LEDGER_PAGE_MS, ledger_page_measure(cells, month),
         _sql(FLOOR_LEDGER_SQL, ledger_params), 1),
        (f"the bloc's remittance statement {quarter}", STATEMENT_MS, statement_measure(root, qs, qe),
         _sql(FLOOR_STATEMENT_SQL, lambda: statement_params), 1),
    ]  # fmt: skip


def _counts() -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for label, table in [("members", "members_member"), ("ledger rows", "dues_duesmonth"),
                             ("cell-months", "dues_cellduesmonth"), ("remittances", "dues_remittance")]:  # fmt: skip
            cursor.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}'")
            out[label] = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM organizations_organization WHERE kind = 'cell'")
        out["cells"] = int(cursor.fetchone()[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=450_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--reload-ledger", action="store_true", help="write the ledger again")
    parser.add_argument("--load-only", action="store_true", help="build and load, measure nothing")
    parser.add_argument("--only", default="", help="run only the measures whose label contains this text")
    args, must_build = prepare(parser)
    from django.db import connection
    from django.utils import timezone

    from dangbo.organizations.models import Organization

    today = args.today or timezone.localdate()
    load: dict[str, Any] = {}
    if must_build:
        print("Writing the province…", flush=True)
        load["province"] = build_province(args.members, today)
    root = Organization.objects.get(kind="upper", parent__isnull=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM dues_duesmonth)")
        loaded = cursor.fetchone()[0]
    if must_build or args.reload_ledger or not loaded:
        print("Writing the ledger…", flush=True)
        load["ledger"] = load_ledger(today=today, months=args.months, bloc=root)
    if args.load_only:
        print(json.dumps(load, indent=2, default=str))
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE dues_duesmonth")  # earlier runs' rewrites (no autovacuum on the test server)
        cursor.execute("VACUUM ANALYZE dues_cellduesmonth")
    counts = _counts()
    print(f"\nPostgreSQL, {counts['members']:,} members, {counts['cells']:,} cells, ~{counts['ledger rows']:,} ledger "
          f"rows, {counts['cell-months']:,} cell-months, {counts['remittances']:,} remittances; today "
          f"{today:%d/%m/%Y}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    rows = run_measures(measures(today=today, root=root), runs=args.runs, only=args.only, label_width=58, width=9)
    save_figures(
        f"dues-postgresql-{args.members}.json",
        {"members": args.members, "today": str(today), "counts": counts, "load": load, "measures": rows},
    )


if __name__ == "__main__":
    main()
