"""The badge benchmark's data, written in SQL (`INSERT … SELECT`) and bulk, not through the demo generator: only
what the badge list reads. 1,000,000 members in ~58,800 cells of 17 (~14,700 grassroots committees of four
cells), in a few minutes on 2 cores.

Member `i` (1…N, also its id) is drawn from hashes of `i` (`dues_data._h`), so the same N gives the same data:
- admission decision dates from 1955 to 2025, the recent years denser (`1 - u^1.3` of the span), so that each
  award date has a few thousand members reaching a milestone;
- deceased: more the older the admission (12% at 30 years of seniority, 62% at 50, 95% from 63), died in the
  last 25 years; the others: admitted in 2025 probationary, 0.3% struck off, 0.2% expelled (with their
  expulsion), 0.3% transferred out, 2% exempt (30 years and more), 0.5% abroad, the rest full members;
- 1% struck off and readmitted (a gap of one to six and a half years, ended before 2024);
- status periods: probationary, full (split by the gap), then the last status (deceased from the day of death);
- 0.4% certified seriously ill in 2024–2025 (28 to 90 years of seniority);
- disciplines (bulk through the model): ~0.6% reprimands and warnings decided 2015–08/2025, so some in force on
  each award date, half of the older ones confirmed improved by the cell;
- badges: the highest milestone reached by 19/05/2025 awarded to 85% of those on the rolls (5% of those reached
  since 03/02/2025 still proposed), and 30% of those reaching one by 02/09/2025 already proposed for it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from dues_data import _accounts, _h, _names, _reset_sequences, _tree

PER_CELL = 17
CELLS_PER_GRASSROOTS = 4
AWARDED_UNTIL = dt.date(2025, 5, 19)  # badges up to this award date are decided
PROPOSED_FOR = dt.date(2025, 9, 2)  # some already proposed for this one
MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

PEOPLE_SQL = f"""
CREATE UNLOGGED TABLE bench_people AS
SELECT i, c.id AS cell_id, c.parent_id, c.path, {_h(3)} AS h3, {_h(5)} AS h5, {_h(6)} AS h6, {_h(7)} AS h7,
       {_h(8)} AS h8
FROM generate_series(1, %(n)s) AS i JOIN bench_cells c ON c.idx = (i - 1) / {PER_CELL};
ALTER TABLE bench_people ADD COLUMN admission date, ADD COLUMN years int, ADD COLUMN status text,
    ADD COLUMN since date, ADD COLUMN full_date date, ADD COLUMN gap_start date, ADD COLUMN gap_end date,
    ADD COLUMN birth date;
UPDATE bench_people SET admission = date '2025-12-31'
    - floor(25930 * power(((h6 * 1000 + h7) %% 1000000) / 1000000.0, 1.3))::int;
UPDATE bench_people SET years = extract(year FROM age(date '2025-09-02', admission))::int,
    full_date = admission + 365, birth = admission - ((19 + h7 %% 20) * 365 + h8 %% 365);
UPDATE bench_people SET status = CASE
        WHEN h3 < greatest(0, least(950, (years - 25) * 25)) THEN 'deceased'
        WHEN full_date > date '2025-09-02' THEN 'probationary'
        WHEN h8 < 3 THEN 'struck_off' WHEN h8 < 5 THEN 'expelled' WHEN h8 < 8 THEN 'transferred_out'
        WHEN h8 < 28 AND years >= 30 THEN 'exempt' WHEN h8 < 33 THEN 'abroad' ELSE 'full' END;
UPDATE bench_people SET gap_start = full_date + 1 + h6 %% 3000
    WHERE h5 < 10 AND years > 12 AND status <> 'probationary';
UPDATE bench_people SET gap_end = gap_start + 365 + h7 * 2 WHERE gap_start IS NOT NULL;
UPDATE bench_people SET gap_start = NULL, gap_end = NULL WHERE gap_end >= date '2024-01-01';
UPDATE bench_people SET full_date = NULL WHERE status = 'probationary';
UPDATE bench_people SET since = CASE
        WHEN status = 'deceased' THEN greatest(date '2025-12-31' - (h5 * 1000 + h7) %% 9000,
                                               coalesce(gap_end, full_date) + 30)
        WHEN status IN ('full', 'probationary') THEN NULL
        ELSE greatest(date '2016-01-01' + (h7 * 3) %% 3500, coalesce(gap_end, full_date) + 30) END;
UPDATE bench_people SET since = NULL, status = 'full' WHERE since > date '2025-12-31';
"""

# The members' rows (the columns the list and the pages read; the rest plausible filler), as dues_data writes them.
MEMBERS_SQL = """
INSERT INTO members_member (id, created_at, updated_at, version, family_name, middle_name, given_name, gender,
    birth_date, ethnicity, religion, home_town, residence, citizen_id, card_number, record_number,
    admission_decision_date, ceremony_date, full_membership_date, education, profession, political_theory_level,
    position, workplace, phone, email, photo, status, search_name, sort_key, organization_id, user_id)
