"""Member search benchmark: accent-insensitive search, 20 rows in Vietnamese order, inside one grassroots
organization's scope and over the whole tree, plus the count query.

    .venv/bin/python bench/search.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench

Builds the demo bloc with the generator into a dedicated database (created if missing, rebuilt when it holds
another size), then times `members.selectors.search_members` over `members_for(scope)` exactly as the member
list does, for ~200 queries typed without accents. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 50.0
TODAY = dt.date(2026, 11, 18)  # ages and seniority do not enter the search; a fixed day keeps runs alike


def _prepare_database(url: str, members: int, *, rebuild: bool) -> bool:
    """Create the dedicated database when missing; drop and recreate it when it holds another size.

    Returns True when the data must be built.
    """
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        return _prepare_other(members, rebuild=rebuild)
    name = cfg["NAME"]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not rebuild:
            count = _member_count(url)
            if count == members:
                print(f"Database {name} already holds {count:,} members: reusing it.")
                return False
            print(f"Database {name} holds {count if count is not None else 'no'} members: rebuilding it.")
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def _prepare_other(members: int, *, rebuild: bool) -> bool:
    from django.core.management import call_command

    django_setup()
    call_command("migrate", verbosity=0)
    from dangbo.members.models import Member

    count = Member.objects.count()
    if count == members and not rebuild:
        return False
    if count:
        raise SystemExit("The database already holds other data: point --database-url at an empty one.")
    return True


def _member_count(url: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM members_member").fetchone()
            return int(row[0]) if row else None
    except psycopg.Error:
        return None


_SETUP_DONE = False


def django_setup() -> None:
    global _SETUP_DONE
    if _SETUP_DONE:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings.base")  # DEBUG off: no query log
    import django

    django.setup()
    _SETUP_DONE = True


def build(members: int, seed: int, per_grassroots: int | None = None, per_cell: int | None = None) -> float:
    """The full demo (the other benchmarks); see `build_registry` for this one's."""
    return _build(members, seed, per_grassroots, per_cell, registry_only=False)


def build_registry(members: int, seed: int) -> float:
    """The tree, the members, the tree's history and the demo accounts: all the search reads."""
    return _build(members, seed, None, None, registry_only=True)


