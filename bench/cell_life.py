"""Cell-life benchmark: two years of monthly meetings for every cell of a province-size bloc, then the bloc's
quarterly compliance page, the screening of the whole province and a cell's attendance save, on PostgreSQL.

    .venv/bin/python bench/cell_life.py --members 450000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_cell_life     # or: make bench-cell-life

Reuses bench/search.py's dedicated database and the demo generator (created when missing, reused when it holds
exactly `--members` members, rebuilt otherwise), in issue 8's shape by default (`--shape issue`: ~5,000 cells of
~90 members at 450,000 members; `--shape demo`: the generator's own ~29,000 cells of ~16, in its own database).
On top of it, once (`--reload-meetings` forces it):
- one meeting per cell and month over the 24 months before the current one, written with one
  `INSERT … SELECT` (the first month of a quarter combined with the thematic meeting in ~92% of cells, ~3% of
  cell-months without a meeting, ~2% of meetings too short, an upper-level guest at ~10%);
- one attendance row per member of the cell (probationary and full) per meeting, ~92% present, 5% excused,
  3% absent without reason, streamed with COPY (plain indexes dropped during the load and rebuilt after,
  foreign-key triggers off: the rows are made consistent);
- the meetings' counts from those rows, and the `CellQuarter` rows of both years (`meetings.compliance.recompute`,
  timed).
Then, through the application's own code, p50 / p95 / max over `--runs` runs of each measure with its raw-SQL
floor (the same result in hand-written SQL) and the ratio of the two, as bench/search.py prints them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admissions import _client, _get, _scope
from measuring import Measure, prepare, run_measures, save_figures
from search import build

COMPLIANCE_PAGE_MS = 300.0  # the bloc's quarterly compliance page (issue 8)
SCREENING_MS = 60_000.0  # the screening computation for the whole province (issue 8)
ATTENDANCE_SAVE_MS = 100.0  # a cell's attendance save (issue 8)
RECOMPUTE_QUARTER_MS = 60_000.0  # ours: the background recompute of one quarter for the whole province
REFRESH_CELL_MS = 50.0  # ours: the refresh after a change to one cell's meetings (inside the save)
DASHBOARD_MS = 200.0  # bench/dashboard.py's target

# The tree's shape (the demo generator's members per grassroots organization and per cell). "issue": issue 8's
# province, ~5,000 cells of ~90 members at 450,000 members (1,125 grassroots committees); "demo": the demo
# generator's own proportions, ~29,000 cells of ~16 (the other benchmarks' shape).
SHAPES: dict[str, dict[str, int]] = {"issue": {"per_grassroots": 400, "per_cell": 120}, "demo": {}}

MEETINGS_SQL = """
INSERT INTO meetings_meeting (created_at, updated_at, version, kind, status, planned_start, day, place, topic,
    agenda, monthly_slot, documents_published_at, started_at, ended_at, minutes, resolutions, cancel_reason,
    attendance_recorded_at, present_count, excused_count, unexcused_count, expected_count, quorum_base,
    created_by_id, organization_id, rule_set_id)
SELECT now(), now(), 1, k.kind, 'held', s.start, s.day, 'Phòng họp',
    'Sinh hoạt chi bộ tháng ' || to_char(s.day, 'MM/YYYY'), '', to_char(s.day, 'YYYY-MM'),
    s.start - interval '2 days', s.start,
    s.start + make_interval(mins => CASE WHEN (o.id * 13 + m.i * 7) %% 100 < 2 THEN 80
                                         WHEN k.kind = 'combined' THEN 125 ELSE 100 END),
    '', '', '', s.start + interval '3 hours', 0, 0, 0, 0, 0, NULL, o.id, NULL
