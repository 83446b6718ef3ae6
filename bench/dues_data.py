"""The dues benchmark's province, written in SQL (`INSERT … SELECT`), not through the demo generator: 450,000
members in ~4,500 cells of 100 (1,125 grassroots committees of four cells, issue 8's shape), their dated status
and cell history, dues categories and bases, a few reliefs, and two years of monthly ledger rows (~10,800,000)
with the cells' sums and the quarterly remittances. A few minutes on 2 cores, where the demo generator takes a
quarter of an hour and more for the same members.

The monthly dues are computed by `MONTH_SQL` (the raw-SQL floor of "a month's dues for the province", see
bench/dues.py): the same statement writes the ledger here, one month at a time.

Member `i` (1…N, also its id) is drawn from hashes of `i`, so the same N gives the same data:
- status: ~3% probationary (admitted in the last year), 1% exempt, 0.5% abroad, 0.5% temporarily transferred
  out, 0.3% transferred out during the two years (their cell membership ends that day); the rest full;
- category: ~12% pensioners (base 4–12 million dong), 1.5% students, 3% other, 1% on leave (3–8 million), the
  members abroad in their own category, the rest insured (5–25 million, raised 8% from 07/2025);
- one member in ~1,000 admitted in 1975–1976 (50 years of party age reached during the ledger);
- reliefs: 0.5% reductions (50%, six months from 03/2026), 0.2% exemptions (poor household, 12 months from
  06/2025);
- payments: ~94% of member-months paid in full around the 10th of the month (portal 40%, cash 45%, bank 15%);
  one member in ~200 leaves four months of 2025 unpaid; the current month is a third collected.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

CELLS_PER_GRASSROOTS = 4
MEMBERS_PER_CELL = 100

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Hà", "Nam", "Linh", "Trang", "Sơn", "Hải", "Mai", "Long",
         "Phương", "Thắng", "Yến", "Cường", "Hoa", "Bình", "Thảo"]  # fmt: skip

# Hashes of member i in [0, 1000), one multiplier modulo a prime per salt (independent enough for a benchmark).
MULTIPLIERS = {3: 2654435761, 5: 40503, 6: 2246822519, 7: 3266489917, 8: 668265263}


def _h(salt: int, i: str = "i") -> str:
    return f"(((({i})::bigint * {MULTIPLIERS[salt]} + {salt * 7919}) %% 1000003) %% 1000)::int"


PEOPLE_SQL = f"""
CREATE UNLOGGED TABLE bench_people AS
SELECT i, c.id AS cell_id, c.path,
       CASE WHEN p < 30 THEN 'probationary' WHEN p < 40 THEN 'exempt' WHEN p < 45 THEN 'abroad'
            WHEN p < 50 THEN 'temp_transferred_out' WHEN p < 53 THEN 'transferred_out' ELSE 'full' END AS status,
       CASE WHEN p BETWEEN 40 AND 44 THEN 'abroad' WHEN p BETWEEN 30 AND 39 OR p BETWEEN 53 AND 172 THEN 'pensioner'
            WHEN p < 188 AND p >= 173 THEN 'student' WHEN p < 218 AND p >= 188 THEN 'other'
            WHEN p < 228 AND p >= 218 THEN 'leave' ELSE 'insured' END AS category,
       p, {_h(5)} AS h5, {_h(6)} AS h6, {_h(7)} AS h7, {_h(8)} AS h8
FROM generate_series(1, %(n)s) AS i
JOIN bench_cells c ON c.idx = (i - 1) / {MEMBERS_PER_CELL}
CROSS JOIN LATERAL (SELECT {_h(3)} AS p) pp
"""

DATES_SQL = """
ALTER TABLE bench_people ADD COLUMN admission date, ADD COLUMN full_date date, ADD COLUMN since date,
    ADD COLUMN birth date, ADD COLUMN base1 bigint, ADD COLUMN base2 bigint;
UPDATE bench_people SET
    admission = CASE WHEN status = 'probationary' THEN %(today)s::date - (20 + h6 %% 330)
                     WHEN i %% 997 = 0 THEN date '1975-01-01' + (h6 * 2 %% 700)
                     ELSE %(today)s::date - ((2 + h6 %% 38) * 365 + h7 %% 365) END,
    since = CASE WHEN status IN ('exempt', 'abroad', 'temp_transferred_out', 'transferred_out')
                 THEN date '2025-01-01' + (h8 * 7 %% 690) END,
    base1 = CASE category WHEN 'insured' THEN 5000000 + h5 * 20000 WHEN 'pensioner' THEN 4000000 + h5 * 8000
                          WHEN 'leave' THEN 3000000 + h5 * 5000 ELSE 0 END;
