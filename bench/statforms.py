"""Statistical forms benchmark: every shipped form for the whole tree (the bloc's organization board, `bantochuc`)
over 1,000,000 members on PostgreSQL (issue 11: ≤ 10 s per form), as of today and as of a past date, through the
application's own code path as the page runs it (`statforms.compute.compute`; the member register also streams
every row with `register_rows`, which the background job writes to the file), each beside a raw-SQL floor (the
same grouped reads in plain SQL, without the roll-up).

    nice .venv/bin/python bench/statforms.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_statforms

The database is dedicated (created when missing, reused when it holds exactly `--members` members, rebuilt
otherwise, as bench/search.py does). Its members and status periods are written by `badges_data.py`; this script
adds what the forms read and that builder leaves out: the dated cell memberships (one per member from the admission
decision, ended by a leaving status; 1% of the members moved from another cell on 01/06/2025, a transfer).
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

from badges_data import PER_CELL, build
from measuring import Measure, prepare, run_measures, save_figures

TARGET_MS = 10_000.0  # each form for the whole tree (issue 11)
TODAY = dt.date.today()
PAST = dt.date(2024, 12, 31)  # the data's events run to the end of 2025
MOVED_ON = dt.date(2025, 6, 1)
LEAVING = ["transferred_out", "struck_off", "expelled", "discharged", "deceased"]

MEMBERSHIPS_SQL = f"""
INSERT INTO members_cellmembership (member_id, organization_id, start, "end", reason)
SELECT m.id, m.organization_id, CASE WHEN mv.moved THEN %(moved)s ELSE m.admission_decision_date END, p.start, ''
FROM members_member m
LEFT JOIN members_memberstatusperiod p ON p.member_id = m.id AND p."end" IS NULL AND p.status = ANY(%(leaving)s)
CROSS JOIN LATERAL (SELECT m.id %% 97 = 0 AND m.id > {PER_CELL * 8} AND m.admission_decision_date < %(moved)s
                           AND (p.start IS NULL OR p.start > %(moved)s) AS moved) mv;
INSERT INTO members_cellmembership (member_id, organization_id, start, "end", reason)
SELECT m.id, o.organization_id, m.admission_decision_date, %(moved)s, 'Chuyển sinh hoạt'
FROM members_member m JOIN members_member o ON o.id = m.id - {PER_CELL * 8}
LEFT JOIN members_memberstatusperiod p ON p.member_id = m.id AND p."end" IS NULL AND p.status = ANY(%(leaving)s)
WHERE m.id %% 97 = 0 AND m.id > {PER_CELL * 8} AND m.admission_decision_date < %(moved)s
  AND (p.start IS NULL OR p.start > %(moved)s);
"""

ON_ROLLS = 'c.start <= %(day)s AND (c."end" IS NULL OR c."end" > %(day)s)'
# The floor of each kind of form: its grouped reads as plain SQL, every row fetched, no roll-up.
FLOORS: dict[str, list[str]] = {
    "members": [
        f"""SELECT c.organization_id, m.gender, count(*) FROM members_cellmembership c
                    JOIN members_member m ON m.id = c.member_id WHERE {ON_ROLLS} GROUP BY 1, 2"""
    ],
    "ranges": [
        f"""SELECT c.organization_id, count(*),
                          count(*) FILTER (WHERE m.birth_date > %(day)s::date - interval '31 years'),
                          count(*) FILTER (WHERE m.birth_date <= %(day)s::date - interval '61 years')
                   FROM members_cellmembership c JOIN members_member m ON m.id = c.member_id
                   WHERE {ON_ROLLS} GROUP BY 1"""
    ],
    "status": [
        f"""SELECT c.organization_id, p.status, count(*) FROM members_cellmembership c
                   JOIN members_memberstatusperiod p ON p.member_id = c.member_id
                   WHERE {ON_ROLLS} AND p.start <= %(day)s AND (p."end" IS NULL OR p."end" > %(day)s)
                   GROUP BY 1, 2"""
    ],
    "organizations": [
        """SELECT organization_id, parent_id FROM organizations_organizationperiod
                         WHERE valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)"""
    ],
    "changes": [
        """SELECT c.organization_id, c.member_id, m.admission_decision_date, m.gender FROM members_cellmembership c
           JOIN members_member m ON m.id = c.member_id
           WHERE m.admission_decision_date BETWEEN %(start)s AND %(day)s AND c.start <= m.admission_decision_date
             AND (c."end" IS NULL OR c."end" > m.admission_decision_date)""",
        """SELECT c.member_id, c.organization_id, c.start, m.admission_decision_date FROM members_cellmembership c
           JOIN members_member m ON m.id = c.member_id WHERE c.start BETWEEN %(start)s AND %(day)s""",
        """SELECT member_id, organization_id, "end" FROM members_cellmembership
           WHERE "end" BETWEEN %(start)s AND %(day)s""",
        """SELECT member_id, status, start FROM members_memberstatusperiod
           WHERE status = ANY(%(leaving)s) AND start BETWEEN %(start)s AND %(day)s""",
    ],
    "reconciliation": [
        f"SELECT c.organization_id, count(*) FROM members_cellmembership c WHERE {ON_ROLLS} GROUP BY 1",
        """SELECT c.organization_id, count(*) FROM members_cellmembership c
           WHERE c.start <= %(start)s AND (c."end" IS NULL OR c."end" > %(start)s) GROUP BY 1""",
    ],
    "register": [
        f"""SELECT c.organization_id, c.start, m.family_name, m.middle_name, m.given_name, m.gender,
                            m.birth_date, m.ethnicity, m.religion, m.home_town, m.admission_decision_date,
                            m.full_membership_date, m.card_number, m.record_number
                     FROM members_cellmembership c JOIN members_member m ON m.id = c.member_id
                     WHERE {ON_ROLLS} ORDER BY c.organization_id, m.sort_key, m.id"""
    ],
}


def floor_of(form: Any) -> str:
    if form.kind == "members":
        return {"age": "ranges", "seniority": "ranges", "status": "status"}.get(form.dimension, "members")
    return str(form.kind)


def add_memberships() -> int:
    """The dated cell memberships the forms read (once, after the badge data is built or when missing)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_cellmembership")
        if cursor.fetchone()[0]:
            return 0
        cursor.execute(MEMBERSHIPS_SQL, {"moved": MOVED_ON, "leaving": LEAVING})
        cursor.execute("SELECT count(*) FROM members_cellmembership")
        added = int(cursor.fetchone()[0])
        cursor.execute("ANALYZE members_cellmembership")
    return added


