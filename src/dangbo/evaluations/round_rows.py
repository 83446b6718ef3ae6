"""The rating rows of a new round, written set-based: a few statements whatever the number of members (decision 0056).

Python reads the tree once (each active organization with its grassroots organization and sector, as
`services._units` finds them) and applies the rules only to the members they might take out of the rating: exempt
on the reference date, admitted recently, or named in a suspension or exemption record. Both land in two temporary
tables; then one `INSERT … SELECT` writes a rating for every member on the rolls of the tree's cells, with the cell
it held on the reference date, and one more for the cells and grassroots organizations. No Python runs per member.

A member's status and cell on the reference date come from the dated history as `facts.standing_on` reads them:
the latest period covering the day (by start, then id) wins; a member whose status history does not cover the day
keeps the current record, and so does one whose cell that day is not a cell of the tree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.movements.enums import MovementKind
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import RatingStep, SubjectKind
from .facts import Records, records_on
from .models import RatingCampaign
from .params import RuleSetData
from .rules import SubjectFacts, evaluate

GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
UNITS = "evaluations_round_unit"  # temporary: the tree's organizations with their snapshot and collective reasons
REASONS = "evaluations_round_reason"  # temporary: the members the rules do not rate, with their reasons
CHUNK = 2000
# Memory for each sort and hash of the round's statements (PostgreSQL; this transaction only): numbering every
# member's cell memberships and status periods spills to disk at the server's default (4 MB). Measured over
# 2,000,000 members: the statements took 43.6 s with it, 58.3 s without (decision 0056, addendum 2).
WORK_MEM = "256MB"


@dataclass
class Unit:
    org: Organization
    grassroots: Organization | None


@dataclass(frozen=True)
class Written:
    members: int
    members_not_rated: int
    organizations: int
    organizations_not_rated: int


def _covering(alias: str) -> str:
    return f'{alias}.start <= %(day)s AND ({alias}."end" IS NULL OR {alias}."end" > %(day)s)'  # end exclusive


# The members on the rolls of the tree's cells (`%(on_rolls)s`: one placeholder per status, see `_expand`).
_MEMBERS = f"members_member m JOIN {UNITS} home ON home.id = m.organization_id AND home.holds_members"
_ON_ROLLS = "m.status IN %(on_rolls)s"
_IN_TREE = f"SELECT m.id FROM {_MEMBERS} WHERE {_ON_ROLLS}"


def _latest(table: str, alias: str, column: str, where: str = "") -> str:
    """Each member's latest period of `table` covering the day (by start, then id), numbered 1."""
    return f"""SELECT {alias}.member_id, {alias}.{column},
        ROW_NUMBER() OVER (PARTITION BY {alias}.member_id ORDER BY {alias}.start DESC, {alias}.id DESC) AS n
        FROM {table} {alias} WHERE {_covering(alias)} AND {alias}.member_id IN ({where or _IN_TREE})"""


# Who the rules might not rate, with the status on the day; Python decides. A superset is harmless: each is
# checked as its rating would be. Exempt on the day means a covering exempt period, or no covering period and a
# current record saying exempt: only those, the recently admitted and the members named in a record need the day's
# status.
CANDIDATES_SQL = f"""
WITH k AS (
    SELECT m.id FROM {_MEMBERS}
    WHERE {_ON_ROLLS}
      AND (m.status = %(exempt)s OR m.admission_decision_date > %(recent)s
           OR m.id IN (SELECT p.member_id FROM members_memberstatusperiod p
                       WHERE p.status = %(exempt)s AND {_covering("p")})
           OR m.id IN (SELECT r.member_id FROM movements_movement r WHERE r.kind IN (%(suspension)s, %(exemption)s)))
)
SELECT m.id, m.admission_decision_date, COALESCE(s.status, m.status)
FROM members_member m JOIN k ON k.id = m.id
LEFT JOIN ({_latest("members_memberstatusperiod", "p", "status", "SELECT id FROM k")}) s
       ON s.member_id = m.id AND s.n = 1
"""

