"""Reads of plans, targets and the dashboard, always limited to a scope.

The dashboard reads the pre-aggregated `KpiValue` rows (see `kpi.py`): a handful of queries whatever the size
of the tree. The headline figures of a year whose round is still open, and a cell's, are computed live with a
few aggregates (`live.py`); so is the current year's admission rate of the headline cards, from the admission
records as they stand, with its year-end projection beside it (`admissions.quotas.projection`). Only the
drill-down to a unit's rated members reads ratings, one page at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.admissions.quotas import METHOD_TEXT, Projection, projection
from dangbo.evaluations.enums import CampaignState, SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.members.selectors import members_for
from dangbo.organizations.enums import OrgKind, OrgType
from dangbo.organizations.models import Organization

from . import cell_life
from .enums import Metric
from .figures import CELL_LIFE_METRICS as CELL_LIFE_METRICS

# Re-exported: the pages, the API and the report import the figures from here.
from .figures import METRICS as METRICS
from .figures import SHORT_LABELS as SHORT_LABELS
from .figures import BelowTarget as BelowTarget
from .figures import Figure as Figure
from .figures import UnitFigures as UnitFigures
from .figures import figures_of
from .figures import plan_citation as plan_citation
from .grading import scaled_numerator, short_q
from .kpi import stored_cell_life
from .live import live_figures, open_round_q
from .models import KpiSectorValue, KpiValue, Plan, Target

BELOW_TARGET_LIMIT = 100
UNITS_PER_PAGE = 50


@dataclass
class Dashboard:
    year: int
    years: list[int]
    roots: list[UnitFigures]
    trends: dict[str, list[float | None]]
    targets: dict[str, Target]
    sectors: list[UnitFigures]
    below: list[BelowTarget]
    below_total: int
    units: list[UnitFigures]
    units_total: int
    page: int
    pages: int
    notes: list[str | Promise] = field(default_factory=list)
    trend_texts: dict[str, list[str]] = field(default_factory=dict)  # the trends as shown: "86,7%", "—"
    as_of: dt.datetime | None = None  # when the provisional figures of an open round were computed
    cell_life_as_of: dt.datetime | None = None  # when the stored cell-life figures of the current year were

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.roots)


def plans_for(scope: Scope) -> QuerySet[Plan]:
    """Plans with their targets (public party documents: every user with a view right sees them)."""
    if not scope.has_right(Right.VIEW_ORGS):
        return Plan.objects.none()
    return Plan.objects.prefetch_related("targets")


def targets_by_year(years: list[int]) -> dict[int, dict[str, Target]]:
    """The target of each metric in force in each year (the latest plan wins), with one query."""
    out: dict[int, dict[str, Target]] = {y: {} for y in years}
    for target in Target.objects.select_related("plan").order_by("plan__issued_on", "year_from"):
        for year in years:
            if target.year_from <= year <= target.year_to:
                out[year][target.metric] = target
    return out


def _paths_q(paths: list[str]) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(path__startswith=p) for p in paths))


def _unit_rows(rows: QuerySet[KpiValue], targets: dict[str, Target]) -> list[UnitFigures]:
    by_org: dict[int, dict[str, tuple[int, int]]] = {}
    meta: dict[int, tuple[str, str, str]] = {}
    for row in rows.select_related("organization").order_by("path"):
        by_org.setdefault(row.organization_id, {})[row.metric] = (row.numerator, row.denominator)
        meta.setdefault(row.organization_id, (row.organization.name, row.path, row.org_type))
    return [UnitFigures(org_id, *meta[org_id], figures_of(counts, targets)) for org_id, counts in by_org.items()]


def _top_paths(paths: list[str]) -> list[str]:
    """`paths` without those under another of them (so sums over them count each organization once)."""
    ordered = sorted(set(paths))
    return [p for i, p in enumerate(ordered) if not any(p.startswith(q) for q in ordered[:i])]


def _sector_rows(paths: list[str], *, year: int) -> tuple[list[KpiSectorValue], list[str]]:
    """The stored per-sector rows of the upper organizations at `paths`, and the paths that have none
    (grassroots organizations or units below them, or organizations without figures), read the long way."""
    top = _top_paths(paths)
    rows = list(KpiSectorValue.objects.filter(year=year, organization__path__in=top).select_related("organization"))
    stored = {r.organization.path for r in rows}
    return rows, [p for p in top if p not in stored]


def grassroots_page(paths: list[str], *, year: int, targets: dict[str, Target], page: int) -> tuple[
    list[UnitFigures], int, int
]:  # fmt: skip
    """One page of the grassroots organizations under `paths` with their figures; (rows, total, pages).

    The total comes from the stored per-sector counts of the upper organizations; the page walks the one
    lead row per grassroots organization in path order.
    """
    rows_stored, rest = _sector_rows(paths, year=year)
    per_org: dict[tuple[int, str], int] = {(r.organization_id, r.org_type): r.grassroots for r in rows_stored}
    total = sum(per_org.values())
    if rest:
        total += KpiValue.objects.filter(_paths_q(rest), year=year, is_grassroots=True, leads=True).count()
    pages = max(1, -(-total // UNITS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * UNITS_PER_PAGE
    base = KpiValue.objects.filter(_paths_q(paths), year=year, is_grassroots=True, leads=True)
    ids = list(base.order_by("path", "organization_id").values_list("organization_id", flat=True)[
        start : start + UNITS_PER_PAGE
    ])  # fmt: skip
    rows = KpiValue.objects.filter(year=year, organization_id__in=ids)
    return _unit_rows(rows, targets), total, pages


def below_target(paths: list[str], *, year: int, targets: dict[str, Target]) -> tuple[list[BelowTarget], int]:
    """Grassroots organizations under `paths` missing a target this year, worst first; (first rows, total).

    Reads the rows `recompute_year` marked below target (a partial index ordered by ratio), checked again
    exactly against the targets in force now.
    """
    if not targets:
        return [], 0
    qs = (
        KpiValue.objects.filter(
            _paths_q(paths),
            year=year,
            is_grassroots=True,
            below_target=True,
            denominator__gt=0,
            metric__in=list(targets),
        )
        .annotate(scaled=scaled_numerator())
        .filter(reduce(or_, (short_q(t) for t in targets.values())))
    )
    total = qs.count()
    rows = qs.select_related("organization").order_by("metric", "ratio", "path")
    out = [
        BelowTarget(r.organization_id, r.organization.name, Figure(r.metric, r.numerator, r.denominator,
                                                                   targets.get(r.metric)))
        for r in rows[:BELOW_TARGET_LIMIT]
    ]  # fmt: skip
    return out, total


def by_sector(paths: list[str], *, year: int, targets: dict[str, Target]) -> list[UnitFigures]:
    """The year's figures summed over the grassroots organizations of each sector: the stored per-sector rows
    of upper organizations, plus one grouped query for any path without them."""
    counts: dict[str, dict[str, list[int]]] = {}
    stored, rest = _sector_rows(paths, year=year)
    for r in stored:
        pair = counts.setdefault(r.org_type, {}).setdefault(r.metric, [0, 0])
        pair[0] += r.numerator
        pair[1] += r.denominator
    if rest:
        rows = (
            KpiValue.objects.filter(_paths_q(rest), year=year, is_grassroots=True)
            .order_by()
            .values("org_type", "metric")
            .annotate(n=Sum("numerator"), d=Sum("denominator"))
        )
        for row in rows:
            pair = counts.setdefault(row["org_type"], {}).setdefault(row["metric"], [0, 0])
            pair[0] += int(row["n"])
            pair[1] += int(row["d"])
    order = {value: i for i, value in enumerate(OrgType.values)}
    return [
        UnitFigures(0, str(OrgType(t).label) if t in OrgType.values else t, "", t,
                    figures_of({m: (n, d) for m, (n, d) in c.items()}, targets))
        for t, c in sorted(counts.items(), key=lambda item: order.get(item[0], len(order)))
    ]  # fmt: skip


def _roots(scope: Scope) -> list[Organization]:
    return list(Organization.objects.filter(path__in=scope.paths(Right.VIEW_ORGS)).order_by("sort_key"))


_Counts = dict[int, dict[int, dict[str, tuple[int, int]]]]  # organization id → year → metric → (num, den)


def _root_counts(
    roots: list[Organization], year: int, today: dt.date | None = None
) -> tuple[_Counts, dt.datetime | None, set[int], dt.datetime | None]:
    """The stored figures of `roots` over the years, with `year` computed live where its round is open or the
    root is a cell, and the cell-life figures of the current year (stored for upper-level organizations, else
    counted); (counts, when computed live, the roots whose figures are provisional, when the stored cell-life
    figures were computed)."""
    counts: _Counts = {}
    for row in KpiValue.objects.filter(organization__in=roots).order_by("year"):
        counts.setdefault(row.organization_id, {}).setdefault(row.year, {})[row.metric] = (
            row.numerator,
            row.denominator,
        )
    as_of: dt.datetime | None = None
    cell_life_as_of: dt.datetime | None = None
    provisional: set[int] = set()
    for r in roots:  # an open round, or a cell (no stored figures): computed live
        live = live_figures(r.path, year, always=r.kind == OrgKind.CELL)
        if live is not None:
            counts.setdefault(r.pk, {})[year] = live.counts
            as_of = live.as_of
            if live.provisional:
                provisional.add(r.pk)
        stored_at = _cell_life_now(counts.setdefault(r.pk, {}), r, year, today)
        if stored_at is not None:
            cell_life_as_of = min(cell_life_as_of or stored_at, stored_at)
    return counts, as_of, provisional, cell_life_as_of


def _cell_life_now(counts_by_year: dict[int, dict[str, tuple[int, int]]], organization: Organization, year: int,
                   today: dt.date | None) -> dt.datetime | None:  # fmt: skip
    """In the current year the cell-life figures count the records as they stand (meetings and tasks are recorded
    all year, not at a round's end): an upper-level organization's as stored by `kpi.refresh_cell_life` (returns
    when they were computed), otherwise counted on the spot from the compliance rows and the tasks (None)."""
    today = today or timezone.localdate()
    if year != today.year:
        return None
    stored = stored_cell_life(organization.pk, year) if organization.kind == OrgKind.UPPER else None
    if stored is not None:
        counts_by_year.setdefault(year, {}).update(stored[0])
        return stored[1]
    counts_by_year.setdefault(year, {}).update(cell_life.counts(organization.path, year, today=today))
    return None


def _projections(roots: list[Organization], year: int, today: dt.date | None) -> dict[int, Projection]:
    """The year-end admission projection of each root, for the current year only (a few counts per root)."""
    today = today or timezone.localdate()
    if year != today.year:
        return {}
    return {r.pk: projection(r.path, year, today=today) for r in roots}


def _admissions_so_far(counts_of_year: dict[str, tuple[int, int]], p: Projection) -> None:
    """In the current year the admission rate counts the records as they stand (decisions are recorded all year,
    not only when a rating round is locked), so the figure and the projection beside it agree."""
    counts_of_year[Metric.ADMISSION_RATE] = (p.admitted, p.members)


def _rootfigures_of(
    roots: list[Organization], year: int, counts: _Counts, targets: dict[str, Target], provisional: set[int],
    projections: dict[int, Projection], today: dt.date | None = None,
) -> list[UnitFigures]:  # fmt: skip
    rule = cell_life.attendance_rule(year, today=today)
    return [
        UnitFigures(r.pk, r.name, r.path, r.org_type,
                    figures_of(counts.get(r.pk, {}).get(year, {}), targets, projections.get(r.pk)),
                    provisional=r.pk in provisional).with_rule(Metric.MEETING_ATTENDANCE, rule)
        for r in roots
    ]  # fmt: skip


@dataclass(frozen=True)
class KpiSummary:
    year: int
    roots: list[UnitFigures]  # each with its four figures, graded (`Figure.grade`)
    as_of: dt.datetime | None  # when provisional or cell figures were computed live


def kpi_summary_for(scope: Scope, *, year: int, today: dt.date | None = None) -> KpiSummary:
    """The headline cards of the user's top organizations for `year` with their grades, as the dashboard
    shows them (provisional during an open round; the admission projection in the current year), without the
    dashboard's lists: for summaries elsewhere."""
    roots = _roots(scope)
    counts, as_of, provisional, _stored_at = _root_counts(roots, year, today)
    targets = targets_by_year([year])[year]
    projections = _projections(roots, year, today)
    for pk, p in projections.items():
        _admissions_so_far(counts.setdefault(pk, {}).setdefault(year, {}), p)
    return KpiSummary(year, _rootfigures_of(roots, year, counts, targets, provisional, projections, today), as_of)


def dashboard_for(scope: Scope, *, year: int, page: int = 1, today: dt.date | None = None) -> Dashboard:
    """The dashboard of the user's top organization(s) for `year`: figures against the targets (with the
    year-end admission projection in the current year), trends over every computed year, the breakdown by
    sector and by grassroots organization, and the units below target."""
    roots = _roots(scope)
    paths = [r.path for r in roots]
    counts, as_of, provisional, cell_life_as_of = _root_counts(roots, year, today)
    years = sorted({y for by_year in counts.values() for y in by_year} | {year})
    targets_by = targets_by_year(years)
    targets = targets_by[year]
    projections = _projections(roots, year, today)
    for pk, p in projections.items():
        _admissions_so_far(counts.setdefault(pk, {}).setdefault(year, {}), p)
    root_figures = _rootfigures_of(roots, year, counts, targets, provisional, projections, today)
    trend_figures: dict[str, list[Figure]] = {}
    for metric in METRICS:
        series: list[Figure] = []
        for y in years:
            num = sum(counts.get(r.pk, {}).get(y, {}).get(metric, (0, 0))[0] for r in roots)
            den = sum(counts.get(r.pk, {}).get(y, {}).get(metric, (0, 0))[1] for r in roots)
            series.append(Figure(metric, num, den, targets_by[y].get(metric)))
        trend_figures[metric] = series
    trends, trend_texts = _trend_series(trend_figures)
    below, below_total = below_target(paths, year=year, targets=targets)
    units, units_total, pages = grassroots_page(paths, year=year, targets=targets, page=page)
    return Dashboard(
        year=year,
        years=years,
        roots=root_figures,
        trends=trends,
        targets=targets,
        sectors=by_sector(paths, year=year, targets=targets),
        below=below,
        below_total=below_total,
        units=units,
        units_total=units_total,
        page=min(max(page, 1), pages),
        pages=pages,
        trend_texts=trend_texts,
        as_of=as_of,
        notes=[METHOD_TEXT] if projections else [],
        cell_life_as_of=cell_life_as_of,
    )


def latest_year(scope: Scope, default: int) -> int:
    """The latest year with figures for the user's top organizations: computed, or of a round still open."""
    paths = scope.paths(Right.VIEW_ORGS)
    roots = Organization.objects.filter(path__in=paths)
    latest = KpiValue.objects.filter(organization__in=roots).order_by("-year").values_list("year", flat=True).first()
    open_year = (
        RatingCampaign.objects.filter(
            reduce(or_, (open_round_q(p) for p in paths)), state=CampaignState.OPEN
        ).aggregate(year=Max("year"))["year"]
        if paths
        else None
    )
    years = [y for y in (latest, open_year) if y is not None]
    return max(years) if years else default


@dataclass
class UnitDashboard:
    organization: Organization
    year: int
    path: str
    figures: UnitFigures
    trend_years: list[int]
    trends: dict[str, list[float | None]]
    trend_texts: dict[str, list[str]] = field(default_factory=dict)
    as_of: dt.datetime | None = None  # when live figures were computed (an open round, or a cell)
    cell_life_as_of: dt.datetime | None = None  # when the stored cell-life figures of the current year were

    @property
    def provisional(self) -> bool:
        return self.figures.provisional


def _trend_series(figures: dict[str, list[Figure]]) -> tuple[dict[str, list[float | None]], dict[str, list[str]]]:
    """Each metric's figures over the years: the values that place the points, and the texts that label them."""
    values = {m: [f.value_float for f in series] for m, series in figures.items()}
    texts = {m: [f.value_text for f in series] for m, series in figures.items()}
    return values, texts


def unit_dashboard(
    organization: Organization, *, year: int, live: bool = False, today: dt.date | None = None
) -> UnitDashboard:
    """One organization's figures for `year` and over the years (the caller has checked it is in scope).

    With `live` (the dashboard pages, not the year report), the year of an open round is computed on the spot
    and marked provisional, a cell, which has no stored figures, gets its own figures computed from its
    ratings, designations and rolls, and the current year's admission rate carries its year-end projection.
    """
    rows = list(KpiValue.objects.filter(organization=organization).order_by("year"))
    years = sorted({r.year for r in rows} | {year})
    targets_by = targets_by_year(years)
    counts: dict[int, dict[str, tuple[int, int]]] = {}
    path = organization.path
    for row in rows:
        counts.setdefault(row.year, {})[row.metric] = (row.numerator, row.denominator)
        if row.year == year and row.path:
            path = row.path
    current = live_figures(organization.path, year, always=organization.kind == OrgKind.CELL) if live else None
    if current is not None:
        counts[year] = current.counts
    projected = _projections([organization], year, today).get(organization.pk) if live else None
    if projected is not None:
        _admissions_so_far(counts.setdefault(year, {}), projected)
    cell_life_as_of = _cell_life_now(counts, organization, year, today) if live else None
    trends, trend_texts = _trend_series(
        {m: [Figure(m, *counts.get(y, {}).get(m, (0, 0)), targets_by[y].get(m)) for y in years] for m in METRICS}
    )
    figures = UnitFigures(
        organization.pk,
        organization.name,
        path,
        organization.org_type,
        figures_of(counts.get(year, {}), targets_by[year], projected),
        provisional=current is not None and current.provisional,
    ).with_rule(Metric.MEETING_ATTENDANCE, cell_life.attendance_rule(year, today=today))
    as_of = current.as_of if current is not None else None
    return UnitDashboard(organization, year, path, figures, years, trends, trend_texts, as_of, cell_life_as_of)


def rated_members(scope: Scope, *, unit_path: str, year: int) -> QuerySet[Rating]:
    """The year's member ratings under a unit (by snapshot path), limited to members the user may see."""
    return (
        Rating.objects.filter(year=year, subject_kind=SubjectKind.MEMBER, unit_path__startswith=unit_path)
        .filter(member__in=members_for(scope, include_self=False))
        .select_related("member", "unit")
        .order_by("unit_path", "member__sort_key")
    )