SELECT i, now(), now(), 1, f[1 + h5 %% cardinality(f)], mi[1 + h6 %% cardinality(mi)], g[1 + h7 %% cardinality(g)],
       CASE WHEN i %% 2 = 0 THEN 'female' ELSE 'male' END, birth, 'Kinh', 'Không', '', '',
       '034' || lpad(i::text, 9, '0'), '34' || lpad(i::text, 8, '0'), 'TB-' || i, admission, admission + 14,
       full_date, 'university', '', 'elementary', '', '', '', '', '', status,
       nf[1 + h5 %% cardinality(f)] || ' ' || nmi[1 + h6 %% cardinality(mi)] || ' ' || ng[1 + h7 %% cardinality(g)],
       ng[1 + h7 %% cardinality(g)] || ' ' || nf[1 + h5 %% cardinality(f)] || ' ' || nmi[1 + h6 %% cardinality(mi)]
           || ' ' || lpad(i::text, 7, '0'),
       cell_id, NULL
FROM bench_people,
     (SELECT %(f)s::text[] AS f, %(mi)s::text[] AS mi, %(g)s::text[] AS g, %(nf)s::text[] AS nf,
             %(nmi)s::text[] AS nmi, %(ng)s::text[] AS ng) names
"""

PERIOD = 'INSERT INTO members_memberstatusperiod (member_id, status, start, "end", reason, decision_number) '
HISTORY_SQL = [
    PERIOD + "SELECT i, 'probationary', admission, full_date, '', '' FROM bench_people",
    PERIOD
    + """SELECT i, 'full', full_date, coalesce(gap_start, since), '', '' FROM bench_people
                WHERE full_date IS NOT NULL""",
    PERIOD
    + """SELECT i, 'struck_off', gap_start, gap_end, 'Xóa tên', 'QĐ-XT-' || i FROM bench_people
                WHERE gap_start IS NOT NULL""",
    PERIOD
    + """SELECT i, 'full', gap_end, since, 'Kết nạp lại', 'QĐ-KNL-' || i FROM bench_people
                WHERE gap_start IS NOT NULL""",
    PERIOD + "SELECT i, status, since, NULL, '', '' FROM bench_people WHERE since IS NOT NULL",
    """INSERT INTO recognition_seriousillness (created_at, updated_at, member_id, certified_on, certified_by, note)
       SELECT now(), now(), i, date '2024-01-01' + (h5 * 7) %% 600, 'Bệnh viện tỉnh', '' FROM bench_people
       WHERE h7 < 4 AND years BETWEEN 28 AND 90 AND status IN ('full', 'exempt')""",
]

# The highest milestone reached by `AWARDED_UNTIL` (plain seniority; members with a gap left out), its award date
# the first one on or after the milestone day.
BADGES_SQL = """
WITH m AS (
    SELECT p.*, CASE WHEN y >= 40 THEN least(90, y / 5 * 5) WHEN y >= 30 THEN 30 END AS milestone
    FROM (SELECT *, extract(year FROM age(%(until)s::date, admission))::int AS y FROM bench_people
          WHERE status IN ('full', 'exempt', 'abroad') AND gap_start IS NULL) p),
d AS (
    SELECT m.*, (admission + make_interval(years => milestone))::date AS reached FROM m WHERE milestone IS NOT NULL),
a AS (
    SELECT d.*, (SELECT min(x) FROM unnest(ARRAY[make_date(y0, 2, 3), make_date(y0, 5, 19), make_date(y0, 9, 2),
                                                 make_date(y0, 11, 7), make_date(y0 + 1, 2, 3)]) x
                 WHERE x >= reached) AS award_date
    FROM d, LATERAL (SELECT extract(year FROM reached)::int AS y0) yy)
INSERT INTO recognition_badge (created_at, updated_at, version, member_id, milestone, milestone_day, kind, state,
    award_date, proposed_on, proposing_organization_id, unit_id, unit_path, explanation, decision_number,
    decision_date, deciding_authority, withdrawn_on, withdrawal_reason)
SELECT now(), now(), 1, i, milestone, reached, 'regular', st, award_date, award_date - 45, parent_id, cell_id, path,
       'Đủ ' || milestone || ' năm tuổi đảng', CASE WHEN st = 'awarded' THEN 'QĐ-HH-' || i ELSE '' END,
       CASE WHEN st = 'awarded' THEN award_date - 10 END,
       CASE WHEN st = 'awarded' THEN 'Ban Thường vụ Tỉnh ủy' ELSE '' END, NULL, ''
FROM (SELECT a.*, CASE WHEN award_date > date '2025-02-03' AND h6 >= 950 THEN 'proposed' ELSE 'awarded' END AS st
      FROM a WHERE h6 < 850 OR award_date > date '2025-02-03') b
