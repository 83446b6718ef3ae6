"""What the export and import benchmarks share: the command line, the dedicated database with a province of
`--members` members (written in SQL by `dues_data.build_province`, reused when it already holds that many), the
benchmark's account (the bloc's organization board, `bantochuc`), a timer and the printed figures."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

from dues_data import build_province
from measuring import prepare

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bulk_bench"


def parse(description: str, *, runs: int) -> argparse.Namespace:
    """The arguments, the database made ready (the province written when it must be) and Django set up on it."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000, help="members of the province")
    parser.add_argument("--rows", type=int, default=100_000, help="rows exported or imported")
    parser.add_argument("--database-url", default=os.environ.get("BULK_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the province even at the same size")
    args, must_build = prepare(parser)
    if must_build:
        from django.db import connection
        from django.utils import timezone

        print("Writing the province…", flush=True)
        build_province(args.members, timezone.localdate())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return args


def account() -> Any:
    from dangbo.accounts.models import User

    return User.objects.get(username="bantochuc")


CPU_SECONDS: list[float] = []  # this process's CPU time of each `timed` call (the database server's is not in it)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by `fn` (wall clock) and its result; its CPU seconds in this process go to `CPU_SECONDS`.
    On a shared machine the wall clock grows with the load; the CPU time much less."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    CPU_SECONDS.append(time.process_time() - cpu)
    return time.perf_counter() - started, result


def report(label: str, app: list[float], floor: list[float], *, target: float) -> dict[str, Any]:
    """One line: the application's best and worst run, the floor's best, their ratio and the target's."""
    best, worst, floor_best = min(app), max(app), min(floor)
    ratio = best / floor_best if floor_best else None
    print(f"{label:<40} app {best:7.1f} s (worst {worst:6.1f})  floor {floor_best:6.2f} s  "
          f"app/floor {ratio:6.1f}×  target {target:.0f} s ({'met' if best <= target else 'NOT met'})  "
          f"load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    return {"measure": label, "app_s": app, "floor_s": floor, "target_s": target, "app_over_floor": ratio,
            "load_average": os.getloadavg()[0]}  # fmt: skip
