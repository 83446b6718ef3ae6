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

TARGET_MS = 50.0
# Raw-SQL floor at 1,000,000 members on this kind of machine (shared perf notes): p50, p95 in ms.
FLOOR_MS = {"grassroots": (0.8, 1.2), "tree": (40.0, 63.0), "count": (60.0, 60.0)}


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


def measure(scope: Any, queries: list[str], *, warmup: int = 10) -> dict[str, Any]:
    from dangbo.members.selectors import in_vietnamese_order, members_for, search_members

    def page(q: str) -> list[Any]:
        return list(in_vietnamese_order(search_members(members_for(scope, include_self=False), q))[:20])

    def count(q: str) -> int:
        return search_members(members_for(scope, include_self=False), q).count()

    for q in queries[:warmup]:
        page(q)
        count(q)
    page_ms: list[tuple[float, str]] = []
    count_ms: list[tuple[float, str]] = []
    hits: list[int] = []
    for q in queries:
        t0 = time.perf_counter()
        page(q)
        page_ms.append(((time.perf_counter() - t0) * 1000, q))
        t0 = time.perf_counter()
        hits.append(count(q))
        count_ms.append(((time.perf_counter() - t0) * 1000, q))
    return {
        "page": percentiles([t for t, _ in page_ms]),
        "count": percentiles([t for t, _ in count_ms]),
        "slowest_page": sorted(page_ms, reverse=True)[:5],
        "slowest_count": sorted(count_ms, reverse=True)[:3],
        "hits_median": statistics.median(hits),
        "hits_max": max(hits),
    }


PROPOSED_SQL = """
SELECT id FROM (
    SELECT m.id, m.sort_key FROM members_member m
    WHERE m.organization_id IN (SELECT o.id FROM organizations_organization o WHERE o.path LIKE %s)
      AND (m.search_name LIKE %s OR m.search_name LIKE %s)
    OFFSET 0
) AS found
ORDER BY sort_key LIMIT 20
"""
PROPOSED_COUNT_SQL = """
SELECT count(*) FROM members_member m
WHERE m.organization_id IN (SELECT o.id FROM organizations_organization o WHERE o.path LIKE %s)
  AND (m.search_name LIKE %s OR m.search_name LIKE %s)
"""


def measure_proposed(path: str, queries: list[str], *, warmup: int = 10) -> dict[str, Any]:
    """The query shape these figures argue for (PostgreSQL): scope as an id subquery on the organization path,
    words matched by prefix (both served by the trigram index, two-letter words too), and the search fenced
    (OFFSET 0) so that it runs before the top-20 sort instead of walking the sort-key index."""
    from django.db import connection

    def run(sql: str, q: str) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, [path + "%", q + "%", "% " + q + "%"])
            return cursor.fetchall()

    for q in queries[:warmup]:
        run(PROPOSED_SQL, q)
    page_ms: list[tuple[float, str]] = []
    count_ms: list[tuple[float, str]] = []
    hits: list[int] = []
    for q in queries:
        t0 = time.perf_counter()
        run(PROPOSED_SQL, q)
        page_ms.append(((time.perf_counter() - t0) * 1000, q))
        t0 = time.perf_counter()
        hits.append(run(PROPOSED_COUNT_SQL, q)[0][0])
        count_ms.append(((time.perf_counter() - t0) * 1000, q))
    return {
        "page": percentiles([t for t, _ in page_ms]),
        "count": percentiles([t for t, _ in count_ms]),
        "slowest_page": sorted(page_ms, reverse=True)[:5],
        "slowest_count": sorted(count_ms, reverse=True)[:3],
        "hits_median": statistics.median(hits),
        "hits_max": max(hits),
    }


def explain(scope: Any, q: str) -> str:
    from django.db import connection

    from dangbo.members.selectors import in_vietnamese_order, members_for, search_members

    qs = in_vietnamese_order(search_members(members_for(scope, include_self=False), q))[:20]
    if connection.vendor != "postgresql":
        return qs.explain()
    return qs.explain(analyze=True, buffers=True)


def report(label: str, floor_key: str, figures: dict[str, Any]) -> None:
    page = figures["page"]
    count = figures["count"]
    floor50, floor95 = FLOOR_MS[floor_key]
    c50, c95 = FLOOR_MS["count"]
    print(f"\n{label}: {page['n']} queries, median {figures['hits_median']:,.0f} matches (max {figures['hits_max']:,})")
    print(
        f"  20 rows  p50 {page['p50']:7.1f} ms  p95 {page['p95']:7.1f} ms  max {page['max']:7.1f} ms   "
        f"p95/target {page['p95'] / TARGET_MS:5.2f}×   p50/floor {page['p50'] / floor50:5.1f}×  "
        f"p95/floor {page['p95'] / floor95:5.1f}×"
    )
    print(
        f"  count    p50 {count['p50']:7.1f} ms  p95 {count['p95']:7.1f} ms  max {count['max']:7.1f} ms   "
        f"p95/target {count['p95'] / TARGET_MS:5.2f}×   p50/floor {count['p50'] / c50:5.1f}×  "
        f"p95/floor {count['p95'] / c95:5.1f}×"
    )
    print("  slowest pages: " + ", ".join(f"{q!r} {t:.0f} ms" for t, q in figures["slowest_page"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), required=False)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    parser.add_argument(
        "--proposed", action="store_true", help="also time the proposed query shape in raw SQL (PostgreSQL only)"
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url is required (a dedicated database: it is dropped and rebuilt)")
    os.environ["DATABASE_URL"] = args.database_url

    must_build = _prepare_database(args.database_url, args.members, rebuild=args.rebuild)
    django_setup()
    build_seconds = build(args.members, args.seed) if must_build else None

    from django.db import connection

    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for

    grassroots_scope = scope_for(User.objects.get(username="coso"))
    tree_scope = scope_for(User.objects.get(username="bantochuc"))
    queries = make_queries(args.queries, seed=7)
    print(f"\n{connection.vendor}, {args.members:,} members, {len(queries)} queries typed without accents")
    results = {
        "grassroots": measure(grassroots_scope, queries),
        "tree": measure(tree_scope, queries),
    }
    report("One grassroots organization (coso's scope)", "grassroots", results["grassroots"])
    report("Whole tree (bantochuc's scope)", "tree", results["tree"])
    if args.proposed and connection.vendor == "postgresql":
        for key, scope, label in (
            ("grassroots", grassroots_scope, "One grassroots organization"),
            ("tree", tree_scope, "Whole tree"),
        ):
            from dangbo.accounts.enums import Right

            org_path = scope.paths(Right.VIEW_MEMBERS)[0]
            results[f"proposed_{key}"] = measure_proposed(org_path, queries)
            report(f"{label}, proposed shape (word prefix, fenced search, id subquery)", key,
                   results[f"proposed_{key}"])  # fmt: skip
    if args.explain:
        for key, scope in (("grassroots", grassroots_scope), ("tree", tree_scope)):
            q = results[key]["slowest_page"][0][1]
            print(f"\nEXPLAIN ANALYZE, {key}, {q!r}:\n{explain(scope, q)}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"search-{connection.vendor}-{args.members}.json"
    path.write_text(
        json.dumps({"members": args.members, "build_seconds": build_seconds, "results": results}, indent=2),
        encoding="utf-8",
    )
    print(f"\nFigures saved to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