FROM organizations_organization o
CROSS JOIN generate_series(0, %(months)s - 1) AS m(i)
CROSS JOIN LATERAL (SELECT (%(first)s::date + make_interval(months => m.i))::date AS month) mm
CROSS JOIN LATERAL (SELECT (mm.month + ((o.id %% 20) + 3)::int)::date AS day) d
CROSS JOIN LATERAL (SELECT (d.day + time '14:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS start, d.day) s
CROSS JOIN LATERAL (SELECT CASE WHEN extract(month FROM mm.month)::int %% 3 = 1 AND (o.id * 37) %% 100 >= 8
                                THEN 'combined' ELSE 'regular' END AS kind) k
WHERE o.kind IN ('cell', 'grassroots_cell') AND o.dissolved_on IS NULL AND o.path LIKE %(root)s
  AND (o.id * 31 + m.i * 17) %% 100 >= 3
"""

GUESTS_SQL = """
WITH g AS (SELECT array_agg(id) AS ids FROM (SELECT id FROM members_member WHERE status = 'full' ORDER BY id
                                             LIMIT 1000) x)
INSERT INTO meetings_meetingguest (meeting_id, member_id, assignment_id, note)
SELECT mt.id, g.ids[1 + mt.id %% 1000], NULL, ''
FROM meetings_meeting mt CROSS JOIN g
WHERE mt.id %% 10 = 0
"""


def _month_start(day: dt.date, back: int) -> dt.date:
    months = day.year * 12 + day.month - 1 - back
    return dt.date(months // 12, months % 12 + 1, 1)


def _plain_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """The table's indexes that back no constraint (dropped during a bulk load and rebuilt after)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [table],
    )
    return list(cursor.fetchall())


def load_meetings(*, today: dt.date, months: int, root_path: str) -> dict[str, Any]:
    """Write the meetings, guests and attendance rows (see the module docstring); the figures of the load."""
    from django.db import connection, transaction

    first = _month_start(today, months)
    stats: dict[str, Any] = {"first_month": str(first), "months": months}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        tables = "meetings_attendance, meetings_meetingguest, meetings_cellquarter, meetings_meetingfile"
        cursor.execute(f"TRUNCATE {tables}, meetings_quarterlock, meetings_meeting RESTART IDENTITY CASCADE")
        cursor.execute(MEETINGS_SQL, {"months": months, "first": first, "root": root_path + "%"})
        stats["meetings"] = cursor.rowcount
        cursor.execute(GUESTS_SQL, {})
        stats["guests"] = cursor.rowcount
    stats["meetings_seconds"] = round(time.perf_counter() - started, 1)
    print(f"  {stats['meetings']:,} meetings, {stats['guests']:,} guests in {stats['meetings_seconds']} s", flush=True)
    started = time.perf_counter()
    raw = connection.connection  # the psycopg connection, for COPY
    with transaction.atomic(), connection.cursor() as cursor:
        indexes = _plain_indexes(cursor, "meetings_attendance")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT organization_id, id, status FROM members_member "
                       "WHERE status IN ('probationary', 'full') ORDER BY organization_id, id")  # fmt: skip
        members: dict[int, list[tuple[int, str]]] = {}
        for org_id, member_id, status in cursor.fetchall():
            members.setdefault(org_id, []).append((member_id, status))
        cursor.execute("SELECT id, organization_id, day FROM meetings_meeting ORDER BY organization_id, day")
        meetings = cursor.fetchall()
        counts: list[str] = []
        rows = 0
        with raw.cursor().copy(
            "COPY meetings_attendance (day, member_status, presence, reason, reason_note, member_id, "
            "organization_id, meeting_id) FROM STDIN"
        ) as copy:
            for meeting_id, org_id, day in meetings:
                lines = []
                present = excused = unexcused = 0
                iso = day.isoformat()
                for member_id, status in members.get(org_id, ()):
                    h = (member_id * 7919 + meeting_id * 104729) % 1000
                    if h < 30:
                        presence, reason = "unexcused", ""
                        unexcused += 1
                    elif h < 80:
                        presence, reason = "excused", "work"
                        excused += 1
                    else:
                        presence, reason = "present", ""
                        present += 1
                    lines.append(f"{iso}\t{status}\t{presence}\t{reason}\t\t{member_id}\t{org_id}\t{meeting_id}\n")
                if lines:
                    copy.write("".join(lines))
                    rows += len(lines)
                counts.append(f"{meeting_id}\t{present}\t{excused}\t{unexcused}\t{len(lines)}\n")
                if len(counts) % 100_000 == 0:
                    print(f"  {len(counts):,} / {len(meetings):,} meetings' attendance written", flush=True)
        stats["attendance"] = rows
        stats["copy_seconds"] = round(time.perf_counter() - started, 1)
        print(f"  {rows:,} attendance rows by COPY in {stats['copy_seconds']} s; rebuilding indexes…", flush=True)
        started = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("CREATE TEMP TABLE bench_counts (id bigint, p int, e int, u int, n int) ON COMMIT DROP")
        with raw.cursor().copy("COPY bench_counts FROM STDIN") as copy:
            copy.write("".join(counts))
        cursor.execute("""UPDATE meetings_meeting m SET present_count = c.p, excused_count = c.e,
                          unexcused_count = c.u, expected_count = c.n, quorum_base = c.n
                          FROM bench_counts c WHERE c.id = m.id""")  # fmt: skip
        stats["index_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE meetings_attendance")
        cursor.execute("VACUUM ANALYZE meetings_meeting")
    print(f"  indexes and counts in {stats['index_seconds']} s", flush=True)
    return stats


