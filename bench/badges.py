"""Badge benchmark: the badge list of one award date over 1,000,000 members on PostgreSQL (issue 10: p95 ≤ 500 ms),
through the application's own code path as the page runs it (`recognition.views.compute_list`: the rule set of the
date, then `stored_lists.list_for`; the counts per verdict; the first page of 50 rows with their explanation and
seniority), for

- the whole tree (the bloc's organization board, `bantochuc`: the top of its scope), read from the stored list
  (decision 0040), beside the raw SQL of the same two reads (`STORED_FLOOR_SQL`);
- one grassroots organization (`coso`'s scope), computed on the spot, beside `FLOOR_SQL` (the list's rules
  applied in one statement);
- the computation that stores the whole tree's list (`stored_lists.store`: the nightly command and the "Tính lại"
  job), beside `FLOOR_SQL` for the whole tree.

    .venv/bin/python bench/badges.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_badges

The database is dedicated (created when missing, reused when it holds exactly `--members` members, rebuilt
otherwise, as bench/search.py does); its data is written by `badges_data.py`. `--explain` prints EXPLAIN (ANALYZE,
BUFFERS) of the application's slowest queries for the whole tree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badges_data import build
from measuring import Measure, prepare, run_measures, save_figures

TARGET_MS = 500.0  # the badge list of one award date, p95 (issue 10)
STORE_BUDGET_MS = 60_000.0  # storing the whole tree's list: our own budget for the nightly job, not the issue's
AWARD_DATE = dt.date(2025, 9, 2)
PAGE = 50  # rows whose explanation and seniority the page shows

# The floor: the list's rows in one statement, its rules applied in SQL. For each milestone, the members on the
# list's statuses under the path (an organization-id subquery) whose admission puts the plain milestone near the
# window, the milestone moved by the gaps' whole months; kept when the list shows them: on the rolls with the
# milestone in (previous, award date], or seriously ill by the award date with it in the early window of the
# milestone (12 or 24 months); deceased with the milestone no later than the posthumous window after the death,
# either in (previous, award date] or, when the death came since the previous date, still to come; a badge of the
# milestone awarded on the date. With the death, the first illness certificate, the badge and the latest decision.
# Carried-over rows (a pending proposal or a block from an earlier date) are left out: a few.
FLOOR_SQL = """
WITH ms(y, early) AS (SELECT y, CASE WHEN y >= %(long_from)s THEN %(early_long)s ELSE %(early)s END
                      FROM unnest(%(milestones)s::int[]) AS y),
cand AS (
    SELECT m.id, m.family_name, m.middle_name, m.given_name, m.sort_key, m.admission_decision_date, m.status,
           m.organization_id, ms.y, ms.early
    FROM ms JOIN members_member m
      ON m.admission_decision_date > (%(previous)s::date - make_interval(years => ms.y) - interval '3 days')
     AND m.admission_decision_date <= (%(latest)s::date - make_interval(years => ms.y) + interval '3 days')
    WHERE m.organization_id IN (SELECT id FROM organizations_organization WHERE path LIKE %(path)s)
      AND m.status = ANY(%(statuses)s)),
dated AS (
    SELECT c.*, (c.admission_decision_date + make_interval(years => c.y, months => coalesce(g.months, 0)))::date
                AS reached
    FROM cand c LEFT JOIN LATERAL (
        SELECT sum((extract(year FROM age(p."end", p.start)) * 12 + extract(month FROM age(p."end", p.start))))::int
               AS months
        FROM members_memberstatusperiod p
        WHERE p.member_id = c.id AND p.status = ANY(%(gaps)s) AND p."end" IS NOT NULL) g ON true),
facts AS (
    SELECT d.*, death.start AS died, ill.certified_on AS ill_on
    FROM dated d
    LEFT JOIN LATERAL (SELECT start FROM members_memberstatusperiod p
                       WHERE p.member_id = d.id AND p.status = 'deceased' LIMIT 1) death ON true
    LEFT JOIN LATERAL (SELECT certified_on FROM recognition_seriousillness s
                       WHERE s.member_id = d.id AND s.certified_on <= %(on)s
                       ORDER BY certified_on LIMIT 1) ill ON true)
