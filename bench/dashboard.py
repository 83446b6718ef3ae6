"""Dashboard benchmark: a year of ratings over the demo bloc, the KPI roll-up and the whole-tree dashboard.

    .venv/bin/python bench/dashboard.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench

Reuses bench/search.py's database setup and the demo generator (a database already built for the same
number of members is reused; `--reuse-ratings` also keeps the year's ratings already written). Then, in bulk
SQL, writes one rating per member on the rolls for `--year` with the snapshot fields (cell, grassroots
organization, sector; ~90% good or better, a few units below target),
one rating per grassroots organization and "model cell" designations for ~22% of cells; times
`planning.kpi.recompute_year` over the bloc (target ≤ 30 s) and `planning.selectors.dashboard_for` for the
bloc's organization board over the whole tree (p50/p95 of `--runs`, target p95 ≤ 200 ms).

For the current year (`--year` this year) the dashboard also shows the cell-life figures as they stand: it is
timed twice, with them counted on the spot (no stored figures) and read from the stored ones
(`planning.kpi.refresh_cell_life`, timed too), and the two must show the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import ROOT, _prepare_database, build, django_setup, percentiles

RECOMPUTE_TARGET_S = 30.0
DASHBOARD_TARGET_MS = 200.0

# Levels from a per-member hash, shifted per grassroots organization so that some fall below target.
MEMBER_RATINGS_SQL = """
INSERT INTO evaluations_rating (created_at, updated_at, version, campaign_id, year, subject_kind, member_id,
    organization_id, unit_id, unit_path, grassroots_id, org_type, step, not_rated, self_level, score, score_sheet,
    review_level, proposed_level, decided_level, final_level, reasons, override_reason, self_review)
SELECT now(), now(), 1, %(campaign)s, %(year)s, 'member', m.id, NULL, o.id, o.path, g.id, g.org_type, 'verified',
    false, '', NULL, '{}', '', '', '',
    CASE WHEN h < 150 THEN 'excellent' WHEN h < 870 + shift THEN 'good'
         WHEN h < 985 THEN 'fulfilled' ELSE 'unfulfilled' END,
    '[]', '', ''
FROM (
    SELECT m.id, m.organization_id,
           (m.id * 7919) %% 1000 AS h
    FROM members_member m WHERE m.status IN ('probationary', 'full', 'abroad', 'temp_transferred_out')
) m
JOIN organizations_organization o ON o.id = m.organization_id
LEFT JOIN organizations_organization p ON p.id = o.parent_id
JOIN organizations_organization g ON g.id = CASE
    WHEN o.kind = 'grassroots_cell' THEN o.id
    WHEN p.kind = 'grassroots_committee' THEN p.id
    ELSE p.parent_id END
CROSS JOIN LATERAL (SELECT CASE WHEN (g.id * 31) %% 10 = 0 THEN -60 ELSE 50 END AS shift) s
WHERE o.path LIKE %(root)s
"""

GRASSROOTS_RATINGS_SQL = """
INSERT INTO evaluations_rating (created_at, updated_at, version, campaign_id, year, subject_kind, member_id,
    organization_id, unit_id, unit_path, grassroots_id, org_type, step, not_rated, self_level, score, score_sheet,
    review_level, proposed_level, decided_level, final_level, reasons, override_reason, self_review)
SELECT now(), now(), 1, %(campaign)s, %(year)s, 'grassroots', NULL, g.id, g.id, g.path, g.id, g.org_type,
    'verified', false, '', NULL, '{}', '', '', '',
    CASE WHEN (g.id * 13) %% 100 < 8 THEN 'fulfilled' WHEN (g.id * 13) %% 100 < 30 THEN 'excellent'
         ELSE 'good' END,
    '[]', '', ''
FROM organizations_organization g
WHERE g.path LIKE %(root)s AND g.kind IN ('grassroots_committee', 'grassroots_cell') AND g.dissolved_on IS NULL
"""

DESIGNATIONS_SQL = """
INSERT INTO evaluations_designation (created_at, updated_at, version, year, organization_id, kind, checklist_id,
    checked_items, evidence, note, unit_path, grassroots_id, org_type)