def compliance_rows(*, today: dt.date, root: Any) -> dict[str, Any]:
    """The `CellQuarter` rows of both years (the bulk recompute, timed per year)."""
    from django.db import connection

    from dangbo.meetings.compliance import recompute

    out: dict[str, Any] = {}
    for year in (today.year - 1, today.year):
        started = time.perf_counter()
        result = recompute(year=year, quarter=None, root=root, today=today)
        out[str(year)] = {"rows": result.rows, "seconds": round(time.perf_counter() - started, 1)}
        print(f"  compliance {year}: {result.rows:,} cell-quarters in {out[str(year)]['seconds']} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE meetings_cellquarter")
    return out


# --- the raw-SQL floors -----------------------------------------------------------------------------------

FLOOR_COMPLIANCE_SQL = [
    # the totals of the quarter, with the number of grassroots organizations (their stored sums)
    """SELECT sum(cells), sum(red), sum(amber), sum(green), sum("none"), sum(months_due), sum(monthly_held),
              sum(present), sum(expected), min(oldest), max(newest), count(*)
       FROM meetings_grassrootsquarter WHERE year = %(y)s AND quarter = %(q)s AND path LIKE %(p)s""",
    # the grassroots organizations of the page, red first, then their names
    """SELECT g.*, o.name FROM (
         SELECT * FROM meetings_grassrootsquarter WHERE year = %(y)s AND quarter = %(q)s AND path LIKE %(p)s
         ORDER BY red DESC, amber DESC, "none" DESC, path LIMIT 50) g
       JOIN organizations_organization o ON o.id = g.grassroots_id""",
]
# The same page from the cells' rows (what the page read before the grassroots organizations' sums were stored).
CELL_ROWS_COMPLIANCE_SQL = [
    """SELECT count(*), count(*) FILTER (WHERE status = 'red'), count(*) FILTER (WHERE status = 'amber'),
              sum(months_due), sum(monthly_held), sum(present), sum(expected), min(computed_at),
              count(DISTINCT grassroots_id)
       FROM meetings_cellquarter WHERE year = %(y)s AND quarter = %(q)s AND path LIKE %(p)s""",
    """SELECT g.*, o.name FROM (
         SELECT grassroots_id, min(path) AS first_path, count(*) AS cells,
                count(*) FILTER (WHERE status = 'red') AS red, count(*) FILTER (WHERE status = 'amber') AS amber,
                sum(monthly_held), sum(months_due), sum(present), sum(expected), sum(with_guest)
         FROM meetings_cellquarter WHERE year = %(y)s AND quarter = %(q)s AND path LIKE %(p)s
         GROUP BY grassroots_id ORDER BY red DESC, amber DESC, first_path LIMIT 50) g
       JOIN organizations_organization o ON o.id = g.grassroots_id""",
]

FLOOR_SCREENING_SQL = """
SELECT member_id FROM meetings_attendance
WHERE presence = 'unexcused' AND day >= %(first)s AND day <= %(last)s
GROUP BY member_id HAVING count(DISTINCT date_trunc('month', day)) >= 3
"""


def _sql(statements: list[str], params: dict[str, Any]) -> Callable[[], Any]:
    from django.db import connection

    def once() -> Any:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, params)
                cursor.fetchall()

    return once