SELECT f.*, o.name, o.path, b.id, b.state, b.award_date, dis.id, dis.form, dis.decision_date
FROM facts f
JOIN organizations_organization o ON o.id = f.organization_id
LEFT JOIN recognition_badge b ON b.member_id = f.id AND b.milestone = f.y AND b.state IN ('proposed', 'awarded')
                               AND b.award_date <= %(on)s
LEFT JOIN LATERAL (SELECT id, form, decision_date FROM discipline_discipline k
                   WHERE k.member_id = f.id ORDER BY decision_date DESC LIMIT 1) dis ON true
WHERE (f.died IS NULL AND f.status = ANY(%(on_rolls)s)
       AND (f.reached > %(previous)s AND f.reached <= %(on)s
            OR f.ill_on IS NOT NULL AND f.reached > %(on)s
               AND f.reached <= (%(on)s::date + make_interval(months => f.early))::date))
   OR (f.died <= %(on)s AND f.reached <= (f.died + make_interval(months => %(posthumous)s))::date
       AND (f.reached > %(previous)s AND f.reached <= %(on)s OR f.died > %(previous)s AND f.reached > %(on)s))
   OR (b.state = 'awarded' AND b.award_date = %(on)s)
ORDER BY o.path, f.sort_key, f.id, f.y
"""


# The stored list's two reads, as raw SQL: the counts per verdict under the unit, and the first page in the list's
# order with the member, the cell and the badge.
STORED_FLOOR_SQL = [
    """SELECT r.verdict, count(*) FROM recognition_storedbadgerow r WHERE r.listed_id = %(listed)s
       GROUP BY r.verdict""",
    """SELECT r.*, m.id, m.family_name, m.middle_name, m.given_name, m.sort_key, m.admission_decision_date, m.status,
              c.id, c.name, c.path, b.id, b.state, b.kind, b.award_date, b.proposed_on, b.decision_number,
              b.decision_date, b.version
       FROM recognition_storedbadgerow r JOIN members_member m ON m.id = r.member_id
       JOIN organizations_organization c ON c.id = r.cell_id LEFT JOIN recognition_badge b ON b.id = r.badge_id
       WHERE r.listed_id = %(listed)s ORDER BY c.path, m.sort_key, m.id, r.years LIMIT 50""",
]


def list_measure(unit: Any, day: dt.date) -> Callable[[], Any]:
    """The list as the page reads it: the list, its counts, the first page's explanations and seniority."""
    from dangbo.recognition.views import compute_list

    def once() -> Any:
        listed = compute_list(unit, day)
        counts = listed.counts()
        for row in listed.rows_for()[:PAGE]:
            _ = row.explanation, row.seniority.label()
        return sum(counts.values())

    return once


def stored_floor_measure(unit: Any, day: dt.date) -> Callable[[], Any]:
    from django.db import connection

    from dangbo.recognition.models import StoredBadgeList

    listed = StoredBadgeList.objects.get(award_date=day, root=unit).pk

    def once() -> Any:
        with connection.cursor() as cursor:
            for sql in STORED_FLOOR_SQL:
                cursor.execute(sql, {"listed": listed})
                cursor.fetchall()

    return once


def store_measure(unit: Any, day: dt.date) -> Callable[[], Any]:
    from dangbo.recognition.stored_lists import store

    return lambda: store(root=unit, award_date=day)