SELECT DISTINCT ON (r.unit_id) now(), now(), 1, %(year)s, r.unit_id, 'model_cell', %(checklist)s, '[]', '', '',
    r.unit_path, r.grassroots_id, r.org_type
FROM evaluations_rating r
WHERE r.year = %(year)s AND r.subject_kind = 'member' AND (r.unit_id * 37) %% 100 < 22
ORDER BY r.unit_id
"""


def _bloc() -> Any:
    """The demo bloc: the organization board account's top organization."""
    from dangbo.accounts.models import Role

    return Role.objects.select_related("organization").get(user__username="bantochuc").organization


def generate_ratings(year: int) -> dict[str, Any]:
    """One year of ratings and designations over the bloc, written with INSERT … SELECT (PostgreSQL)."""
    import datetime as dt

    from django.db import connection, transaction

    from dangbo.evaluations.models import Designation, DesignationChecklist, Rating, RatingCampaign, RuleSet

    bloc = _bloc()
    started = time.perf_counter()
    with transaction.atomic():
        Designation.objects.filter(year=year).delete()
        Rating.objects.filter(year=year)._raw_delete(Rating.objects.db)  # bench data only
        day = dt.date(year, 12, 31)
        campaign, _ = RatingCampaign.objects.get_or_create(
            year=year, organization=bloc,
            defaults={"rule_set": RuleSet.objects.order_by("effective_from").last(), "reference_date": day,
                      "self_assessment_due": day, "review_due": day, "proposal_due": day, "decision_due": day,
                      "verification_due": day, "state": "locked"},
        )  # fmt: skip
        checklist, _ = DesignationChecklist.objects.get_or_create(
            organization=bloc, kind="model_cell", year_from=year, defaults={"items": []}
        )
        params = {"campaign": campaign.pk, "year": year, "root": bloc.path + "%", "checklist": checklist.pk}
        with connection.cursor() as cursor:
            cursor.execute(MEMBER_RATINGS_SQL, params)
            members = cursor.rowcount
            cursor.execute(GRASSROOTS_RATINGS_SQL, params)
            grassroots = cursor.rowcount
            cursor.execute(DESIGNATIONS_SQL, params)
            designations = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE evaluations_rating")
        cursor.execute("VACUUM ANALYZE evaluations_designation")
    seconds = time.perf_counter() - started
    print(f"Ratings {year}: {members:,} members, {grassroots:,} grassroots organizations, "
          f"{designations:,} model cells in {seconds:.1f} s")  # fmt: skip
    return {"members": members, "grassroots": grassroots, "designations": designations, "seconds": seconds}


def time_recompute(year: int) -> dict[str, Any]:
    from django.db import connection

    from dangbo.planning.kpi import recompute_year

    bloc = _bloc()
    runs = []
    for _ in range(2):  # the first run may write to a cold table
        started = time.perf_counter()
        result = recompute_year(year=year, organization=bloc)
        runs.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE planning_kpivalue")
    return {"seconds": runs, "rows": result.rows, "grassroots": result.grassroots}


def time_dashboard(year: int, runs: int) -> dict[str, Any]:
    from dangbo.accounts.models import User
    from dangbo.accounts.scope import scope_for
    from dangbo.planning.selectors import dashboard_for

    scope = scope_for(User.objects.get(username="bantochuc"))

    def once() -> Any:
        board = dashboard_for(scope, year=year)
        # Touch what the page renders, so lazy work is timed too.
        return [f.status for r in board.roots for f in r.ordered()], [b.figure.reason() for b in board.below]

    for _ in range(5):
        board_sample = once()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        once()
        samples.append((time.perf_counter() - started) * 1000)
    board = dashboard_for(scope, year=year)
    root = board.roots[0]
    summary = {str(f.metric): f"{f.value_text} ({f.status})" for f in [*root.ordered(), *root.cell_life()]}
    return {"ms": percentiles(samples), "summary": summary, "below_total": board.below_total,
            "units_total": board.units_total, "statuses": [str(s) for s in board_sample[0]]}  # fmt: skip