def _build(members: int, seed: int, per_grassroots: int | None, per_cell: int | None, *, registry_only: bool) -> float:
    """Build the demo data (`shape`: the generator's `per_grassroots` / `per_cell`, its own proportions when empty)."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from dangbo.demo.generator import build_demo

    started = time.perf_counter()
    from dangbo.demo.generator import MEMBERS_PER_CELL, MEMBERS_PER_GRASSROOTS

    result = build_demo(
        members=members, seed=seed, ratings=False, progress=lambda m: print(m, flush=True),
        per_grassroots=per_grassroots or MEMBERS_PER_GRASSROOTS, per_cell=per_cell or MEMBERS_PER_CELL,
        registry_only=registry_only,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Built {result.members:,} members in {result.grassroots:,} grassroots organizations in {elapsed:.0f} s.")
    return elapsed


def make_queries(count: int, seed: int) -> list[str]:
    """Queries a person types without accents: given names, family + given, full names, partial words."""
    from dangbo.core.text import normalize_search
    from dangbo.demo import names

    rng = random.Random(seed)

    def pick(items: list[tuple[str, int]]) -> str:
        return normalize_search(rng.choices([i for i, _ in items], [w for _, w in items])[0])

    queries: list[str] = []
    while len(queries) < count:
        female = rng.random() < 0.5
        given = pick(names.GIVEN_NAMES_FEMALE if female else names.GIVEN_NAMES_MALE)
        middle = pick(names.MIDDLE_NAMES_FEMALE if female else names.MIDDLE_NAMES_MALE)
        family = pick(names.FAMILY_NAMES)
        roll = rng.random()
        if roll < 0.25:
            q = given
        elif roll < 0.50:
            q = f"{family} {given}"
        elif roll < 0.70:
            q = f"{family} {middle} {given}"
        elif roll < 0.80:
            q = f"{middle} {given}"
        elif roll < 0.92:
            word = rng.choice([given, family, f"{middle} {given}"])
            q = word[: max(3, len(word) - rng.randint(0, 2))]
        else:
            q = family
        queries.append(q)
    return queries


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1], "n": len(ordered)}


def measure(scope: Any, queries: list[str], *, warmup: int = 10, check: bool = True) -> dict[str, Any]:
    """Time the list's page (its capped count, which picks the plan, then the page's ids and rows) and the
    count alone, through `MemberResults` as the member list uses it; beside each, the raw-SQL floor of the
    same query (PostgreSQL), and whether the rows and count are those of the query before decision 0054."""
    from django.db import connection

    import search_floor
    from dangbo.accounts.enums import Right
    from dangbo.members.search import COUNT_CAP, MemberResults

    raw = connection.vendor == "postgresql"
    path = scope.paths(Right.VIEW_MEMBERS)[0]

    def results(q: str) -> MemberResults:
        return list_results(scope, q)

    for q in queries[:warmup]:
        list(results(q)[0:20])
        results(q).count()
    page_ms: list[tuple[float, str]] = []
    count_ms: list[tuple[float, str]] = []
    floor_page: list[float] = []
    floor_count: list[float] = []
    hits: list[int] = []
    mismatched: list[str] = []
    for q in queries:
        t0 = time.perf_counter()
        ids = [m.pk for m in results(q)[0:20]]
        page_ms.append(((time.perf_counter() - t0) * 1000, q))
        t0 = time.perf_counter()
        hits.append(results(q).count())
        count_ms.append(((time.perf_counter() - t0) * 1000, q))
        if raw:
            floor_page.append(search_floor.floor_page(path, q))
            floor_count.append(search_floor.floor_count(path, q, COUNT_CAP))
        if check and not _same_as_before(scope, path, q, ids, hits[-1], cap=COUNT_CAP):
            mismatched.append(q)
    return {
        "page": percentiles([t for t, _ in page_ms]),
        "count": percentiles([t for t, _ in count_ms]),
        "floor_page": percentiles(floor_page) if raw else None,
        "floor_count": percentiles(floor_count) if raw else None,
        "slowest_page": sorted(page_ms, reverse=True)[:5],
        "slowest_count": sorted(count_ms, reverse=True)[:3],
        "hits_median": statistics.median(hits),
        "capped": sum(1 for h in hits if h > COUNT_CAP),
        "checked": len(queries) if check else 0,
        "mismatched": mismatched,
    }


def list_results(scope: Any, q: str) -> Any:
    """The member list's results for `q` typed in the search box, its other filters left as they open (members
    on the rolls, the whole scope): `members.selectors.member_results`, as the list view calls it."""
    from dangbo.members.selectors import MemberFilters, member_results

    return member_results(scope, MemberFilters(text=q), organization=None, today=TODAY)


def _same_as_before(scope: Any, path: str, q: str, ids: list[int], count: int, *, cap: int) -> bool:
    """The page's ids and capped count against the list's query before decision 0054: every match sorted by
    `sort_key, id`, and the exact count."""
    from django.db import connection

    import search_floor
    from dangbo.members.selectors import MemberFilters, filter_members, members_for

    if connection.vendor == "postgresql":
        before, exact = search_floor.reference_page(path, q), search_floor.reference_count(path, q)
    else:
        qs = filter_members(
            members_for(scope, include_self=False), MemberFilters(text=q), organization=None, today=TODAY
        )
        before, exact = list(qs.order_by("sort_key", "pk").values_list("pk", flat=True)[:20]), qs.count()
    return ids == before and count == min(exact, cap + 1)


def explain(scope: Any, q: str) -> str:
    from django.db import connection

    results = list_results(scope, q)
    if results.index is not None:
        return f"{q!r} reads the name index (members/name_index.py): {results.count()} matches counted"
    qs = results.in_order().values("pk")[:20]
    if connection.vendor != "postgresql":
        return qs.explain()
    return qs.explain(analyze=True, buffers=True)


def _line(name: str, app: dict[str, float], floor: dict[str, float] | None) -> str:
    text = f"  {name:<6} p50 {app['p50']:7.1f} ms  p95 {app['p95']:7.1f} ms  max {app['max']:7.1f} ms"
    text += f"   p95/target {app['p95'] / TARGET_MS:5.2f}×"
    if floor:
        text += f"   raw floor p50 {floor['p50']:6.1f}  p95 {floor['p95']:6.1f} ms"
        text += f"   p95/floor {app['p95'] / floor['p95']:5.1f}×"
    return text


def report(label: str, figures: dict[str, Any]) -> None:
    n = figures["page"]["n"]
    print(f"\n{label}: {n} queries, median {figures['hits_median']:,.0f} matches (counted up to the cap), "
          f"{figures['capped']} above the cap")  # fmt: skip
    print(_line("page", figures["page"], figures["floor_page"]))
    print(_line("count", figures["count"], figures["floor_count"]))
    if figures["checked"]:
        same = figures["checked"] - len(figures["mismatched"])
        print(f"  same rows, order and count as before: {same}/{figures['checked']}"
              + (f"  DIFFERENT: {figures['mismatched'][:10]}" if figures["mismatched"] else ""))  # fmt: skip
    print("  slowest pages: " + ", ".join(f"{q!r} {t:.0f} ms" for t, q in figures["slowest_page"]))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) / {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), required=False)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    parser.add_argument(
        "--no-check", action="store_true", help="skip comparing rows and counts with the query before (first run)"
    )
    parser.add_argument("--runs", type=int, default=1, help="timed runs (each reported with the load average)")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url is required (a dedicated database: it is dropped and rebuilt)")
    os.environ["DATABASE_URL"] = args.database_url

    must_build = _prepare_database(args.database_url, args.members, rebuild=args.rebuild)
    django_setup()
    build_seconds = build_registry(args.members, args.seed) if must_build else None

    from django.db import connection

    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for

    grassroots_scope = scope_for(User.objects.get(username="coso"))
    tree_scope = scope_for(User.objects.get(username="bantochuc"))
    queries = make_queries(args.queries, seed=7)
    print(f"\n{connection.vendor}, {args.members:,} members, {len(queries)} queries typed without accents")
    runs: list[dict[str, Any]] = []
    for run in range(1, args.runs + 1):
        print(f"\nRun {run}/{args.runs}, {load()} at the start")
        results: dict[str, Any] = {
            "grassroots": measure(grassroots_scope, queries, check=run == 1 and not args.no_check),
            "tree": measure(tree_scope, queries, check=run == 1 and not args.no_check),
            "load_start": os.getloadavg(),
        }
        report("One grassroots organization (coso's scope)", results["grassroots"])
        report("Whole tree (bantochuc's scope)", results["tree"])
        print(f"  {load()} at the end")
        results["load_end"] = os.getloadavg()
        runs.append(results)
    if args.explain:
        for key, scope in (("grassroots", grassroots_scope), ("tree", tree_scope)):
            q = results[key]["slowest_page"][0][1]
            print(f"\nEXPLAIN ANALYZE, {key}, {q!r}:\n{explain(scope, q)}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"search-{connection.vendor}-{args.members}.json"
    path.write_text(
        json.dumps({"members": args.members, "build_seconds": build_seconds, "runs": runs}, indent=2),
        encoding="utf-8",
    )
    print(f"\nFigures saved to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