UPDATE bench_people SET
    full_date = CASE WHEN status <> 'probationary' THEN admission + 379 END,
    birth = admission - ((19 + h7 %% 20) * 365 + h8 %% 365),
    base2 = CASE WHEN category = 'insured' THEN round(base1 * 1.08 / 1000) * 1000 ELSE base1 END;
"""

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

HISTORY_SQL = [
    # probationary, then full, then the status of `since`
    """INSERT INTO members_memberstatusperiod (member_id, status, start, "end", reason, decision_number)
       SELECT i, 'probationary', admission, full_date, '', '' FROM bench_people""",
    """INSERT INTO members_memberstatusperiod (member_id, status, start, "end", reason, decision_number)
       SELECT i, 'full', full_date, since, '', '' FROM bench_people WHERE full_date IS NOT NULL""",
    """INSERT INTO members_memberstatusperiod (member_id, status, start, "end", reason, decision_number)
       SELECT i, status, since, NULL, '', '' FROM bench_people WHERE since IS NOT NULL""",
    """INSERT INTO members_cellmembership (member_id, organization_id, start, "end", reason)
       SELECT i, cell_id, admission, CASE WHEN status = 'transferred_out' THEN since END, '' FROM bench_people""",
    # dues bases: from 01/2024 (or the month of admission), insured raised from 07/2025
    """INSERT INTO dues_duesbase (created_at, updated_at, version, member_id, start, category, base, note)
       SELECT now(), now(), 1, i, greatest(date '2024-01-01', date_trunc('month', admission)::date), category,
              base1, '' FROM bench_people""",
    """INSERT INTO dues_duesbase (created_at, updated_at, version, member_id, start, category, base, note)
       SELECT now(), now(), 1, i, date '2025-07-01', category, base2, 'Nâng lương' FROM bench_people
       WHERE category = 'insured' AND admission < date '2025-07-01'""",
    """INSERT INTO dues_duesrelief (created_at, updated_at, version, member_id, kind, percent, start, "end",
           decision_number, decision_date, reason)
       SELECT now(), now(), 1, i, 'reduction', 50, date '2026-03-01', date '2026-08-01', 'QĐ-' || i,
              date '2026-02-20', 'Hoàn cảnh khó khăn' FROM bench_people WHERE h8 < 5 AND status <> 'probationary'""",
    """INSERT INTO dues_duesrelief (created_at, updated_at, version, member_id, kind, percent, start, "end",
           decision_number, decision_date, reason)
       SELECT now(), now(), 1, i, 'poor_household', 100, date '2025-06-01', date '2026-05-01', 'QĐ-' || i,
              date '2025-05-20', 'Hộ nghèo' FROM bench_people WHERE h8 BETWEEN 5 AND 6""",
]

# One month's dues for every member on the rolls in it (from the month of admission to the month of leaving):
# the cell of the month, the base in force, the rule set in force on the month's first day, the reliefs and the
# 50-year exemption (from the month party age reaches 50, under a rule set that has it). Rounding half up.
MONTH_SELECT = """
WITH rates(rule_set_id, category, bp, fixed) AS (SELECT * FROM unnest(%(rs)s::bigint[], %(cat)s::text[],
                                                                   %(bp)s::int[], %(fixed)s::bigint[])),
rolls AS (
    SELECT DISTINCT sp.member_id FROM members_memberstatusperiod sp
    WHERE sp.status IN ('probationary', 'full', 'exempt', 'abroad', 'temp_transferred_out')
      AND sp.start < %(next)s AND (sp."end" IS NULL OR sp."end" > %(month)s)),
cell AS (
    SELECT DISTINCT ON (cm.member_id) cm.member_id, cm.organization_id FROM members_cellmembership cm
    WHERE cm.start < %(next)s AND (cm."end" IS NULL OR cm."end" > %(month)s)
    ORDER BY cm.member_id, cm.start DESC),
base AS (
    SELECT DISTINCT ON (b.member_id) b.member_id, b.category, b.base FROM dues_duesbase b
    WHERE b.start <= %(month)s ORDER BY b.member_id, b.start DESC),
relief AS (
    SELECT r.member_id, max(r.percent) AS percent FROM dues_duesrelief r
    WHERE r.start <= %(month)s AND (r."end" IS NULL OR r."end" >= %(month)s) GROUP BY r.member_id),
