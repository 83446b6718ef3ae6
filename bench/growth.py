"""Growth benchmark (issue 13, item 8): one province at `--members` members with its history, and each cost that
may grow with it, measured through the application's own code beside the raw floor of the same run, so that runs at
100,000, 1,000,000 and 2,000,000 members give how each cost grows; `--project` fits that growth from the saved
figures and projects it to the national registry (5,600,000 members).

    .venv/bin/python bench/growth.py --members 2000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_growth_2m
    .venv/bin/python bench/growth.py --project

The data (built once, reused when the database holds exactly `--members` members):
- the province of bench/rounds.py (`dues_data.build_province`: cells of 100 members with their dated status and
  cell history, dues bases; plus suspensions and exemptions in force);
- two years of ratings, 2024 and 2025, with model cells (`dashboard.generate_ratings`) and their KPI values;
- `--history-months` months of cell meetings with one attendance row per member (`cell_life.load_meetings`) and of
  dues ledger rows with the cells' sums and remittances (`dues_data.load_ledger`), ending with the data's month.

The measures, each once the data is in place (the machine to itself: the load average is printed beside them):
- the member search (bench/search.py's `measure`: the list's page and its count, for one grassroots organization
  and for the whole tree, with the raw floor of each query and the rows checked against the query before);
- the KPI dashboard of the whole tree (`dashboard_for`, p95) after the year's recompute (`recompute_year`, timed);
- each statistical form of the whole tree as of the data's day (after one warm-up), beside its grouped reads in SQL;
- the Excel export of every member on the rolls (the export job's handler) beside `COPY` of the same rows;
- opening the 2026 rating round over the whole province (bench/rounds.py's run: `open_campaign`, the same rows by
  `INSERT … SELECT`, then the lock and the KPI job), the round removed after.
`--only` runs the measures whose name holds its text; `--load-only` builds and loads, measures nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import prepare, save_figures
from search import ROOT

NATIONAL = 5_600_000  # members in the national registry
HISTORY_YEARS = (2024, 2025)  # the years of ratings written before the measures
QUERIES = 100  # search queries per scope
REGISTER = "7-HSDV"  # the member register's code: every row, not a table of counts


def load_history(months: int) -> dict[str, Any]:
    """The ratings, meetings and ledger, each written once (skipped when its table already holds rows)."""
    from django.db import connection

    import dues_data
    from cell_life import load_meetings
    from dashboard import _bloc, generate_ratings, time_recompute
    from rounds import DAY

    bloc = _bloc()
    stats: dict[str, Any] = {}

    def empty(sql: str, params: list[Any]) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is None

    for year in HISTORY_YEARS:
        if empty("SELECT 1 FROM evaluations_rating WHERE year = %s LIMIT 1", [year]):
            stats[f"ratings_{year}"] = generate_ratings(year)
            stats[f"kpi_{year}"] = time_recompute(year)
    if empty("SELECT 1 FROM meetings_meeting LIMIT 1", []):
        stats["meetings"] = load_meetings(today=DAY, months=months, root_path=bloc.path)
    if empty("SELECT 1 FROM dues_duesmonth LIMIT 1", []):
        stats["ledger"] = dues_data.load_ledger(today=DAY, months=months, bloc=bloc)
    return stats


def sizes() -> dict[str, Any]:
    """The rows and the size on disk (table and indexes) of the largest tables, and the whole database's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE c.relkind = 'r' AND n.nspname = 'public'
                          ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 10""")  # fmt: skip
        tables = {name: {"rows": rows, "bytes": size} for name, rows, size in cursor.fetchall()}
        cursor.execute("SELECT pg_database_size(current_database())")
        total = int(cursor.fetchone()[0])
    return {"tables": tables, "database_bytes": total}


def search_figures() -> dict[str, Any]:
    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for
    from search import make_queries, measure, report

    queries = make_queries(QUERIES, seed=7)
    figures = {}
    for key, username, label in (("grassroots", "coso", "One grassroots organization"),
                                 ("tree", "bantochuc", "Whole tree")):  # fmt: skip
        figures[key] = measure(scope_for(User.objects.get(username=username)), queries)
        report(label, figures[key])
    return figures


def dashboard_figures() -> dict[str, Any]:
    from dashboard import time_dashboard, time_recompute

    year = HISTORY_YEARS[-1]
    recompute = time_recompute(year)
    board = time_dashboard(year, 30)
    print(f"  KPI recompute {year}: {recompute['seconds'][-1]:.1f} s ({recompute['rows']:,} rows); "
          f"dashboard p50 {board['ms']['p50']:.1f} ms, p95 {board['ms']['p95']:.1f} ms", flush=True)  # fmt: skip
    return {"recompute_s": recompute["seconds"], "kpi_rows": recompute["rows"], "dashboard_ms": board["ms"]}


def statform_figures() -> list[dict[str, Any]]:
    from dangbo.accounts.enums import Right
    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for
    from dangbo.organizations.selectors import visible_roots
    from dangbo.statforms.models import StatForm
    from rounds import DAY
    from statforms import floor_measure, form_measure

    unit = visible_roots(scope_for(User.objects.get(username="bantochuc")), right=Right.VIEW_MEMBERS).first()
    rows = []
    for form in StatForm.objects.filter(in_use=True).order_by("position"):
        app, floor = form_measure(form, unit, DAY), floor_measure(form, DAY)
        app_ms, floor_ms = _warm_ms(app), _warm_ms(floor)
        print(f"  {form.code:<12} {app_ms:8.0f} ms   floor {floor_ms:7.0f} ms   {app_ms / floor_ms:5.2f}×", flush=True)
        rows.append({"form": form.code, "app_ms": app_ms, "floor_ms": floor_ms})
    return rows


def _warm_ms(fn: Callable[[], Any]) -> float:
    """Milliseconds of one run of `fn` after one run to warm the caches."""
    fn()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def export_figures() -> dict[str, Any]:
    from bulk_data import account, timed
    from export import copy_once, export_once

    seconds, rows = timed(lambda: export_once(account()))
    floor_seconds, size = timed(copy_once)
    print(f"  export of {rows:,} members {seconds:.1f} s; COPY {size / 1e6:.0f} MB {floor_seconds:.2f} s "
          f"({seconds / floor_seconds:.0f}×)", flush=True)  # fmt: skip
    return {"rows": rows, "app_s": seconds, "floor_s": floor_seconds}


def round_figures() -> dict[str, Any]:
    from rounds import _clear, timed_run

    _clear()
    return timed_run()


MEASURES: dict[str, Callable[[], Any]] = {
    "search": search_figures,
    "dashboard": dashboard_figures,
    "statforms": statform_figures,
    "export": export_figures,
    "round": round_figures,
}


# What the projection reads from each run's figures: (label, unit, path into the saved figures).
SERIES: list[tuple[str, str, Callable[[dict[str, Any]], float]]] = [
    ("search, one grassroots organization, page p95", "ms", lambda f: f["search"]["grassroots"]["page"]["p95"]),
    ("search, one grassroots organization, count p95", "ms", lambda f: f["search"]["grassroots"]["count"]["p95"]),
    ("search, whole tree, page p95", "ms", lambda f: f["search"]["tree"]["page"]["p95"]),
    ("search, whole tree, count p95", "ms", lambda f: f["search"]["tree"]["count"]["p95"]),
    ("KPI recompute, one year", "s", lambda f: f["dashboard"]["recompute_s"][-1]),
    ("KPI dashboard, whole tree, p95", "ms", lambda f: f["dashboard"]["dashboard_ms"]["p95"]),
    (
        "statistical forms, slowest table form",
        "ms",
        lambda f: max(r["app_ms"] for r in f["statforms"] if r["form"] != REGISTER),
    ),
    (
        "statistical forms, slowest table form: its floor",
        "ms",
        lambda f: max(r["floor_ms"] for r in f["statforms"] if r["form"] != REGISTER),
    ),
    (
        "member register 7-HSĐV, every row (a background job)",
        "ms",
        lambda f: next(r["app_ms"] for r in f["statforms"] if r["form"] == REGISTER),
    ),
    ("Excel export of every member", "s", lambda f: f["export"]["app_s"]),
    ("open a rating round", "s", lambda f: f["round"]["open_s"]),
    ("open a rating round: INSERT … SELECT floor", "s", lambda f: f["round"]["floor_s"]),
    ("lock the round and recompute the KPIs", "s", lambda f: f["round"]["lock_and_recompute_s"]),
    ("database size", "GB", lambda f: f["sizes"]["database_bytes"] / 1e9),
]


def project() -> list[dict[str, Any]]:
    """From the saved runs (bench/out/growth-postgresql-*.json): each series at every size, the growth exponent
    between the two largest sizes (cost ∝ members^k; k = 1 is linear, 0 flat), and the cost at 5,600,000 members
    extrapolated with that exponent."""
    runs = {}
    for path in sorted((ROOT / "bench" / "out").glob("growth-postgresql-*.json")):
        figures = json.loads(path.read_text(encoding="utf-8"))
        runs[int(figures["members"])] = figures["measures"]
    if len(runs) < 2:
        raise SystemExit("--project needs the figures of at least two sizes (run the benchmark at each first).")
    members = sorted(runs)
    print(f"{'series':<48} " + " ".join(f"{n:>12,}" for n in members) + f" {'k':>6} {NATIONAL:>12,}")
    rows = []
    for label, unit, read in SERIES:
        values: dict[int, float] = {}
        for n in members:
            try:
                values[n] = float(read(runs[n]))
            except (KeyError, TypeError, ValueError):
                continue
        if len(values) < 2:
            continue
        (small, a), (large, b) = sorted(values.items())[-2:]
        k = math.log(b / a) / math.log(large / small) if a > 0 and b > 0 else float("nan")
        projected = b * (NATIONAL / large) ** k
        cells = " ".join(f"{values[n]:>9.1f} {unit:<2}" if n in values else f"{'—':>12}" for n in members)
        print(f"{label:<48} {cells} {k:>6.2f} {projected:>9.1f} {unit:<2}")
        rows.append({"series": label, "unit": unit, "values": values, "exponent": k, "projected": projected})
    return rows


def main() -> None:
    if "--project" in sys.argv[1:]:
        save_figures("growth-projection.json", {"national": NATIONAL, "series": project()})
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=2_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--history-months", type=int, default=12, help="months of meetings and ledger rows")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--load-only", action="store_true", help="build and load, measure nothing")
    parser.add_argument("--only", default="", help="run only the measures whose name holds this text")
    parser.add_argument("--project", action="store_true", help="fit the saved figures and project them (no run)")
    args, must_build = prepare(parser)
    from rounds import build

    load: dict[str, Any] = {"province": build(args.members)} if must_build else {}
    load.update(load_history(args.history_months))
    if args.load_only:
        return
    figures: dict[str, Any] = {"sizes": sizes()}
    print(f"\nPostgreSQL, {args.members:,} members, database {figures['sizes']['database_bytes'] / 1e9:.1f} GB; "
          f"{os.cpu_count()} cores", flush=True)  # fmt: skip
    for name, run in MEASURES.items():
        if args.only and args.only not in name:
            continue
        print(f"\n{name} (load average {os.getloadavg()[0]:.2f})", flush=True)
        started = time.perf_counter()
        figures[name] = run()
        figures[f"{name}_load"] = [round(x, 2) for x in os.getloadavg()]
        print(f"  ({time.perf_counter() - started:.0f} s in all)", flush=True)
    name = f"growth-postgresql-{args.members}.json"
    saved = ROOT / "bench" / "out" / name
    if args.only and saved.exists():  # the other measures of an earlier run kept
        earlier = json.loads(saved.read_text(encoding="utf-8"))
        figures = {**earlier["measures"], **figures}
        load = {**earlier["load"], **load}
    save_figures(name, {"members": args.members, "history_months": args.history_months, "load": load,
                        "measures": figures})  # fmt: skip


if __name__ == "__main__":
    main()
