"""Yearly admission quotas per grassroots organization, progress against them, and the year-end projection.

The counts (reads; the writes are in `quota_services.py`):
- members on 1 January: cell memberships on the rolls that day (`members.selectors.memberships_on`, the same
  count as the dashboard's denominator), under the grassroots organization in today's tree;
- the suggested quota: the rule set's quota percent (`quota.suggested_percent` in `AdmissionRuleSet.params`;
  3%, the plan's lower bound, when no rule set covers the day) of those members, rounded up;
- admitted in the year: candidacies whose admission decision (`decided_on`) falls in the year and that were
  admitted (stage DECIDED or later, struck off the probationary list afterwards included: they were admitted);
- likely: candidacies past the cell's vote and not decided yet (CELL_RESOLVED, COMMITTEE_RESOLVED), counted
  for the current year only; a DECIDED candidacy with its decision in the year is already admitted.

The dashboard's admission rate (`planning.kpi`, `planning.live`) reads `admitted_in` and
`projection`; the grading against the plan's target stays in `planning.grading`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.text import percent_of, percent_text
from dangbo.members.selectors import memberships_on
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import LIKELY, Stage
from .models import Candidate, Quota
from .rules import rules_on

GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})
# Admitted: the decision was made (and not undone); later exits do not undo an admission.
ADMITTED = frozenset({Stage.DECIDED, Stage.PROBATION, Stage.FULL, Stage.STRUCK_OFF})
# Likely admitted this year: past the cell's vote, no decision yet (a decision in the year is counted above).
PENDING_LIKELY = frozenset(LIKELY - {Stage.DECIDED})
# The plan's 3–4%: its lower bound, when no valid admission rule set covers 1 January.
DEFAULT_QUOTA_PERCENT = Decimal(3)
_STEP = PATH_SEGMENT_WIDTH + 1

METHOD_TEXT = _(
    "Dự báo cuối năm = (số đã có quyết định kết nạp trong năm + số có khả năng kết nạp) / số đảng viên ngày "
    "01/01. Một quần chúng đã được chi bộ biểu quyết đề nghị được tính là có khả năng kết nạp trong năm: "
    "hồ sơ đang chờ đảng ủy cơ sở đề nghị hoặc chờ quyết định kết nạp. Hồ sơ đã có quyết định kết nạp trong "
    "năm được tính vào số đã kết nạp, không tính hai lần."
)
RATE_DEFINITION = _(
    "Tỷ lệ kết nạp đảng viên mới = số người có quyết định kết nạp trong năm (theo hồ sơ kết nạp đảng) / số "
    "đảng viên sinh hoạt tại chi bộ ngày 01/01 của năm."
)


def first_january(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def quota_percent(year: int) -> Decimal:
    """The suggested quota percent (`quota.suggested_percent`) of the admission rule set in force on 1 January
    of `year`, or the plan's lower bound, 3%, when no valid rule set covers that day."""
    try:
        return Decimal(rules_on(first_january(year)).quota_percent)
    except DomainError:
        return DEFAULT_QUOTA_PERCENT