raw AS (
    SELECT r.member_id, c.organization_id, o.path, b.category, b.base, rt.rule_set_id,
           CASE WHEN %(age_years)s::int IS NOT NULL AND date_trunc('month', m.admission_decision_date
                     + make_interval(years => %(age_years)s::int)) <= %(month)s THEN 100
                ELSE coalesce(rl.percent, 0) END AS relief,
           rt.bp, CASE WHEN rt.fixed > 0 THEN rt.fixed ELSE round(b.base * rt.bp / 10000.0) END AS full_due
    FROM rolls r JOIN cell c USING (member_id) JOIN base b USING (member_id)
    JOIN members_member m ON m.id = r.member_id
    JOIN organizations_organization o ON o.id = c.organization_id
    JOIN rates rt ON rt.category = b.category
    LEFT JOIN relief rl ON rl.member_id = r.member_id)
SELECT member_id, %(month)s::date AS month, organization_id, path, category, base, rule_set_id,
       round(full_due * (100 - relief) / 100.0)::bigint AS due,
       CASE WHEN relief = 100 THEN 'Miễn đảng phí' WHEN relief > 0 THEN 'Giảm ' || relief || '%%'
            ELSE '' END || CASE WHEN category IN ('insured', 'leave', 'pensioner')
            THEN ' ' || replace(trim_scale(bp / 100.0)::text, '.', ',') || '%% × ' || base || ' đồng'
            ELSE ' mức cố định' END AS explanation
FROM raw
"""

# Writing a month of the ledger: computed dues plus the payments (see the module docstring).
LOAD_MONTH_SQL = (
    """INSERT INTO dues_duesmonth (created_at, updated_at, version, member_id, month, organization_id, path,
    category, base, rule_set_id, due, explanation, paid, extra, paid_on, channel, reference, excused_reason)
SELECT now(), now(), 1, member_id, month, organization_id, path, category, base, rule_set_id, due, explanation,
       CASE WHEN pay THEN due ELSE 0 END, CASE WHEN pay AND k < 5 THEN 10000 ELSE 0 END,
       CASE WHEN pay AND due > 0 THEN month + (5 + k %% 20) END,
       CASE WHEN NOT pay OR due = 0 THEN '' WHEN k < 400 THEN 'portal' WHEN k < 850 THEN 'cash' ELSE 'bank' END,
       CASE WHEN pay AND due > 0 AND k < 400 THEN 'DVC' || member_id || to_char(month, 'YYYYMM') ELSE '' END, ''
FROM (SELECT s.*, k, CASE WHEN s.month = %(current)s THEN k < 330
                          WHEN member_id %% 200 = 0 AND s.month BETWEEN date '2025-03-01' AND date '2025-06-01'
                          THEN false ELSE k >= 60 END AS pay
      FROM ("""
    + MONTH_SELECT
    + """) s CROSS JOIN LATERAL (SELECT ((member_id::bigint * 2654435761 + extract(month FROM s.month)::int * 7919
                                   + extract(year FROM s.month)::int) %% 1000003 %% 1000)::int AS k) kk) t
"""
)

CELL_SUMS_SQL = """
INSERT INTO dues_cellduesmonth (organization_id, path, month, members, due, paid, extra, owing, computed_at)
SELECT organization_id, min(path), month, count(*), sum(due), sum(paid), sum(extra),
       count(*) FILTER (WHERE due > paid AND excused_reason = ''), now()
FROM dues_duesmonth GROUP BY organization_id, month
"""

# Each cell remits 70% of a quarter's collection to its grassroots committee; each committee 30% of what its
# cells collected to the bloc (the figures only need to be plausible here: the statement reads them).
REMITTANCES_SQL = """
WITH q AS (
    SELECT c.organization_id AS cell_id, o.parent_id, p.path AS parent_path,
           date_trunc('quarter', c.month)::date AS qs, sum(c.paid + c.extra) AS collected
    FROM dues_cellduesmonth c JOIN organizations_organization o ON o.id = c.organization_id
    JOIN organizations_organization p ON p.id = o.parent_id
    WHERE c.month < date_trunc('quarter', %(today)s::date)
    GROUP BY 1, 2, 3, 4),
ins AS (
    INSERT INTO dues_remittance (created_at, updated_at, version, from_organization_id, to_organization_id, path,
        period_start, period_end, amount, paid_on, channel, reference, note)
    SELECT now(), now(), 1, cell_id, parent_id, parent_path, qs, (qs + interval '2 months')::date,
           round(collected * 0.7), (qs + interval '3 months' + interval '14 days')::date, 'bank', 'UNC-' || cell_id, ''
    FROM q WHERE collected > 0 RETURNING 1)
