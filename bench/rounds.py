"""Rating round benchmark: opening a round over the whole province (`evaluations.services.open_campaign`), then
locking it (`evaluations.locking.lock_campaign`) and recomputing the year's KPI values (the job the lock starts,
`planning.kpi.recompute_year`), on PostgreSQL (issue 13: opening ≤ 60 s, lock and recompute ≤ 30 s).

The data: the province of `dues_data.build_province` (members in cells of 100 with their dated status and cell
history: ~3% probationary, 1% exempt, some transferred out), plus a suspension in force on the reference date for
one full member in 1,000 and an exemption record for one in 500, so that every rule of "not rated" is met.

Each run opens the round (timed), then copies its rating rows into the same table with a plain `INSERT … SELECT`
(the raw floor, timed; those rows removed at once), then locks it and runs the KPI job (timed), then removes the
round (not timed) so that the next run starts from the same state.

    .venv/bin/python bench/rounds.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_rounds

The database is dedicated (created when missing, reused when it holds exactly `--members` members, rebuilt
otherwise, as bench/search.py does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dues_data import build_province
from measuring import prepare, save_figures

OPEN_TARGET_S = 60.0  # opening a round over 1,000,000 members (issue 13)
LOCK_TARGET_S = 30.0  # locking it and recomputing the year's KPI values
DAY = dt.date(2026, 11, 18)  # the day the data is built for
YEAR = 2026


COLUMNS = (
    "created_at, updated_at, version, campaign_id, year, subject_kind, member_id, organization_id, unit_id, "
    "unit_path, grassroots_id, org_type, step, not_rated, self_level, score, score_sheet, self_review, review_level, "
    "proposed_level, decided_level, final_level, reasons, override_reason"
)
# The raw floor: the round's rows again, as they are, into the same table (another year: the unique constraints).
FLOOR_SQL = f"""INSERT INTO evaluations_rating ({COLUMNS})
    SELECT {COLUMNS.replace("year,", "year + 100,")} FROM evaluations_rating WHERE campaign_id = %s"""


def build(members: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from dangbo.members.models import Member
    from dangbo.movements.enums import MovementKind, MovementState
    from dangbo.movements.models import Movement

    load = build_province(members, DAY)
    started = time.perf_counter()
    full = Member.objects.filter(status="full").order_by("pk").values_list("pk", "organization_id")
    records = [
        Movement(member_id=pk, kind=MovementKind.SUSPENSION, state=MovementState.DONE, start=dt.date(2026, 10, 1),
                 planned_end=dt.date(2027, 3, 31), decision_number=f"{pk}-QĐ/ĐU", decision_date=dt.date(2026, 9, 25),
                 from_organization_id=org_id)
        if pk % 1000 == 7 else
        Movement(member_id=pk, kind=MovementKind.EXEMPTION, state=MovementState.DONE, start=dt.date(2026, 6, 1),
                 decision_number=f"{pk}-QĐ/ĐU", decision_date=dt.date(2026, 5, 20), from_organization_id=org_id)
        for pk, org_id in full.iterator(chunk_size=10_000) if pk % 500 == 7 or pk % 1000 == 11
    ]  # fmt: skip
    with transaction.atomic():
        Movement.objects.bulk_create(records, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    load["records_seconds"] = round(time.perf_counter() - started, 1)
    return load


def _clear() -> None:
    """No round of the year: the ratings and the campaign of a previous run removed, the table vacuumed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_rating WHERE year IN (%s, %s)", [YEAR, YEAR + 100])
        cursor.execute("DELETE FROM evaluations_ratingcampaign WHERE year = %s", [YEAR])
        cursor.execute("VACUUM ANALYZE evaluations_rating")


def timed_run() -> dict[str, Any]:
    from django.db import connection, transaction

    from dangbo.accounts.models import User
    from dangbo.core.jobs import execute_job
    from dangbo.core.models import BackgroundJob
    from dangbo.evaluations.locking import lock_campaign
    from dangbo.evaluations.services import open_campaign
    from dangbo.organizations.models import Organization

    actor = User.objects.get(username="bantochuc")
    bloc = Organization.objects.get(pk=1)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    campaign = open_campaign(actor=actor, organization=bloc, year=YEAR)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [campaign.pk])
        rows = cursor.rowcount
    floor = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_rating WHERE year = %s", [YEAR + 100])
        cursor.execute("VACUUM ANALYZE evaluations_rating")
    started = time.perf_counter()
    lock_campaign(actor=actor, campaign=campaign, expected_version=campaign.version)
    locked = time.perf_counter() - started
    job = BackgroundJob.objects.filter(kind="planning.kpi.recompute").order_by("-pk").first()
    assert job is not None, "the lock starts the KPI recompute"
    if job.state == BackgroundJob.State.QUEUED:  # the database backend: nobody runs the worker here
        execute_job(job.pk)
    job.refresh_from_db()
    recomputed = time.perf_counter() - started
    figures = {"open_s": round(opened, 1), "floor_s": round(floor, 1), "ratio_to_floor": round(opened / floor, 2),
               "rows": rows, "lock_s": round(locked, 1), "lock_and_recompute_s": round(recomputed, 1),
               "job": job.state, "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}  # fmt: skip
    print(f"  open {opened:6.1f} s  floor {floor:5.1f} s  ({opened / floor:.2f}× the floor, {rows:,} rows)  "
          f"lock {locked:4.1f} s  lock + KPI {recomputed:5.1f} s ({job.state})  "
          f"load {load:.2f} → {figures['load_after']:.2f}", flush=True)  # fmt: skip
    _clear()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--load-only", action="store_true", help="build, measure nothing")
    parser.add_argument("--runs", type=int, default=2, help="rounds opened, each removed after its measure")
    args, must_build = prepare(parser)
    from django.db import connection

    load = build(args.members) if must_build else None
    if args.load_only:
        return
    _clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        members = int(cursor.fetchone()[0])
    print(f"\nPostgreSQL, {members:,} members; round {YEAR}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}; targets: open {OPEN_TARGET_S:.0f} s, "
          f"lock + KPI {LOCK_TARGET_S:.0f} s\n")  # fmt: skip
    runs = [timed_run() for _ in range(args.runs)]
    worst_open = max(r["open_s"] for r in runs)
    worst_lock = max(r["lock_and_recompute_s"] for r in runs)
    print(f"\nworst open {worst_open:.1f} s = {worst_open / OPEN_TARGET_S:.2f} × the target; "
          f"worst lock + KPI {worst_lock:.1f} s = {worst_lock / LOCK_TARGET_S:.2f} × the target")  # fmt: skip
    save_figures(f"rounds-postgresql-{args.members}.json",
                 {"members": members, "year": YEAR, "load": load, "runs": runs,
                  "targets_s": {"open": OPEN_TARGET_S, "lock_and_recompute": LOCK_TARGET_S}})  # fmt: skip


if __name__ == "__main__":
    main()
