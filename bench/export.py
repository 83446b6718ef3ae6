"""Member export benchmark: the Excel export of a province's members through the application's own path (the
`members.export` job handler, `members.exports.run_member_export`: the owner's scope, the list in Vietnamese order,
the workbook written and stored, the audit entry), beside its raw floor in the same run (`COPY` out of the same rows
in the same order), and the ratio of the two. Target (issue 13): 100,000 members in ≤ 15 s.

    .venv/bin/python bench/export.py --members 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bulk_bench

The database is dedicated (see bench/bulk_data.py); the export covers the whole province (`--rows` is not used:
the account's scope is the whole tree).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk_data import CPU_SECONDS, account, parse, report, timed
from measuring import save_figures

TARGET_S = 15.0

# The floor: the same members and columns in the same order, with their cells' names, out through COPY.
FLOOR_SQL = """COPY (
    SELECT m.family_name, m.middle_name, m.given_name, m.gender, m.birth_date, m.ethnicity, m.religion, m.home_town,
           m.residence, m.citizen_id, m.card_number, m.record_number, m.admission_decision_date, m.ceremony_date,
           m.full_membership_date, m.status, m.education, m.profession, m.political_theory_level, m.position,
           m.workplace, m.phone, m.email, o.name
    FROM members_member m JOIN organizations_organization o ON o.id = m.organization_id
    ORDER BY m.sort_key, m.id) TO STDOUT"""


def export_once(owner: Any) -> int:
    from dangbo.core.jobs import JobProgress
    from dangbo.core.models import BackgroundJob
    from dangbo.members.exports import JOB_KIND, run_member_export
    from dangbo.members.selectors import MemberFilters

    job = BackgroundJob.objects.create(kind=JOB_KIND, owner=owner, params={"filters": MemberFilters().as_params()})
    result = run_member_export(job, JobProgress(job))
    job.output_file.delete(save=False)
    return int(result["rows"])


def copy_once() -> int:
    from django.db import connection

    size = 0
    with connection.cursor() as cursor, cursor.cursor.copy(FLOOR_SQL) as copy:
        for data in copy:
            size += len(data)
    return size


def main() -> None:
    args = parse(__doc__ or "", runs=3)
    owner = account()
    app: list[float] = []
    floor: list[float] = []
    for run in range(args.runs):
        seconds, rows = timed(lambda: export_once(owner))
        app.append(seconds)
        floor_seconds, size = timed(copy_once)
        floor.append(floor_seconds)
        print(f"  run {run + 1}: {rows:,} rows exported in {seconds:.1f} s ({CPU_SECONDS[-2]:.1f} s CPU in Python); "
              f"COPY {size / 1e6:.0f} MB in "
              f"{floor_seconds:.2f} s", flush=True)  # fmt: skip
    figures = {**report(f"export of {rows:,} members", app, floor, target=TARGET_S), "cpu_s": CPU_SECONDS}
    save_figures(f"export-postgresql-{args.members}.json", {"members": args.members, **figures})


if __name__ == "__main__":
    main()