def suggested_quota(members: int, percent: Decimal) -> int:
    """`percent` of `members`, rounded up (3% of 40 is 1.2: 2 admissions), exact in integers."""
    hundredths = int(percent * 100)
    return -(-members * hundredths // 10_000)


def admitted_in(year: int, path: str) -> QuerySet[Candidate]:
    """Candidacies prepared by a cell under `path` (today's tree) admitted by a decision dated in `year`."""
    first, last = first_january(year), dt.date(year, 12, 31)
    return Candidate.objects.filter(
        cell__path__startswith=path, stage__in=sorted(ADMITTED), decided_on__range=(first, last)
    ).order_by()


def likely_in(year: int, path: str, *, today: dt.date) -> QuerySet[Candidate]:
    """Candidacies under `path` past the cell's vote and not decided yet: likely admissions of `year` when it
    is the current year (none for another year: a past year is closed, a later one has no pipeline yet)."""
    if year != today.year:
        return Candidate.objects.none()
    return Candidate.objects.filter(cell__path__startswith=path, stage__in=sorted(PENDING_LIKELY)).order_by()


def members_on_first_january(year: int, path: str) -> int:
    return memberships_on(first_january(year), path).aggregate(n=Count("member_id", distinct=True))["n"]


@dataclass(frozen=True)
class Projection:
    """Admitted so far, likely still this year, and members on 1 January, under one path."""

    year: int
    admitted: int
    likely: int
    members: int

    @property
    def projected(self) -> int:
        return self.admitted + self.likely


def projection(path: str, year: int, *, today: dt.date) -> Projection:
    """The year-end projection under `path` (see the module docstring for what counts)."""
    return Projection(
        year=year,
        admitted=admitted_in(year, path).count(),
        likely=likely_in(year, path, today=today).count(),
        members=members_on_first_january(year, path),
    )


@dataclass(frozen=True)
class QuotaRow:
    """One grassroots organization's quota and progress in a year."""

    organization: Organization
    members: int
    suggested: int
    quota: Quota | None
    admitted: int
    likely: int

    @property
    def quota_value(self) -> int | None:
        return self.quota.quota if self.quota is not None else None

    @property
    def projected(self) -> int:
        return self.admitted + self.likely

    @property
    def rate_text(self) -> str:
        """Admitted so far over members on 1 January ("5,0%")."""
        return percent_text(percent_of(self.admitted, self.members))

    @property
    def projected_text(self) -> str:
        """The year-end projection: admitted and likely over members on 1 January."""
        return percent_text(percent_of(self.projected, self.members))

    @property
    def quota_text(self) -> str:
        """Admitted against the quota ("1/2"), "—" without a quota."""
        return "—" if self.quota is None else f"{self.admitted}/{self.quota.quota}"

    @property
    def remaining(self) -> int | None:
        """Admissions still needed to reach the quota (0 once reached), None without a quota."""
        return None if self.quota is None else max(self.quota.quota - self.admitted, 0)


def grassroots_in_scope(scope: Scope, year: int, right: str = Right.VIEW_ADMISSIONS) -> QuerySet[Organization]:
    """Grassroots organizations active at some point of `year` in the subtrees where the user holds `right`."""
    first, last = first_january(year), dt.date(year, 12, 31)
    return (
        Organization.objects.filter(scope.path_q(right, "path"), kind__in=sorted(GRASSROOTS_KINDS))
        .filter(founded_on__lte=last)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("sort_key")
    )


def holds_grassroots(scope: Scope, right: str = Right.VIEW_ADMISSIONS) -> bool:
    """Whether the user's scope for `right` holds a grassroots organization: quotas are set and counted per
    grassroots organization, so a scope that is only a cell (a cell secretary's) has no quota to see; showing its
    grassroots organization's row would give counts from the other cells, outside that scope."""
    return Organization.objects.filter(scope.path_q(right, "path"), kind__in=sorted(GRASSROOTS_KINDS)).exists()


def _grassroots_path(path: str, grassroots_paths: dict[str, int]) -> str | None:
    """The grassroots organization's path that `path` (a cell's) lies under, among the keys of `grassroots_paths`."""
    for end in range(_STEP, len(path) + 1, _STEP):
        if path[:end] in grassroots_paths:
            return path[:end]
    return None


def _add_by_grassroots(out: dict[str, int], rows: QuerySet, key: str) -> None:
    """Add each row's count `n`, grouped by a cell's path under `key`, to its grassroots organization in `out`."""
    for row in rows:
        grassroots = _grassroots_path(row[key], out)
        if grassroots is not None:
            out[grassroots] += row["n"]


def quota_rows(scope: Scope, *, year: int, today: dt.date) -> list[QuotaRow]:
    """Each grassroots organization in the user's scope with its members on 1 January, suggested and set
    quota, admitted and likely admissions in `year` (a few grouped queries per top organization of the scope,
    whatever the number of units)."""
    orgs = list(grassroots_in_scope(scope, year))
    if not orgs:
        return []
    members = dict.fromkeys((o.path for o in orgs), 0)
    admitted, likely = dict(members), dict(members)
    for top in scope.paths(Right.VIEW_ADMISSIONS):
        rolls = memberships_on(first_january(year), top).values("organization__path")
        _add_by_grassroots(members, rolls.annotate(n=Count("member_id", distinct=True)), "organization__path")
        decided = admitted_in(year, top).values("cell__path").annotate(n=Count("id"))
        _add_by_grassroots(admitted, decided, "cell__path")
        pending = likely_in(year, top, today=today).values("cell__path").annotate(n=Count("id"))
        _add_by_grassroots(likely, pending, "cell__path")
    quotas = {q.organization_id: q for q in Quota.objects.filter(year=year, organization__in=orgs)}
    percent = quota_percent(year)
    return [
        QuotaRow(
            organization=o,
            members=members[o.path],
            suggested=suggested_quota(members[o.path], percent),
            quota=quotas.get(o.pk),
            admitted=admitted[o.path],
            likely=likely[o.path],
        )
        for o in orgs
    ]


@dataclass(frozen=True)
class QuotaTotals:
    """The sums of the rows shown: members on 1 January, quotas, admitted and likely, and the rates."""

    members: int
    suggested: int
    quota: int
    admitted: int
    likely: int

    @property
    def rate_text(self) -> str:
        return percent_text(percent_of(self.admitted, self.members))

    @property
    def projected_text(self) -> str:
        return percent_text(percent_of(self.admitted + self.likely, self.members))


def totals(rows: list[QuotaRow]) -> QuotaTotals:
    return QuotaTotals(
        members=sum(r.members for r in rows),
        suggested=sum(r.suggested for r in rows),
        quota=sum(r.quota_value or 0 for r in rows),
        admitted=sum(r.admitted for r in rows),
        likely=sum(r.likely for r in rows),
    )