_COLUMNS = """created_at, updated_at, version, campaign_id, year, subject_kind, member_id, organization_id, unit_id,
    unit_path, grassroots_id, org_type, step, not_rated, self_level, score, score_sheet, self_review, review_level,
    proposed_level, decided_level, final_level, reasons, override_reason"""

# The cell on the day counts only for a member whose status history covers the day (as `standing_on` reads it).
_WITH_STATUS = (
    f"SELECT p.member_id FROM members_memberstatusperiod p WHERE {_covering('p')} AND p.member_id IN ({_IN_TREE})"
)
_CELL_ON_DAY = _latest("members_cellmembership", "c", "organization_id", _WITH_STATUS)

MEMBERS_SQL = f"""
INSERT INTO evaluations_rating ({_COLUMNS})
SELECT %(now)s, %(now)s, 1, %(campaign)s, %(year)s, %(member)s, m.id, NULL, u.id, u.path, u.grassroots_id,
       u.org_type, %(pending)s, r.member_id IS NOT NULL, '', NULL, '{{}}', '', '', '', '', '',
       COALESCE(r.reasons, '[]'), ''
FROM {_MEMBERS}
LEFT JOIN ({_CELL_ON_DAY}) c ON c.member_id = m.id AND c.n = 1
LEFT JOIN {UNITS} there ON there.id = c.organization_id AND there.holds_members
JOIN {UNITS} u ON u.id = COALESCE(there.id, home.id)
LEFT JOIN {REASONS} r ON r.member_id = m.id
WHERE {_ON_ROLLS}
"""

COLLECTIVES_SQL = f"""
INSERT INTO evaluations_rating ({_COLUMNS})
SELECT %(now)s, %(now)s, 1, %(campaign)s, %(year)s, u.subject_kind, NULL, u.id, u.id, u.path, u.grassroots_id,
       u.org_type, %(pending)s, u.not_rated, '', NULL, '{{}}', '', '', '', '', '', u.reasons, ''
FROM {UNITS} u WHERE u.subject_kind IS NOT NULL
ORDER BY u.path
"""


def _json_type() -> str:
    return "jsonb" if connection.vendor == "postgresql" else "text"


def _create_tables(cursor: Any) -> None:
    json_type = _json_type()
    cursor.execute(
        f"""CREATE TEMPORARY TABLE {UNITS} (id bigint PRIMARY KEY, path varchar(255) NOT NULL,
            grassroots_id bigint NULL, org_type varchar(30) NOT NULL, holds_members boolean NOT NULL,
            subject_kind varchar(20) NULL, not_rated boolean NOT NULL, reasons {json_type} NOT NULL)"""
    )
    cursor.execute(f"CREATE TEMPORARY TABLE {REASONS} (member_id bigint PRIMARY KEY, reasons {json_type} NOT NULL)")


def _drop_tables(cursor: Any) -> None:
    for table in (UNITS, REASONS):
        cursor.execute(f"DROP TABLE {table}")


def _fill(cursor: Any, table: str, columns: int, rows: Iterable[Sequence[Any]]) -> None:
    marks = ", ".join(["%s"] * columns)
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
            batch = []
    if batch:
        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")  # the planner knows nothing of a temporary table otherwise


def tree_units(root: Organization) -> dict[int, Unit]:
    """Every active organization of the subtree with its grassroots organization (one query)."""
    orgs = list(Organization.objects.filter(path__startswith=root.path, dissolved_on__isnull=True).order_by("path"))
    by_path = {o.path: o for o in orgs}
    out: dict[int, Unit] = {}
    for o in orgs:
        grassroots = next(
            (by_path[p] for p in o.ancestor_paths() if p in by_path and by_path[p].kind in GRASSROOTS_KINDS), None
        )
        out[o.pk] = Unit(o, grassroots)
    return out


def _collective_kind(org: Organization) -> SubjectKind | None:
    if org.kind in GRASSROOTS_KINDS:
        return SubjectKind.GRASSROOTS
    return SubjectKind.CELL if org.kind == OrgKind.CELL else None


