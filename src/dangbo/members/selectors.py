"""Reads of member data, always limited to a scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.dates import add_years
from dangbo.core.models import AuditEntry
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import roll_up_as_of

from .enums import ON_ROLLS
from .models import CellMembership, Member
from .name_index import NameIndex, is_large_scope
from .search import BROAD_SEARCH_MATCHES as BROAD_SEARCH_MATCHES
from .search import SEARCH_KEY_ALIAS as SEARCH_KEY_ALIAS
from .search import MemberResults, name_key
from .search import in_vietnamese_order as in_vietnamese_order
from .search import name_search_q as name_search_q
from .search import search_members as search_members

StrOrPromise = str | Promise


def _in_subtrees(q: Q) -> Q:
    """Members whose organization matches `q` (a Q on the organization), as an id subquery.

    `organization_id IN (SELECT id FROM organizations_organization WHERE path LIKE 'prefix%')` lets
    PostgreSQL start from the subtree (path index, then the members' organization index) instead of
    joining the organizations after a search over the whole table (bench/README.md).
    """
    return Q(organization_id__in=Organization.objects.filter(q).values("id"))


def members_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS, include_self: bool = True) -> QuerySet[Member]:
    """Members the user may see: those in the subtrees where they hold `right`, and themselves.

    `include_self=False` leaves the user's own record out unless `right` covers it: writes, exports and
    audit pages need the right itself, not just the fact of being the member.
    """
    q = _in_subtrees(scope.path_q(right)) if scope.has_right(right) else Q(pk__in=[])
    if include_self and scope.member_id is not None:
        q |= Q(pk=scope.member_id)
    return Member.objects.filter(q)


def member_counts_as_of(scope: Scope, *, day: dt.date, right: str = Right.VIEW_ORGS) -> dict[int, int]:
    """Members in each organization's subtree on `day`, keyed by organization id: the cell memberships in force
    on `day`, grouped by cell, summed up the tree as it stood that day over the organizations the scope sees
    for `right` (`organizations.selectors.roll_up_as_of`). Two queries."""
    per_cell = (
        CellMembership.objects.filter(start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .values("organization_id")
        .annotate(n=Count("id"))
    )
    return roll_up_as_of(scope, day=day, per_org={row["organization_id"]: row["n"] for row in per_cell}, right=right)


def member_counts_by_path_prefix(paths: Iterable[str]) -> dict[str, int]:
    """Members on the rolls in each given subtree, counted with one grouped query."""
    paths = list(paths)
    if not paths:
        return {}
    rows = Member.objects.filter(status__in=ON_ROLLS).values("organization__path").annotate(n=Count("id"))
    q = Q()
    for p in paths:
        q |= Q(organization__path__startswith=p)
    counts = dict.fromkeys(paths, 0)
    for row in rows.filter(q):
        org_path = row["organization__path"]
        for p in paths:
            if org_path.startswith(p):
                counts[p] += row["n"]
    return counts


def memberships_on(day: dt.date, path: str) -> QuerySet[CellMembership]:
    """Cell memberships under `path` (today's tree) on the rolls on `day`: begun on or before it, not ended by
    it (dated cell membership, whose end is exclusive). The one "on the rolls on a day" of the registry: the
    dashboard's denominators and the admission quotas count these."""
    cells = Organization.objects.filter(path__startswith=path).values("id")
    return (
        CellMembership.objects.filter(organization_id__in=cells, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .order_by()
    )


def members_of_org_on(org: Organization, day: dt.date) -> QuerySet[Member]:
    """Members who belonged to a cell of `org`'s subtree on `day` (from dated cell membership)."""
    return Member.objects.filter(pk__in=memberships_on(day, org.path).values("member_id"))


# Age and seniority bands of the member list: code -> (label, lowest years, highest years or None).
AGE_BANDS: dict[str, tuple[StrOrPromise, int, int | None]] = {
    "lt30": (_("Dưới 30"), 0, 29),
    "30-39": (_("Từ 30 đến 39"), 30, 39),
    "40-49": (_("Từ 40 đến 49"), 40, 49),
    "50-59": (_("Từ 50 đến 59"), 50, 59),
    "gte60": (_("Từ 60 trở lên"), 60, None),
}
SENIORITY_BANDS: dict[str, tuple[StrOrPromise, int, int | None]] = {
    "lt5": (_("Dưới 5 năm"), 0, 4),
    "5-9": (_("Từ 5 đến 9 năm"), 5, 9),
    "10-19": (_("Từ 10 đến 19 năm"), 10, 19),
    "20-29": (_("Từ 20 đến 29 năm"), 20, 29),
    "gte30": (_("Từ 30 năm trở lên"), 30, None),
}
STATUS_ON_ROLLS = ""  # the list's default: members still on the rolls
STATUS_ANY = "all"


@dataclass(frozen=True)
class MemberFilters:
    """The member list's filters, JSON-ready so a background export can rebuild the same list."""

    status: str = STATUS_ON_ROLLS
    organization_id: int | None = None
    gender: str = ""
    age_band: str = ""
    seniority_band: str = ""
    theory_level: str = ""
    text: str = ""

    def as_params(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> MemberFilters:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in params.items() if k in names})


def _band_q(field_name: str, band: tuple[StrOrPromise, int, int | None], today: dt.date) -> Q:
    """Years since `field_name` lie in [low, high]: a date range, so an index on the column serves it."""
    _, low, high = band
    q = Q(**{f"{field_name}__lte": add_years(today, -low)})
    if high is not None:
        q &= Q(**{f"{field_name}__gt": add_years(today, -(high + 1))})
    return q


def filter_members(
    qs: QuerySet[Member], filters: MemberFilters, *, organization: Organization | None = None, today: dt.date
) -> QuerySet[Member]:
    """Apply the list filters to an already scoped queryset.

    `organization` is the subtree the caller has already checked against the scope (the filter's
    `organization_id` resolved). Seniority bands count years from the admission decision; the exact
    seniority, minus gaps, is on the member page.
    """
    qs = qs.filter(_status_q(filters))
    if organization is not None:
        qs = qs.filter(_in_subtrees(Q(path__startswith=organization.path)))
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.age_band in AGE_BANDS:
        qs = qs.filter(_band_q("birth_date", AGE_BANDS[filters.age_band], today))
    if filters.seniority_band in SENIORITY_BANDS:
        qs = qs.filter(_band_q("admission_decision_date", SENIORITY_BANDS[filters.seniority_band], today))
    if filters.theory_level:
        qs = qs.filter(political_theory_level=filters.theory_level)
    if filters.text:
        qs = search_members(qs, filters.text)
    return qs


def _status_q(filters: MemberFilters) -> Q:
    if filters.status == STATUS_ON_ROLLS:
        return Q(status__in=ON_ROLLS)
    if filters.status != STATUS_ANY:
        return Q(status=filters.status)
    return Q()


def member_results(
    scope: Scope, filters: MemberFilters, *, organization: Organization | None, today: dt.date, count_at_least: int = 0
) -> MemberResults:
    """The member list: the members in scope (without the user's own record), filtered as `filter_members`
    does, in Vietnamese order, with the list's capped count.

    A name search over a large part of the tree on PostgreSQL, with no filter but the status and the
    organization, reads the name index: its rows carry the cell's path and the status (decision 0058).
    """
    qs = filter_members(members_for(scope, include_self=False), filters, organization=organization, today=today)
    key = name_key(filters.text)
    plain = not (filters.gender or filters.age_band or filters.seniority_band or filters.theory_level)
    index = None
    if key and plain and connection.vendor == "postgresql":
        where = scope.path_q(Right.VIEW_MEMBERS)
        if organization is not None:
            where &= Q(path__startswith=organization.path)
        if is_large_scope(where):
            index = NameIndex(key, where=where & _status_q(filters))
    return MemberResults(qs, count_at_least=count_at_least, index=index)


def member_timeline(member: Member) -> list[tuple[dt.date, str, Any]]:
    """Status periods and cell memberships of one member, dated, oldest first: (start, kind, period)."""
    events: list[tuple[dt.date, str, Any]] = [(p.start, "status", p) for p in member.status_periods.all()]
    events += [(m.start, "cell", m) for m in member.memberships.select_related("organization")]
    events.sort(key=lambda e: (e[0], 0 if e[1] == "status" else 1))
    return events


def organization_path_of(org: Organization) -> list[Organization]:
    """The organization and its ancestors, root first (for a breadcrumb)."""
    return list(Organization.objects.filter(path__in=org.ancestor_paths()).order_by("depth"))


def member_history_entries(member: Member) -> QuerySet[AuditEntry]:
    """The audit entries about one member, newest first (the caller has checked the member is in scope)."""
    return AuditEntry.objects.filter(object_type="member", object_id=str(member.pk)).select_related("actor")