def form_measure(form: Any, unit: Any, day: dt.date) -> Callable[[], Any]:
    from dangbo.statforms.compute import compute, register_rows

    def once() -> Any:
        table = compute(form, unit, day, today=TODAY)
        if form.kind == "register":
            return sum(1 for _ in register_rows(table))
        return table.total.values

    return once


def floor_measure(form: Any, day: dt.date) -> Callable[[], Any]:
    from django.db import connection

    from dangbo.statforms.compute import period_start

    params: dict[str, Any] = {"day": day, "start": period_start(form, day), "leaving": LEAVING}

    def once() -> Any:
        rows = 0
        with connection.cursor() as cursor:
            for sql in FLOORS[floor_of(form)]:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    return once


def run_once(measures: list[Measure], *, only: str) -> list[dict[str, Any]]:
    """Each measure and its floor timed once, cold (for a loaded machine where percentiles would take an hour)."""
    import time

    print(f"{'measure':<44} {'app ms':>9} {'floor ms':>9} {'app/floor':>9} {'target':>7} {'app/t':>6}")
    rows = []
    for label, target, fn, floor, _divisor in measures:
        if (only and only not in label) or fn is None or floor is None:
            continue
        started = time.perf_counter()
        fn()
        app = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        floor()
        base = (time.perf_counter() - started) * 1000
        print(f"{label:<44} {app:>9.0f} {base:>9.0f} {app / base:>8.2f}× {target:>7.0f} {app / target:>5.2f}×",
              flush=True)  # fmt: skip
        rows.append({"measure": label, "target_ms": target, "app_ms": app, "floor_ms": base,
                     "p95_over_floor": app / base, "over_target": app / target})  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--load-only", action="store_true", help="build, measure nothing")
    parser.add_argument("--only", default="", help="run only the measures whose label contains this text")
    parser.add_argument("--once", action="store_true", help="time each form and its floor once (no percentiles)")
    args, must_build = prepare(parser)
    load = build(args.members) if must_build else None
    memberships = add_memberships()
    if args.load_only:
        return
    from dangbo.accounts.enums import Right
    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for
    from dangbo.organizations.selectors import visible_roots
    from dangbo.statforms.models import StatForm

    unit = visible_roots(scope_for(User.objects.get(username="bantochuc")), right=Right.VIEW_MEMBERS).first()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_cellmembership")
        total_memberships = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM organizations_organization")
        organizations = int(cursor.fetchone()[0])
    print(f"\nPostgreSQL, {args.members:,} members, {total_memberships:,} cell memberships, {organizations:,} "
          f"organizations; today {TODAY:%d/%m/%Y}, past {PAST:%d/%m/%Y}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    measures: list[Measure] = []
    for form in StatForm.objects.filter(in_use=True).order_by("position"):
        for label, day in (("today", TODAY), ("past", PAST)):
            measures.append((f"{form.code} whole tree, {label} {day:%d/%m/%Y}", TARGET_MS,
                             form_measure(form, unit, day), floor_measure(form, day), 2))  # fmt: skip
    rows = run_once(measures, only=args.only) if args.once else run_measures(
        measures, runs=args.runs, only=args.only, label_width=44, width=8)  # fmt: skip
    save_figures(f"statforms-postgresql-{args.members}.json",
                 {"members": args.members, "today": str(TODAY), "past": str(PAST), "load": load,
                  "memberships_added": memberships, "measures": rows})  # fmt: skip


if __name__ == "__main__":
    main()