INSERT INTO dues_remittance (created_at, updated_at, version, from_organization_id, to_organization_id, path,
    period_start, period_end, amount, paid_on, channel, reference, note)
SELECT now(), now(), 1, parent_id, %(bloc)s, %(bloc_path)s, qs, (qs + interval '2 months')::date,
       round(sum(collected) * 0.3), (qs + interval '3 months' + interval '24 days')::date, 'bank',
       'UNC-' || parent_id, ''
FROM q GROUP BY parent_id, qs HAVING sum(collected) > 0
"""


def month_params(month: dt.date) -> dict[str, Any]:
    """The parameters of `MONTH_SELECT` for `month`: the rates of the rule set in force on its first day (read
    from the shipped rule sets' `params`)."""
    from dangbo.dues.models import DuesRuleSet

    rule_set = DuesRuleSet.objects.in_force_on(month).first()
    assert rule_set is not None, f"no dues rule set in force on {month}"
    cats = rule_set.params["categories"]
    names = sorted(cats)
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return {
        "month": month, "next": nxt, "rs": [rule_set.pk] * len(names), "cat": names,
        "bp": [int(cats[c].get("basis_points", 0)) for c in names],
        "fixed": [int(cats[c].get("fixed", 0)) for c in names],
        "age_years": (rule_set.params.get("party_age_exemption") or {}).get("years"),
    }  # fmt: skip


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The `count` months ending with `today`'s."""
    last = today.year * 12 + today.month - 1
    return [dt.date(k // 12, k % 12 + 1, 1) for k in range(last - count + 1, last + 1)]


def _tree(
    members: int, *, per_cell: int = MEMBERS_PER_CELL, cells_per_grassroots: int = CELLS_PER_GRASSROOTS
) -> tuple[Any, list[Any]]:
    """The bloc, its grassroots committees and their cells (written with the demo's bulk writer)."""
    from dangbo.demo.generator import BLOC_CODE, BLOC_NAME, write_rows
    from dangbo.organizations.enums import OrgKind, OrgType
    from dangbo.organizations.models import Organization, OrganizationPeriod, path_segment
    from dangbo.organizations.services import fill_derived_fields

    founded = dt.date(1970, 1, 1)
    bloc = Organization(pk=1, code=BLOC_CODE, name=BLOC_NAME, kind=OrgKind.UPPER, org_type=OrgType.PARTY_AGENCY,
                        founded_on=founded, depth=0, path=path_segment(1))  # fmt: skip
    fill_derived_fields(bloc)
    orgs: list[Any] = [bloc]
    cells: list[Any] = []
    n_cells = -(-members // per_cell)
    next_pk = 2
    for g in range(-(-n_cells // cells_per_grassroots)):
        gr = Organization(pk=next_pk, code=f"CS{g + 1:05d}", name=f"Đảng bộ Công ty số {g + 1}", parent=bloc,
                          kind=OrgKind.GRASSROOTS_COMMITTEE, org_type=OrgType.STATE_ENTERPRISE, founded_on=founded,
                          depth=1, path=bloc.path + path_segment(next_pk))  # fmt: skip
        fill_derived_fields(gr)
        orgs.append(gr)
        next_pk += 1
        for c in range(cells_per_grassroots):
            if len(cells) == n_cells:
                break
            cell = Organization(pk=next_pk, code=f"{gr.code}-{c + 1:02d}", name=f"Chi bộ Phòng {c + 1}", parent=gr,
                                kind=OrgKind.CELL, org_type=gr.org_type, founded_on=founded, depth=2,
                                path=gr.path + path_segment(next_pk))  # fmt: skip
            fill_derived_fields(cell)
            orgs.append(cell)
            cells.append(cell)
            next_pk += 1
    write_rows(orgs)
    write_rows([OrganizationPeriod(organization=o, name=o.name, parent_id=o.parent_id, valid_from=founded)
                for o in orgs])  # fmt: skip
    return bloc, cells


def _accounts(bloc: Any, cell: Any) -> None:
    """The demo accounts the benchmark logs in as: the bloc's organization board and office, the grassroots
    officer and the secretary of the first cell."""
    from django.contrib.auth.hashers import make_password

    from dangbo.accounts.enums import RoleKind
    from dangbo.accounts.models import Role, User
    from dangbo.demo.accounts import DEMO_PASSWORD

    password = make_password(DEMO_PASSWORD)
    for username, kind, org in [
        ("bantochuc", RoleKind.BLOC_ORGANIZATION_OFFICER, bloc), ("vanphong", RoleKind.BLOC_OFFICE_OFFICER, bloc),
        ("coso", RoleKind.GRASSROOTS_OFFICER, cell.parent), ("chibo", RoleKind.CELL_SECRETARY, cell),
    ]:  # fmt: skip
        user = User.objects.create(username=username, password=password)
        Role.objects.create(user=user, kind=kind, organization=org)


def _names() -> dict[str, list[str]]:
    from dangbo.core.text import normalize_search

    return {"f": FAMILY, "mi": MIDDLE, "g": GIVEN, "nf": [normalize_search(x) for x in FAMILY],
            "nmi": [normalize_search(x) for x in MIDDLE], "ng": [normalize_search(x) for x in GIVEN]}  # fmt: skip


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Member, Organization]):
            cursor.execute(statement)


def build_province(members: int, today: dt.date) -> dict[str, Any]:
    """The tree, the members with their history, categories, bases and reliefs (see the module docstring)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        bloc, cells = _tree(members)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_cells (idx int, id bigint, path text) ON COMMIT DROP")
            cursor.executemany("INSERT INTO bench_cells VALUES (%s, %s, %s)",
                               [(k, c.pk, c.path) for k, c in enumerate(cells)])  # fmt: skip
            cursor.execute("DROP TABLE IF EXISTS bench_people")
            cursor.execute(PEOPLE_SQL, {"n": members})
            cursor.execute(DATES_SQL, {"today": today})
            cursor.execute(MEMBERS_SQL, _names())
            for statement in HISTORY_SQL:
                cursor.execute(statement)
            cursor.execute("DROP TABLE bench_people")
        _reset_sequences()
        _accounts(bloc, cells[0])
    seconds = round(time.perf_counter() - started, 1)
    print(f"  {members:,} members in {len(cells):,} cells with their history and dues bases in {seconds} s",
          flush=True)  # fmt: skip
    return {"members": members, "cells": len(cells), "seconds": seconds}


def _rows(cursor: Any, table: str) -> list[tuple[str, str, bool]]:
    cursor.execute(
        """SELECT i.indexname, i.indexdef, c.conname IS NOT NULL FROM pg_indexes i
           LEFT JOIN pg_constraint c ON c.conname = i.indexname
           WHERE i.tablename = %s AND i.indexname NOT LIKE '%%_pkey'""",
        [table],
    )
    return list(cursor.fetchall())


def load_ledger(*, today: dt.date, months: int, bloc: Any) -> dict[str, Any]:
    """The ledger rows of `months` months ending with today's (see `LOAD_MONTH_SQL`), the cells' sums and the
    remittances; indexes dropped during the load and rebuilt after, foreign-key triggers off."""
    from django.db import connection, transaction

    stats: dict[str, Any] = {"months": months}
    started = time.perf_counter()
    current = months_back(today, 1)[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE dues_duesmonth, dues_cellduesmonth, dues_remittance RESTART IDENTITY")
        indexes = _rows(cursor, "dues_duesmonth")
        for name, _definition, constraint in indexes:
            if constraint:
                cursor.execute(f'ALTER TABLE dues_duesmonth DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL session_replication_role = replica")
        rows = 0
        for month in months_back(today, months):
            cursor.execute(LOAD_MONTH_SQL, {**month_params(month), "current": current})
            rows += cursor.rowcount
            print(f"  {month:%m/%Y}: {cursor.rowcount:,} ledger rows", flush=True)
        stats["rows"] = rows
        stats["insert_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        for name, definition, constraint in indexes:
            if constraint:
                columns = definition[definition.index("(") :]
                cursor.execute(f'ALTER TABLE dues_duesmonth ADD CONSTRAINT "{name}" UNIQUE {columns}')
            else:
                cursor.execute(definition)
        stats["index_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        cursor.execute(CELL_SUMS_SQL)
        stats["cell_months"] = cursor.rowcount
        cursor.execute(REMITTANCES_SQL, {"today": today, "bloc": bloc.pk, "bloc_path": bloc.path})
        stats["sums_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {rows:,} ledger rows in {stats['insert_seconds']} s, indexes in {stats['index_seconds']} s, "
          f"{stats['cell_months']:,} cell-months and remittances in {stats['sums_seconds']} s", flush=True)  # fmt: skip
    return stats