def _raw_save(meeting_id: int, member_ids: list[int], org_id: int, day: dt.date) -> Callable[[], Any]:
    """A cell's attendance replaced in hand-written SQL: lock the meeting, delete its rows, insert the roll,
    store the counts, in one transaction."""
    from django.db import connection, transaction

    def once() -> Any:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT version FROM meetings_meeting WHERE id = %s FOR UPDATE", [meeting_id])
            cursor.execute("DELETE FROM meetings_attendance WHERE meeting_id = %s", [meeting_id])
            values = ",".join(["(%s, 'full', %s, %s, '', %s, %s, %s)"] * len(member_ids))
            params: list[Any] = []
            for i, member_id in enumerate(member_ids):
                presence, reason = ("present", "") if i % 10 else ("excused", "work")
                params += [day, presence, reason, member_id, org_id, meeting_id]
            cursor.execute("INSERT INTO meetings_attendance (day, member_status, presence, reason, reason_note, "
                           f"member_id, organization_id, meeting_id) VALUES {values}", params)  # fmt: skip
            cursor.execute("UPDATE meetings_meeting SET present_count = %s, expected_count = %s, version = version "
                           "+ 1 WHERE id = %s", [len(member_ids), len(member_ids), meeting_id])  # fmt: skip

    return once


# --- the application's measures -------------------------------------------------------------------------

SAVE_CELLS = 20