"""

# 30% of those reaching a milestone in (AWARDED_UNTIL, PROPOSED_FOR] already proposed for it.
PROPOSED_SQL = """
INSERT INTO recognition_badge (created_at, updated_at, version, member_id, milestone, milestone_day, kind, state,
    award_date, proposed_on, proposing_organization_id, unit_id, unit_path, explanation, decision_number,
    decision_date, deciding_authority, withdrawn_on, withdrawal_reason)
SELECT now(), now(), 1, i, ms, reached, 'regular', 'proposed', %(on)s, %(on)s - 30, parent_id, cell_id, path,
       'Đủ ' || ms || ' năm tuổi đảng', '', NULL, '', NULL, ''
FROM bench_people, unnest(%(milestones)s::int[]) ms,
     LATERAL (SELECT (admission + make_interval(years => ms))::date AS reached) r
WHERE status IN ('full', 'exempt', 'abroad') AND gap_start IS NULL AND h7 < 300
  AND reached > %(until)s AND reached <= %(on)s
"""


def _disciplines() -> int:
    """Reprimands and warnings of ~0.6% of the members (2015–08/2025) and the expelled members' expulsions, in
    bulk through the model, with the cell's confirmations of improvement for half of those decided before 2023."""
    from django.db import connection

    from dangbo.discipline.models import Discipline
    from dangbo.recognition.models import ImprovementConfirmation

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i, cell_id, parent_id, status, h5, h7, coalesce(since, date '2020-01-01') FROM bench_people
               WHERE (h3 BETWEEN 990 AND 995 AND status IN ('full', 'exempt', 'abroad', 'deceased')
                      AND years >= 3) OR status = 'expelled'"""
        )
        rows = cursor.fetchall()
    objs = []
    for i, cell, parent, status, h5, h7, since in rows:
        if status == "expelled":
            decided, form = since - dt.timedelta(days=1), "expulsion"
        else:
            decided = dt.date(2015, 1, 10) + dt.timedelta(days=(h5 * 1000 + h7) % 3880)  # to 08/2025
            form = "warning" if h7 < 250 else "reprimand"
        objs.append(Discipline(member_id=i, form=form, violation_date=decided - dt.timedelta(days=60),
                               decision_date=decided, decision_number=f"QĐ-KL-{i}", deciding_organization_id=parent,
                               organization_at_decision_id=cell,
                               received_on=decided + dt.timedelta(days=3)))  # fmt: skip
    created = Discipline.objects.bulk_create(objs, batch_size=5000)
    confirmations = [
        ImprovementConfirmation(
            discipline=d,
            member_id=d.member_id,  # type: ignore[misc]
            confirmed_on=d.decision_date + dt.timedelta(days=400),
            resolution=f"NQ chi bộ {d.pk}",
        )
        for d in created
        if d.form != "expulsion" and d.decision_date < dt.date(2023, 1, 1) and d.member_id % 2 == 0  # type: ignore[operator]
    ]
    ImprovementConfirmation.objects.bulk_create(confirmations, batch_size=5000)
    return len(created)


def build(members: int) -> dict[str, Any]:
    """The tree, the members, their status periods, illnesses, disciplines and badges (see the module docstring)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    stats: dict[str, Any] = {"members": members}
    with transaction.atomic():
        bloc, cells = _tree(members, per_cell=PER_CELL, cells_per_grassroots=CELLS_PER_GRASSROOTS)
        stats["cells"] = len(cells)
        print(f"  tree: {len(cells):,} cells in {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_cells (idx int, id bigint, parent_id bigint, path text)")
            cursor.executemany("INSERT INTO bench_cells VALUES (%s, %s, %s, %s)",
                               [(k, c.pk, c.parent_id, c.path) for k, c in enumerate(cells)])  # fmt: skip
            cursor.execute("DROP TABLE IF EXISTS bench_people")
            cursor.execute(PEOPLE_SQL, {"n": members})
            cursor.execute(MEMBERS_SQL, _names())
            print(f"  members in {time.perf_counter() - started:.0f} s", flush=True)
            for statement in HISTORY_SQL:
                cursor.execute(statement, {})
            cursor.execute(BADGES_SQL, {"until": AWARDED_UNTIL})
            stats["badges"] = cursor.rowcount
            cursor.execute(PROPOSED_SQL, {"until": AWARDED_UNTIL, "on": PROPOSED_FOR, "milestones": MILESTONES})
            stats["badges"] += cursor.rowcount
            stats["disciplines"] = _disciplines()
            cursor.execute("DROP TABLE bench_people")
            cursor.execute("DROP TABLE bench_cells")
        _reset_sequences()
        _accounts(bloc, cells[0])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    stats["seconds"] = round(time.perf_counter() - started, 1)
    print(f"  {members:,} members, {stats['badges']:,} badges, {stats['disciplines']:,} disciplines in "
          f"{stats['seconds']} s (VACUUM ANALYZE included)", flush=True)  # fmt: skip
    return stats
