"""What the province benchmarks share: the dedicated PostgreSQL database made ready from the command line, one
measure timed (warm-up, its SQL queries counted, percentiles of `--runs` runs), the table of measures each beside
its raw-SQL floor, and the figures saved to `bench/out/`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from typing import Any

from search import ROOT, _prepare_database, django_setup, percentiles

# (label, target ms, the application's call, its raw-SQL floor, runs divisor); a call or a floor not there: None.
Measure = tuple[str, float, Callable[[], Any] | None, Callable[[], Any] | None, int]


def prepare(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, bool]:
    """The arguments parsed, the database named by `--database-url` made ready for `--members` members (True:
    it must be built) and Django set up on it, migrated."""
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must name a dedicated PostgreSQL database")
    os.environ["DATABASE_URL"] = args.database_url
    must_build = _prepare_database(args.database_url, args.members, rebuild=args.rebuild)
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return args, must_build


def measure(fn: Callable[[], Any], *, runs: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as captured:
        fn()
    queries = len(captured.captured_queries)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return {"ms": percentiles(samples), "queries": queries}


def number(value: Any, kind: str = "ms") -> str:
    if value is None:
        return "—"
    return {"ms": f"{value:.1f}", "x": f"{value:.2f}×", "n": f"{value}"}[kind]


def run_measures(
    measures: list[Measure], *, runs: int, only: str = "", label_width: int, width: int
) -> list[dict[str, Any]]:
    """Each measure (those whose label holds `only`) timed with its floor, a row printed as it ends; the rows."""
    print(f"{'measure':<{label_width}} {'p50':>{width}} {'p95':>{width}} {'max':>{width}} {'target':>7} "
          f"{'p95/t':>6} {'floor p95':>9} {'app/floor':>9} {'queries':>7}")  # fmt: skip
    rows = []
    for label, target, fn, floor, divisor in measures:
        if only and only not in label:
            continue
        count = max(runs // divisor, 3)
        warmup = 1 if divisor > 1 else 3
        figures: dict[str, Any] = {"ms": None, "queries": None}
        if fn is not None:
            figures = measure(fn, runs=count, warmup=warmup)
        floor_figures = measure(floor, runs=count, warmup=warmup) if floor is not None else None
        ms, fl = figures["ms"], (floor_figures or {}).get("ms")
        ratio = ms["p95"] / target if ms else None
        vs_floor = ms["p95"] / fl["p95"] if ms and fl and fl["p95"] else None
        shown = [number(ms and ms[k]) for k in ("p50", "p95", "max")]
        print(f"{label:<{label_width}} {shown[0]:>{width}} {shown[1]:>{width}} {shown[2]:>{width}} {target:>7.0f} "
              f"{number(ratio, 'x'):>6} {number(fl and fl['p95']):>9} {number(vs_floor, 'x'):>9} "
              f"{number(figures['queries'], 'n'):>7}", flush=True)  # fmt: skip
        rows.append({"measure": label, "target_ms": target, "runs": count, **figures, "floor": floor_figures,
                     "p95_over_target": ratio, "p95_over_floor": vs_floor})  # fmt: skip
    return rows


def save_figures(name: str, figures: dict[str, Any]) -> None:
    """The load average after, and the figures written to `bench/out/<name>`."""
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    print(f"Figures saved to {path.relative_to(ROOT)}")