def floor_measure(unit: Any, day: dt.date) -> Callable[[], Any]:
    from django.db import connection

    from dangbo.core.dates import add_months
    from dangbo.members.enums import ON_ROLLS, SENIORITY_GAP_STATUSES, MemberStatus
    from dangbo.recognition.rules import check_award_date

    rules = check_award_date(day)
    latest = add_months(day, max(rules.early_months, rules.early_long_months))
    params = {"milestones": list(rules.milestones), "previous": rules.previous_award_date(day), "on": day,
              "latest": latest, "path": unit.path + "%", "statuses": sorted({*ON_ROLLS, MemberStatus.DECEASED}),
              "gaps": sorted(SENIORITY_GAP_STATUSES), "on_rolls": sorted(ON_ROLLS),
              "early": rules.early_months, "early_long": rules.early_long_months,
              "long_from": rules.early_long_from_years, "posthumous": rules.posthumous_months}  # fmt: skip

    def once() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, params)
            return len(cursor.fetchall())

    return once


def _units() -> dict[str, Any]:
    from dangbo.accounts.enums import Right
    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for
    from dangbo.organizations.selectors import visible_roots

    out = {}
    for key, username in [("tree", "bantochuc"), ("grassroots", "coso")]:
        scope = scope_for(User.objects.get(username=username))
        out[key] = visible_roots(scope, right=Right.VIEW_MEMBERS).first()
    return out


def explain(unit: Any, day: dt.date, *, top: int = 4) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the application's slowest queries for `unit`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn = list_measure(unit, day)
    with CaptureQueriesContext(connection) as captured:
        fn()
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:top]
    with connection.cursor() as cursor:
        for q in slowest:
            print(f"\n--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:400]}…")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            print("\n".join(r[0] for r in cursor.fetchall()))


def _counts(units: dict[str, Any], day: dt.date) -> dict[str, Any]:
    from django.db import connection

    from dangbo.recognition.views import compute_list

    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for label, table in [("members", "members_member"), ("status periods", "members_memberstatusperiod"),
                             ("badges", "recognition_badge"), ("disciplines", "discipline_discipline"),
                             ("illnesses", "recognition_seriousillness")]:  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM {table}")
            out[label] = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM organizations_organization WHERE kind = 'cell'")
        out["cells"] = int(cursor.fetchone()[0])
    for key, unit in units.items():
        counts = compute_list(unit, day).counts()
        out[f"{key} rows"] = sum(counts.values())
        out[f"{key} by verdict"] = counts
        out[f"{key} floor rows"] = floor_measure(unit, day)()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--award-date", type=dt.date.fromisoformat, default=AWARD_DATE)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--load-only", action="store_true", help="build, measure nothing")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest queries")
    parser.add_argument("--only", default="", help="run only the measures whose label contains this text")
    args, must_build = prepare(parser)
    load = build(args.members) if must_build else None
    if args.load_only:
        return
    day = args.award_date
    units = _units()
    counts = _counts(units, day)
    print(f"\nPostgreSQL, {counts['members']:,} members, {counts['cells']:,} cells, {counts['badges']:,} badges, "
          f"{counts['disciplines']:,} disciplines; award date {day:%d/%m/%Y}; list rows: whole tree "
          f"{counts['tree rows']:,} (floor {counts['tree floor rows']:,}), one grassroots organization "
          f"{counts['grassroots rows']:,} (floor {counts['grassroots floor rows']:,}); {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    measures: list[Measure] = [
        (f"badge list {day:%d/%m/%Y}: whole tree, stored (bantochuc)", TARGET_MS, list_measure(units["tree"], day),
         stored_floor_measure(units["tree"], day), 1),
        (f"badge list {day:%d/%m/%Y}: one grassroots org (coso)", TARGET_MS, list_measure(units["grassroots"], day),
         floor_measure(units["grassroots"], day), 1),
        ("store the whole tree's list (nightly, Tính lại)", STORE_BUDGET_MS, store_measure(units["tree"], day),
         floor_measure(units["tree"], day), 10),
    ]  # fmt: skip
    rows = run_measures(measures, runs=args.runs, only=args.only, label_width=56, width=8)
    if args.explain:
        explain(units["tree"], day)
    save_figures(f"badges-postgresql-{args.members}.json",
                 {"members": args.members, "award_date": str(day), "counts": counts, "load": load,
                  "measures": rows})  # fmt: skip


if __name__ == "__main__":
    main()