def _not_rated(rule_set: RuleSetData, facts: SubjectFacts) -> list[str]:
    verdict = evaluate(rule_set, facts)
    return verdict.messages if verdict.not_rated else []


def _unit_rows(campaign: RatingCampaign, rule_set: RuleSetData, units: dict[int, Unit]) -> tuple[list[Any], int]:
    """One row per organization of the tree (with the reasons of a collective the rules do not rate); how many."""
    rows, not_rated = [], 0
    for unit in units.values():
        org, grassroots = unit.org, unit.grassroots
        kind = _collective_kind(org)
        reasons: list[str] = []
        if kind is not None:
            facts = SubjectFacts(kind, campaign.year, campaign.reference_date, founded_on=org.founded_on)
            reasons = _not_rated(rule_set, facts)
            not_rated += bool(reasons)
        sector = grassroots.org_type if grassroots is not None else org.org_type
        rows.append((org.pk, org.path, grassroots.pk if grassroots is not None else None, sector, org.holds_members,
                     kind.value if kind is not None else None, bool(reasons), json.dumps(reasons)))  # fmt: skip
    return rows, not_rated


def _params(round_: RatingCampaign, **more: Any) -> dict[str, Any]:
    return {"day": round_.reference_date, **more}


def _expand(sql: str) -> str:
    """The statuses on the rolls as one placeholder each (a tuple parameter is not portable)."""
    return sql.replace("%(on_rolls)s", "(" + ", ".join(f"%(on_rolls_{i})s" for i in range(len(ON_ROLLS))) + ")")


def _rolls() -> dict[str, str]:
    return {f"on_rolls_{i}": str(status) for i, status in enumerate(sorted(ON_ROLLS))}


def _member_reasons(cursor: Any, campaign: RatingCampaign, rule_set: RuleSetData) -> list[tuple[int, str]]:
    """(member id, reasons as JSON) of each member of the tree the rules do not rate on the reference date."""
    year, day = campaign.year, campaign.reference_date
    months = rule_set.params.not_rated.admitted_within_months
    recent = day - dt.timedelta(days=31 * (months + 1)) if months else None  # a cheap pre-filter
    records = records_on(day)  # suspended or exempt that day by a movement record (few across the tree)
    kinds = {"suspension": MovementKind.SUSPENSION.value, "exemption": MovementKind.EXEMPTION.value}
    params = _params(campaign, exempt=MemberStatus.EXEMPT.value, recent=recent or dt.date.max, **kinds, **_rolls())
    cursor.execute(_expand(CANDIDATES_SQL), params)
    out = []
    for pk, admitted, status in cursor.fetchall():
        held = records.get(pk)
        if status == MemberStatus.EXEMPT or held is not None or (recent is not None and admitted > recent):
            facts = SubjectFacts(
                SubjectKind.MEMBER, year, day, status=status, admitted_on=admitted, **(held or Records()).facts()
            )
            reasons = _not_rated(rule_set, facts)
            if reasons:
                out.append((pk, json.dumps(reasons)))
    return out


def write_ratings(campaign: RatingCampaign, rule_set: RuleSetData, units: dict[int, Unit]) -> Written:
    """Every rating of the new round `campaign` over the organizations `units` (call inside its transaction)."""
    unit_rows, orgs_not_rated = _unit_rows(campaign, rule_set, units)
    params = _params(campaign, now=timezone.now(), campaign=campaign.pk, year=campaign.year,
                     member=SubjectKind.MEMBER.value, pending=RatingStep.PENDING.value, **_rolls())  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        _create_tables(cursor)
        _fill(cursor, UNITS, 8, unit_rows)
        reasons = _member_reasons(cursor, campaign, rule_set)
        _fill(cursor, REASONS, 2, reasons)
        cursor.execute(_expand(MEMBERS_SQL), params)
        members = cursor.rowcount
        cursor.execute(COLLECTIVES_SQL, params)
        organizations = cursor.rowcount
        _drop_tables(cursor)
    return Written(members, len(reasons), organizations, orgs_not_rated)