def large_cells(count: int = SAVE_CELLS) -> int:
    """Make `count` cells of 30–60 members (the demo's cells hold fewer than 30) by moving, history and all, the
    members of sibling cells into one of them; the cells emptied keep their meetings. Idempotent: nothing to do
    when there are already `count` such cells. Returns the number of cells made."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SIZES_SQL)
        sizes = cursor.fetchall()  # (parent, cell, members) of active cells, by parent
        if sum(1 for _p, _c, n in sizes if 30 <= n <= 60) >= count:
            return 0
        by_parent: dict[int, list[tuple[int, int]]] = {}
        for parent, cell, n in sizes:
            by_parent.setdefault(parent, []).append((cell, n))
        made = 0
        for cells in by_parent.values():
            if made == count:
                break
            target, total = cells[0]
            moved = []
            for cell, n in cells[1:]:
                if total + n > 60:
                    continue
                moved.append(cell)
                total += n
                if total >= 35:
                    break
            if total < 30 or not moved:
                continue
            cursor.execute("UPDATE members_cellmembership SET organization_id = %s WHERE organization_id = ANY(%s)",
                           [target, moved])  # fmt: skip
            cursor.execute("UPDATE members_member SET organization_id = %s WHERE organization_id = ANY(%s)",
                           [target, moved])  # fmt: skip
            made += 1
    return made


SIZES_SQL = """
SELECT o.parent_id, o.id, count(m.id) FROM organizations_organization o
LEFT JOIN members_member m ON m.organization_id = o.id AND m.status IN ('probationary', 'full')
WHERE o.kind = 'cell' AND o.dissolved_on IS NULL
GROUP BY o.parent_id, o.id ORDER BY o.parent_id, o.id
"""


def _save_cases(today: dt.date, count: int) -> list[tuple[Any, list[int]]]:
    """Meetings of this quarter (held by today) of cells with 30 to 60 members on the roll, with their roll."""
    from django.db.models import Count

    from dangbo.meetings.compliance import quarter_of, quarter_span
    from dangbo.meetings.models import Meeting
    from dangbo.members.models import Member

    first, _last = quarter_span(*quarter_of(today))
    sizes = (
        Member.objects.filter(status__in=["probationary", "full"]).values("organization_id")
        .annotate(n=Count("id")).filter(n__gte=30, n__lte=60).order_by("organization_id")
    )  # fmt: skip
    cells = [row["organization_id"] for row in sizes[: count * 3]]
    meetings = list(
        Meeting.objects.filter(organization_id__in=cells, day__gte=first, day__lte=today, status="held")
        .select_related("organization").order_by("organization_id", "-day")
    )  # fmt: skip
    out, seen = [], set()
    for m in meetings:
        if m.organization_id in seen:
            continue
        seen.add(m.organization_id)
        ids = list(Member.objects.filter(organization_id=m.organization_id, status__in=["probationary", "full"])
                   .order_by("id").values_list("id", flat=True))  # fmt: skip
        out.append((m, ids))
        if len(out) == count:
            break
    return out


def attendance_save(today: dt.date, cases: list[tuple[Any, list[int]]]) -> Callable[[], Any]:
    """`meetings.attendance.save_attendance` on the next cell of `cases` each run: the whole roll, two members
    excused and one absent without reason, the version as the page sends it."""
    from dangbo.accounts.models import User
    from dangbo.meetings.attendance import Mark, save_attendance
    from dangbo.meetings.enums import AbsenceReason, Presence
    from dangbo.meetings.models import Meeting

    actor = User.objects.get(username="bantochuc")
    state = {"i": 0}

    def once() -> Any:
        meeting, ids = cases[state["i"] % len(cases)]
        state["i"] += 1
        fresh = Meeting.objects.select_related("organization").get(pk=meeting.pk)
        exceptions = {ids[0]: Mark(Presence.EXCUSED, AbsenceReason.WORK), ids[1]: Mark(Presence.EXCUSED,
                      AbsenceReason.SICK), ids[2]: Mark(Presence.UNEXCUSED)}  # fmt: skip
        return save_attendance(actor=actor, meeting=fresh, expected_version=fresh.version, exceptions=exceptions,
                               today=today)  # fmt: skip

    return once


def raw_attendance_save(cases: list[tuple[Any, list[int]]]) -> Callable[[], Any]:
    fns = [_raw_save(m.pk, ids, m.organization_id, m.day) for m, ids in cases]
    state = {"i": 0}

    def once() -> Any:
        state["i"] += 1
        return fns[state["i"] % len(fns)]()

    return once


def screening_measure(year: int, root: Any) -> Callable[[], Any] | None:
    """The screening signals of `year` for the whole province, through the screening app's computation when it
    is there (`screening.signals.compute`); None on a branch without it."""
    try:
        from dangbo.screening.signals import compute  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return lambda: compute(year, root)


def measures(*, today: dt.date, root: Any) -> list[Measure]:
    """(label, target ms, the application's call, its raw-SQL floor, runs divisor) of every measure."""
    from django.urls import reverse

    from dangbo.meetings import compliance_selectors as cs
    from dangbo.meetings.compliance import recompute, refresh_cell_quarter
    from dangbo.organizations.models import Organization
    from dangbo.planning.kpi import refresh_cell_life
    from dangbo.planning.models import CellLifeFigure
    from dangbo.planning.selectors import dashboard_for

    year, quarter = cs.summary_quarter(today)
    tree, grassroots = _client("bantochuc"), _client("coso")
    coso = _scope("coso")
    coso_root = Organization.objects.get(path__in=coso.paths("view_cell_life"))
    url = f"{reverse('meetings:compliance')}?nam={year}&quy={quarter}"
    params = {"y": year, "q": quarter, "p": root.path + "%"}
    gp = {"y": year, "q": quarter, "p": coso_root.path + "%"}
    cases = _save_cases(today, SAVE_CELLS)
    cell = cases[0][0].organization
    last_year = {"first": dt.date(today.year - 1, 1, 1), "last": dt.date(today.year - 1, 12, 31)}

    bloc_scope = _scope("bantochuc")

    def dashboard(*, stored: bool) -> Callable[[], Any]:
        """`dashboard_for` of the current year with the cell-life figures counted on the spot (stored ones
        removed first) or read from the stored ones (written first)."""
        state = {"ready": False}

        def once() -> Any:
            if not state["ready"]:
                CellLifeFigure.objects.filter(year=today.year).delete()
                if stored:
                    refresh_cell_life(year=today.year, organization=root, today=today)
                state["ready"] = True
            return dashboard_for(bloc_scope, year=today.year, today=today)

        return once

    def page_queries() -> Any:
        totals = cs.totals(root, year=year, quarter=quarter, today=today)
        return cs.grassroots_page(root.path, year=year, quarter=quarter, page=1, total=totals.grassroots)

    return [
        (f"compliance page Q{quarter}/{year}, bloc (HTTP, rendered)", COMPLIANCE_PAGE_MS, _get(tree, url),
         _sql(FLOOR_COMPLIANCE_SQL, params), 1),
        (f"compliance page Q{quarter}/{year}, bloc: queries (totals, page)", COMPLIANCE_PAGE_MS, page_queries,
         _sql(FLOOR_COMPLIANCE_SQL, params), 1),
        (f"compliance page Q{quarter}/{year}, bloc: the same from the cells' rows (SQL)", COMPLIANCE_PAGE_MS,
         _sql(CELL_ROWS_COMPLIANCE_SQL, params), None, 1),
        (f"compliance page Q{quarter}/{year}, bloc, page 20 (HTTP)", COMPLIANCE_PAGE_MS, _get(tree, url + "&trang=20"),
         None, 1),
        (f"compliance page Q{quarter}/{year}, one grassroots org (HTTP)", COMPLIANCE_PAGE_MS, _get(grassroots, url),
         _sql(FLOOR_COMPLIANCE_SQL[:1], gp), 1),
        (f"attendance save, cells of 30–60 members ({len(cases)} cells)", ATTENDANCE_SAVE_MS,
         attendance_save(today, cases), raw_attendance_save(cases), 1),
        ("refresh_cell_quarter, one cell", REFRESH_CELL_MS,
         lambda: refresh_cell_quarter(organization=cell, year=year, quarter=quarter, today=today), None, 1),
        (f"screening signals {today.year - 1}, whole province", SCREENING_MS, screening_measure(today.year - 1, root),
         _sql([FLOOR_SCREENING_SQL], last_year), 10),
        (f"compliance.recompute Q{quarter}/{year}, whole province", RECOMPUTE_QUARTER_MS,
         lambda: recompute(year=year, quarter=quarter, root=root, today=today), None, 10),
        (f"dashboard_for {today.year}, whole tree, cell-life figures counted", DASHBOARD_MS,
         dashboard(stored=False), None, 1),
        (f"dashboard_for {today.year}, whole tree, cell-life figures stored", DASHBOARD_MS,
         dashboard(stored=True), None, 1),
        (f"refresh_cell_life {today.year}, whole province (background)", RECOMPUTE_QUARTER_MS,
         lambda: refresh_cell_life(year=today.year, organization=root, today=today), None, 10),
    ]  # fmt: skip


def _bloc() -> Any:
    from dangbo.accounts.models import Role

    return Role.objects.select_related("organization").get(user__username="bantochuc").organization


def _check_shape(shape: str, members: int) -> None:
    """Refuse a reused database of the other shape (its name is the only thing that tells them apart)."""
    from dangbo.demo.generator import grassroots_count
    from dangbo.organizations.models import Organization

    per = SHAPES[shape].get("per_grassroots")
    expected = grassroots_count(members, per) if per else grassroots_count(members)
    found = Organization.objects.filter(kind__in=["grassroots_committee", "grassroots_cell"]).count()
    if abs(found - expected) > expected // 20 + 10:
        raise SystemExit(f"The database holds {found:,} grassroots organizations, the {shape!r} shape "
                         f"{expected:,}: name another database, or pass --rebuild.")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=450_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="issue", help="the tree's shape (see SHAPES)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    parser.add_argument("--reload-meetings", action="store_true", help="write the meetings and attendance again")
    parser.add_argument("--load-only", action="store_true", help="build and load, measure nothing")
    parser.add_argument("--only", default="", help="run only the measures whose label contains this text")
    args, must_build = prepare(parser)
    from django.db import connection
    from django.utils import timezone

    build_seconds = build(args.members, args.seed, **SHAPES[args.shape]) if must_build else None
    _check_shape(args.shape, args.members)
    today = args.today or timezone.localdate()
    root = _bloc()
    load: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meetings_meeting")
        loaded = cursor.fetchone()[0]
    if must_build or args.reload_meetings or not loaded:
        print("Writing the meetings and attendance…", flush=True)
        load = load_meetings(today=today, months=args.months, root_path=root.path)
        load["compliance"] = compliance_rows(today=today, root=root)
    made = large_cells()
    if made:
        print(f"  {made} cells of 30–60 members made from their sibling cells (for the attendance save)")
    if args.load_only:
        print(json.dumps(load, indent=2, default=str))
        return
    with connection.cursor() as cursor:
        # The test server runs without autovacuum: clear the dead rows earlier recomputes left (production
        # vacuums on its own), then refresh the statistics.
        cursor.execute("VACUUM meetings_cellquarter")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM meetings_meeting")
        n_meetings = cursor.fetchone()[0]
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'meetings_attendance'")
        n_attendance = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM organizations_organization WHERE kind IN ('cell', 'grassroots_cell')")
        n_cells = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM members_member")
        n_members = cursor.fetchone()[0]
    print(f"\nPostgreSQL, {n_members:,} members, {n_cells:,} cells, {n_meetings:,} meetings, ~{n_attendance:,} "
          f"attendance rows; today {today:%d/%m/%Y}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}\n")  # fmt: skip
    rows = run_measures(measures(today=today, root=root), runs=args.runs, only=args.only, label_width=66, width=8)
    save_figures(
        f"cell-life-postgresql-{args.members}.json",
        {"members": args.members, "build_seconds": build_seconds, "today": str(today), "load": load, "measures": rows},
    )


if __name__ == "__main__":
    main()