def current_year_cell_life(year: int, runs: int) -> dict[str, Any] | None:
    """In the current year: the dashboard timed with the cell-life figures counted on the spot (stored ones
    removed), then the stored figures written (`refresh_cell_life`, timed) for the next timing to read; the
    figures shown both ways must agree."""
    from django.utils import timezone

    from dangbo.planning.kpi import refresh_cell_life
    from dangbo.planning.models import CellLifeFigure

    if year != timezone.localdate().year:
        return None
    CellLifeFigure.objects.filter(year=year)._raw_delete(CellLifeFigure.objects.db)  # bench data only
    counted = time_dashboard(year, runs)
    started = time.perf_counter()
    refresh_cell_life(year=year, organization=_bloc())
    seconds = time.perf_counter() - started
    stored = time_dashboard(year, 3)
    if stored["summary"] != counted["summary"]:
        raise SystemExit(f"Stored figures differ from the counted ones: {stored['summary']} / {counted['summary']}")
    return {"counted": counted, "refresh_seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the members even at the same size")
    parser.add_argument("--reuse-ratings", action="store_true",
                        help="keep the year's ratings already in the database (skip writing them again)")  # fmt: skip
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must name a dedicated PostgreSQL database (ratings are written in bulk SQL)")
    os.environ["DATABASE_URL"] = args.database_url

    must_build = _prepare_database(args.database_url, args.members, rebuild=args.rebuild)
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database built before the planning migrations gets them now
    build_seconds = build(args.members, args.seed) if must_build else None
    if args.reuse_ratings and not must_build:
        ratings = {"reused": True}
    else:
        ratings = generate_ratings(args.year)
    recompute = time_recompute(args.year)
    cell_life = current_year_cell_life(args.year, args.runs)
    dashboard = time_dashboard(args.year, args.runs)

    best = min(recompute["seconds"])
    ms = dashboard["ms"]
    print(f"\nPostgreSQL, {args.members:,} members, year {args.year}")
    print(f"  recompute_year (whole bloc): {', '.join(f'{s:.2f} s' for s in recompute['seconds'])}; "
          f"{recompute['rows']:,} KPI rows, {recompute['grassroots']:,} grassroots organizations; "
          f"best/target {best / RECOMPUTE_TARGET_S:.3f}×")  # fmt: skip
    print(f"  dashboard_for (whole tree, {ms['n']} runs): p50 {ms['p50']:.1f} ms  p95 {ms['p95']:.1f} ms  "
          f"max {ms['max']:.1f} ms  p95/target {ms['p95'] / DASHBOARD_TARGET_MS:.3f}×")  # fmt: skip
    print(f"  bloc figures: {dashboard['summary']}")
    if cell_life:
        counted, stored = cell_life["counted"]["ms"], dashboard["ms"]
        print(f"  current year: dashboard_for with the cell-life figures counted on the spot p50 "
              f"{counted['p50']:.1f} ms  p95 {counted['p95']:.1f} ms; stored (above) p50 {stored['p50']:.1f} ms  "
              f"p95 {stored['p95']:.1f} ms; refresh_cell_life {cell_life['refresh_seconds']:.2f} s")  # fmt: skip
    print(f"  grassroots organizations: {dashboard['units_total']:,}; "
          f"below target (rows): {dashboard['below_total']:,}")  # fmt: skip
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"dashboard-postgresql-{args.members}.json"
    path.write_text(json.dumps({"members": args.members, "build_seconds": build_seconds, "ratings": ratings,
                                "recompute": recompute, "dashboard": dashboard, "cell_life": cell_life}, indent=2,
                               default=str),
                    encoding="utf-8")  # fmt: skip
    print(f"\nFigures saved to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
