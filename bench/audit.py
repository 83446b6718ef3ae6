"""The audit log's chain at scale: sealing, verifying and archiving a year of `--entries` entries.

    .venv/bin/python bench/audit.py --entries 200000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_audit

The database named in the URL is dedicated to the benchmark: it is dropped and created again on each run, then
migrated. The entries are written unsealed by one SQL statement (as `log_action` writes them: actions, scope
paths, before/after values and request data of a usual size), spread over two closed years and this one.
Printed, and saved to `bench/out/audit.json`: the seconds and entries per second of `seal()`, `verify()` over
the whole chain, `archive_year()` of the first year, and `verify()` again across archive and live log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

from search import ROOT, django_setup

FILL = """
INSERT INTO core_auditentry (at, action, object_type, object_id, object_repr, scope_path, before, after, data,
                             ip_address)
SELECT %(start)s::timestamptz + (i * %(step)s) * interval '1 second',
       (ARRAY['members.member.changed', 'members.member.viewed', 'meetings.meeting.created',
              'core.access.denied'])[1 + i %% 4],
       'member', (i %% 100000)::text, 'Nguyễn Văn ' || (i %% 997)::text,
       '.1.' || (i %% 50)::text || '.' || (i %% 700)::text || '.',
       jsonb_build_object('status', 'official', 'organization_id', i %% 700, 'phone', '0912' || (i %% 1000000)::text),
       jsonb_build_object('status', 'transferred_out', 'organization_id', i %% 701, 'on', '2025-03-01'),
       jsonb_build_object('path', '/dang-vien/' || (i %% 100000)::text || '/'),
       ('10.0.' || (i %% 250)::text || '.' || (i %% 200)::text)::inet
FROM generate_series(1, %(entries)s) AS i
"""


def _recreate(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _timed(label: str, fn: Any) -> dict[str, Any]:
    """`fn` timed; its result, when a number of entries, gives the rate."""
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    counted = result if isinstance(result, int) and not isinstance(result, bool) else 0
    rate = counted / seconds if seconds else 0.0
    print(f"{label:<34} {seconds:8.1f} s {rate:12,.0f} entries/s   ({result})", flush=True)
    return {"seconds": round(seconds, 2), "entries_per_second": round(rate), "result": str(result)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--database-url", required=True, help="a dedicated PostgreSQL database (dropped first)")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must name a dedicated PostgreSQL database")
    os.environ["DATABASE_URL"] = args.database_url
    _recreate(args.database_url)
    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from dangbo.core.audit_archive import archive_year
    from dangbo.core.audit_chain import seal, verify

    today = timezone.localdate()
    first = today.year - 2
    span = (timezone.now() - timezone.make_aware(dt.datetime(first, 1, 1))).total_seconds()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        params = {"start": f"{first}-01-01T00:00:00+07:00", "step": span / (args.entries + 1), "entries": args.entries}
        cursor.execute(FILL, params)
        cursor.execute("VACUUM ANALYZE core_auditentry")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('core_auditentry'))")
        size = cursor.fetchone()[0]
    print(f"{args.entries:,} unsealed entries written in {time.perf_counter() - started:.1f} s ({size})", flush=True)
    load = os.getloadavg()
    figures: dict[str, Any] = {"entries": args.entries, "table": size, "load_before": [round(x, 2) for x in load]}
    figures["seal"] = _timed("seal (batches of 5,000)", seal)
    figures["verify"] = _timed("verify (whole chain)", lambda: verify().checked)
    figures["archive"] = _timed(f"archive_year({first})", lambda: archive_year(year=first, today=today))
    figures["verify_across"] = _timed("verify (archive + live)", lambda: verify().checked)
    figures["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average before {load[0]:.2f}, after {figures['load_after'][0]:.2f}")
    out = Path(ROOT, "bench", "out")
    out.mkdir(exist_ok=True)
    (out / "audit.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
