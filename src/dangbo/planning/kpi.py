"""Pre-aggregated KPI values: one numerator and denominator per metric, organization and year.

`recompute_year` runs when a rating round is locked, by the background job "planning.kpi.recompute" and by
`manage.py recompute_kpis`. It reads the year's facts with a few grouped queries (GROUP BY grassroots
organization and sector), rolls them up to the upper organizations along the snapshot paths in Python, and
replaces the year's rows of the subtree in one transaction, so the dashboard never scans ratings.

Sources per metric:
- grassroots organizations and members good-or-better: `Rating` snapshots of the year (rated, with a final
  level), by subject kind;
- model cells: "model_cell" designations of the year over the cells that existed that year (the distinct cells
  of the year's ratings, or the cells active in the year when there are no ratings yet);
- admission rate: admissions whose decision is dated in the year, from the admission records
  (`admissions.quotas.admitted_in`: decided and not undone, struck off the probationary list later included),
  counted at the cell that prepared the candidate, over members on the rolls on 01/01 from dated cell
  membership (`members.selectors.memberships_on`, the same count as the admission quotas);
- the cell-life measures (`cell_life.py`): the quarterly compliance rows and the yearly tasks, per cell.

`refresh_cell_life` stores the current year's cell-life figures of the upper-level organizations
(`CellLifeFigure`), which the whole-tree dashboard reads instead of counting them on every view.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from dangbo.admissions.quotas import admitted_in
from dangbo.assignments.selectors import task_coverage_by_cell
from dangbo.evaluations.enums import GOOD_OR_BETTER, DesignationKind, SubjectKind
from dangbo.evaluations.models import Designation, Rating
from dangbo.members.models import CellMembership
from dangbo.members.selectors import memberships_on
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization, path_segment

from . import cell_life
from .enums import Metric
from .figures import CELL_LIFE_METRICS
from .grading import SHORT, grade
from .models import CellLifeFigure, KpiSectorValue, KpiValue, Target

GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})
# "Chi bộ" in the plan's "số chi bộ": cells under a grassroots committee and grassroots cells alike.
CELL_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
_STEP = PATH_SEGMENT_WIDTH + 1


@dataclass(frozen=True)
class _Org:
    id: int
    path: str
    kind: str
    org_type: str


@dataclass
class _Tally:
    """Numerators and denominators per (organization id, metric), with each organization's snapshot."""

    counts: dict[tuple[int, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    paths: dict[int, str] = field(default_factory=dict)
    org_types: dict[int, str] = field(default_factory=dict)

    def add(self, org_id: int, metric: str, numerator: int, denominator: int) -> None:
        pair = self.counts[(org_id, metric)]
        pair[0] += numerator
        pair[1] += denominator


@dataclass(frozen=True)
class RecomputeResult:
    year: int
    organization_id: int
    rows: int
    grassroots: int


def _segments(path: str) -> list[int]:
    return [int(path[i : i + PATH_SEGMENT_WIDTH]) for i in range(0, len(path), _STEP)]


def _grassroots_path(unit_path: str, grassroots_id: int) -> str:
    """The grassroots organization's own path within a unit's snapshot path."""
    at = unit_path.find(path_segment(grassroots_id))
    return unit_path[: at + _STEP] if at >= 0 else unit_path


# --- the year's facts under a path, shared with the live (provisional) figures of `live.py` -------------

GOOD = Q(final_level__in=[level.value for level in GOOD_OR_BETTER])


def rated_subjects(year: int, path: str) -> QuerySet[Rating]:
    """Ratings with a final level (not "not rated") under `path`: the good-or-better shares count these."""
    return Rating.objects.filter(
        year=year, unit_path__startswith=path, not_rated=False, grassroots__isnull=False
    ).exclude(final_level="")


def cell_ratings(year: int, path: str) -> QuerySet[Rating]:
    """The year's ratings whose unit is a cell: their distinct units are the cells that existed that year."""
    return Rating.objects.filter(year=year, unit_path__startswith=path, unit__kind__in=list(CELL_KINDS)).order_by()


def model_cell_designations(year: int, path: str) -> QuerySet[Designation]:
    return Designation.objects.filter(
        year=year, kind=DesignationKind.MODEL_CELL, unit_path__startswith=path, organization__kind__in=list(CELL_KINDS)
    )


def cells_active(year: int, path: str) -> QuerySet[Organization]:
    """Cells under `path` active at some point of the year (when the year has no ratings yet)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Organization.objects.filter(path__startswith=path, kind__in=list(CELL_KINDS), founded_on__lte=last).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first)
    )


def on_rolls(year: int, path: str) -> QuerySet[CellMembership]:
    """Cell memberships under `path` on the rolls on 01/01 of the year."""
    return memberships_on(dt.date(year, 1, 1), path)


class _Builder:
    """Collects the grouped figures of one year under one root and rolls them up."""

    def __init__(self, *, root: Organization, year: int, orgs: dict[int, _Org]) -> None:
        self.root = root
        self.year = year
        self.orgs = orgs
        self.tally = _Tally()

    def grassroots_of_path(self, path: str) -> int | None:
        """The grassroots organization on a (current) path: the first segment of a grassroots kind."""
        for org_id in _segments(path):
            org = self.orgs.get(org_id)
            if org is not None and org.kind in GRASSROOTS_KINDS:
                return org_id
        return None

    def add_at_grassroots(self, grassroots_id: int, path: str, org_type: str, metric: str, num: int, den: int) -> None:
        """Count a grassroots organization's figures on it and on each ancestor from the root down."""
        if grassroots_id not in self.orgs and not path.startswith(self.root.path):
            return
        own_path = _grassroots_path(path, grassroots_id)
        self.tally.paths.setdefault(grassroots_id, own_path)
        self.tally.org_types.setdefault(grassroots_id, org_type)
        self.tally.add(grassroots_id, metric, num, den)
        for ancestor_id in _segments(own_path)[:-1]:
            ancestor = self.orgs.get(ancestor_id)
            if ancestor is None or not ancestor.path.startswith(self.root.path):
                continue  # above the root, or no longer in this subtree
            self.tally.paths.setdefault(ancestor_id, ancestor.path)
            self.tally.org_types.setdefault(ancestor_id, ancestor.org_type)
            self.tally.add(ancestor_id, metric, num, den)

    def add_at_cell(self, cell_id: int, metric: str, num: int, den: int) -> None:
        """Count figures grouped by cell (current tree) through the cell's grassroots organization."""
        cell = self.orgs.get(cell_id)
        if cell is None:
            return
        grassroots_id = self.grassroots_of_path(cell.path)
        if grassroots_id is None:
            return
        self.add_at_grassroots(grassroots_id, cell.path, self.orgs[grassroots_id].org_type, metric, num, den)

    # --- the metrics -------------------------------------------------------------------------------------

    def ratings(self) -> None:
        rated = rated_subjects(self.year, self.root.path)
        for kind, metric in (
            (SubjectKind.MEMBER, Metric.MEMBERS_GOOD_OR_BETTER),
            (SubjectKind.GRASSROOTS, Metric.GRASSROOTS_GOOD_OR_BETTER),
        ):
            rows = (
                rated.filter(subject_kind=kind)
                .order_by()
                .values("grassroots_id", "org_type")
                .annotate(total=Count("id"), good=Count("id", filter=GOOD), path=Min("unit_path"))
            )
            for row in rows:
                self.add_at_grassroots(
                    row["grassroots_id"], row["path"], row["org_type"], metric, row["good"], row["total"]
                )

    def model_cells(self) -> None:
        cell_units = cell_ratings(self.year, self.root.path)
        designations = model_cell_designations(self.year, self.root.path)
        if cell_units.exists():
            cell_rows = (
                cell_units.filter(grassroots__isnull=False)
                .values("grassroots_id", "org_type")
                .annotate(cells=Count("unit_id", distinct=True), path=Min("unit_path"))
            )
            for row in cell_rows:
                self.add_at_grassroots(
                    row["grassroots_id"], row["path"], row["org_type"], Metric.MODEL_CELLS, 0, row["cells"]
                )
            designations = designations.filter(organization_id__in=cell_units.values("unit_id"))
        else:
            active = cells_active(self.year, self.root.path)
            for cell_id in active.values_list("id", flat=True):
                self.add_at_cell(cell_id, Metric.MODEL_CELLS, 0, 1)
            designations = designations.filter(organization__in=active)
        rows = (
            designations.filter(grassroots__isnull=False)
            .order_by()
            .values("grassroots_id", "org_type")
            .annotate(n=Count("id"), path=Min("unit_path"))
        )
        for row in rows:
            self.add_at_grassroots(row["grassroots_id"], row["path"], row["org_type"], Metric.MODEL_CELLS, row["n"], 0)

    def admissions(self) -> None:
        """Admissions decided in the year (at the cell that prepared the candidate) over members on the rolls
        on 01/01 (cell membership then)."""
        rolls = on_rolls(self.year, self.root.path)
        for row in rolls.values("organization_id").annotate(n=Count("member_id", distinct=True)):
            self.add_at_cell(row["organization_id"], Metric.ADMISSION_RATE, 0, row["n"])
        admitted = admitted_in(self.year, self.root.path).values("cell_id")
        for row in admitted.annotate(n=Count("id")):
            self.add_at_cell(row["cell_id"], Metric.ADMISSION_RATE, row["n"], 0)

    def cell_life(self, today: dt.date) -> None:
        """The cell-life measures per cell (`cell_life.py`): cells with their thematic meeting every judged
        quarter, attendances over expected ones, active members with a task (only when the year has tasks)."""
        path = self.root.path
        for row in cell_life.thematic_by_cell(self.year, path, today):
            met = 1 if row["met"] == row["judged"] else 0
            self.add_at_cell(row["organization_id"], Metric.CELLS_THEMATIC, met, 1)
        for row in cell_life.attendance_by_cell(self.year, path):
            self.add_at_cell(row["organization_id"], Metric.MEETING_ATTENDANCE, row["present_sum"], row["expected_sum"])
        if cell_life.tasks_recorded(self.year, path):
            for cell_id, coverage in task_coverage_by_cell(self.year, path, today=today).items():
                self.add_at_cell(cell_id, Metric.MEMBERS_WITH_TASK, coverage.with_task, coverage.active)

    def rows(self, targets: dict[str, Target]) -> list[KpiValue]:
        """The year's rows, each with its ratio, whether it misses its target, and one lead row per organization."""
        out: list[KpiValue] = []
        led: set[int] = set()
        for (org_id, metric), (num, den) in self.tally.counts.items():
            target = targets.get(metric)
            out.append(
                KpiValue(
                    year=self.year,
                    organization_id=org_id,
                    metric=metric,
                    path=self.tally.paths[org_id],
                    org_type=self.tally.org_types.get(org_id, ""),
                    is_grassroots=org_id in self.orgs and self.orgs[org_id].kind in GRASSROOTS_KINDS,
                    numerator=num,
                    denominator=den,
                    ratio=num / den if den else None,
                    below_target=target is not None and misses(target, num, den),
                    leads=org_id not in led,
                )
            )
            led.add(org_id)
        return out

    def sector_rows(self, rows: list[KpiValue]) -> list[KpiSectorValue]:
        """Each upper organization's figures summed per sector over its grassroots organizations' rows."""
        sums: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
        grassroots: dict[tuple[int, str], set[int]] = defaultdict(set)
        for row in rows:
            if not row.is_grassroots:
                continue
            for ancestor_id in _segments(row.path)[:-1]:
                ancestor = self.orgs.get(ancestor_id)
                if ancestor is None or not ancestor.path.startswith(self.root.path):
                    continue
                pair = sums[(ancestor_id, row.org_type, row.metric)]
                pair[0] += row.numerator
                pair[1] += row.denominator
                grassroots[(ancestor_id, row.org_type)].add(row.organization_id)
        return [
            KpiSectorValue(
                year=self.year,
                organization_id=org_id,
                org_type=org_type,
                metric=metric,
                numerator=num,
                denominator=den,
                grassroots=len(grassroots[(org_id, org_type)]),
            )
            for (org_id, org_type, metric), (num, den) in sums.items()
        ]


def misses(target: Target, numerator: int, denominator: int) -> bool:
    """Whether numerator / denominator falls short of `target` (the shared grading, exact in integers)."""
    return denominator > 0 and grade(target, numerator, denominator).status in SHORT


def targets_in_force(year: int) -> dict[str, Target]:
    """The target of each metric in force in `year` (the latest plan wins)."""
    out: dict[str, Target] = {}
    for target in Target.objects.select_related("plan").order_by("plan__issued_on", "year_from"):
        if target.year_from <= year <= target.year_to:
            out[target.metric] = target
    return out


def _organizations(root: Organization, extra_ids: Iterable[int] = ()) -> dict[int, _Org]:
    rows = Organization.objects.filter(Q(path__startswith=root.path) | Q(pk__in=list(extra_ids))).values_list(
        "id", "path", "kind", "org_type"
    )
    return {r[0]: _Org(*r) for r in rows}


@transaction.atomic
def recompute_year(*, year: int, organization: Organization) -> RecomputeResult:
    """Recompute every KPI value of `year` for the grassroots and upper organizations under `organization`.

    Steps: load the subtree (id, path, kind, sector); read the year's ratings, designations and cell
    memberships with grouped queries; roll each grassroots organization's figures up to its ancestors (from
    the root down) along the snapshot paths; delete the year's rows of the subtree and insert the new ones,
    all in this one transaction (readers see the old figures or the new ones, never a mix). Each row also
    stores its ratio, whether it misses the target in force that year and (once per organization) a lead
    flag; each upper organization gets its per-sector sums and count of grassroots organizations.
    """
    orgs = _organizations(organization)
    builder = _Builder(root=organization, year=year, orgs=orgs)
    builder.ratings()
    builder.model_cells()
    builder.admissions()
    builder.cell_life(timezone.localdate())
    # Grassroots organizations rated in this subtree that have since moved elsewhere keep their rows.
    missing = {org_id for org_id, _metric in builder.tally.counts if org_id not in orgs}
    if missing:
        orgs.update(_organizations(organization, missing))
    rows = [row for row in builder.rows(targets_in_force(year)) if row.organization_id in orgs]
    sectors = builder.sector_rows(rows)
    KpiValue.objects.filter(year=year).filter(
        Q(path__startswith=organization.path) | Q(organization__path__startswith=organization.path)
    ).delete()
    KpiSectorValue.objects.filter(year=year, organization__path__startswith=organization.path).delete()
    KpiValue.objects.bulk_create(rows, batch_size=2000)
    KpiSectorValue.objects.bulk_create(sectors, batch_size=2000)
    grassroots = len({row.organization_id for row in rows if row.is_grassroots})
    return RecomputeResult(year=year, organization_id=organization.pk, rows=len(rows), grassroots=grassroots)


@transaction.atomic
def recompute_admission_rate(*, year: int, organization: Organization) -> RecomputeResult:
    """Recompute only the admission-rate values of `year` under `organization`, the other metrics' rows untouched:
    run after an admission decision, a withdrawal after it or its correction (`tasks.py`), so the stored figures
    follow the records without waiting for the next whole recompute. Cheap (two grouped queries and one metric's
    rows) and idempotent. A year with no stored figures under `organization` is left alone (nothing is stale:
    it was never computed). Lead flags and the sector rows' count of grassroots organizations keep what the
    other metrics' rows already say, so they stay the same on every row of an organization."""
    in_subtree = Q(path__startswith=organization.path) | Q(organization__path__startswith=organization.path)
    stored = KpiValue.objects.filter(in_subtree, year=year)
    if not stored.exists():
        return RecomputeResult(year=year, organization_id=organization.pk, rows=0, grassroots=0)
    orgs = _organizations(organization)
    builder = _Builder(root=organization, year=year, orgs=orgs)
    builder.admissions()
    rows = [row for row in builder.rows(targets_in_force(year)) if row.organization_id in orgs]
    metric = Metric.ADMISSION_RATE
    stored.filter(metric=metric).delete()
    led = set(stored.filter(leads=True).values_list("organization_id", flat=True))
    for row in rows:
        row.leads = row.organization_id not in led
    sector_values = KpiSectorValue.objects.filter(year=year, organization__path__startswith=organization.path)
    sector_values.filter(metric=metric).delete()
    counted = {(o, t): n for o, t, n in sector_values.values_list("organization_id", "org_type", "grassroots")}
    sectors = builder.sector_rows(rows)
    for sector in sectors:
        sector.grassroots = counted.get((sector.organization_id, sector.org_type), sector.grassroots)
    KpiValue.objects.bulk_create(rows, batch_size=2000)
    KpiSectorValue.objects.bulk_create(sectors, batch_size=2000)
    grassroots = len({row.organization_id for row in rows if row.is_grassroots})
    return RecomputeResult(year=year, organization_id=organization.pk, rows=len(rows), grassroots=grassroots)


@transaction.atomic
def refresh_cell_life(*, year: int, organization: Organization, today: dt.date | None = None) -> int:
    """Store `year`'s cell-life figures (`cell_life.counts`, the same figures the dashboard would count) of every
    upper-level organization under `organization`, itself included; the number of organizations written.
    Grassroots organizations and cells are not stored: their subtrees are small enough to count on the spot."""
    today = today or timezone.localdate()
    uppers = list(
        Organization.objects.filter(path__startswith=organization.path, kind=OrgKind.UPPER, dissolved_on__isnull=True)
    )
    now = timezone.now()
    rows = []
    for upper in uppers:
        counts = cell_life.counts(upper.path, year, today=today)
        rows += [
            CellLifeFigure(year=year, organization=upper, metric=m, numerator=counts[m][0],
                           denominator=counts[m][1], computed_at=now)
            for m in CELL_LIFE_METRICS
        ]  # fmt: skip
    CellLifeFigure.objects.filter(year=year, organization__path__startswith=organization.path).delete()
    CellLifeFigure.objects.bulk_create(rows)
    return len(uppers)


def stored_cell_life(organization_id: int, year: int) -> tuple[dict[str, tuple[int, int]], dt.datetime] | None:
    """The stored cell-life figures of an organization for `year` and when they were computed (None: not
    stored, count them)."""
    rows = list(CellLifeFigure.objects.filter(organization_id=organization_id, year=year))
    if {r.metric for r in rows} != set(CELL_LIFE_METRICS):
        return None
    return {r.metric: (r.numerator, r.denominator) for r in rows}, min(r.computed_at for r in rows)
