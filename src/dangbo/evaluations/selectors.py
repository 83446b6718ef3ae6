"""Reads of the rating rules.

Rule sets are public reference data (the party's own rules), the same for every user, so these
reads take no `Scope`; reads of ratings, which are tree data, will.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgLevel
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import CampaignState, RatingStep, SubjectKind
from .models import Designation, DesignationChecklist, Rating, RatingCampaign, RuleSet
from .params import ParamsError, RuleSetData


def rule_set_in_force_on(day: dt.date) -> RuleSet:
    """The one rule set in force on `day`; `DomainError` when there is none, or more than one."""
    found = list(RuleSet.objects.in_force_on(day).order_by("effective_from"))
    when = day.strftime("%d/%m/%Y")
    if not found:
        raise DomainError(f"Chưa có bộ quy tắc xếp loại chất lượng nào có hiệu lực ngày {when}.")
    if len(found) > 1:
        codes = ", ".join(r.code for r in found)
        raise DomainError(
            f"Có {len(found)} bộ quy tắc xếp loại cùng có hiệu lực ngày {when} ({codes}); "
            "hãy sửa thời gian hiệu lực để chỉ còn một bộ."
        )
    return found[0]


def rule_set_for_year(year: int) -> RuleSetData:
    """The rule set a rating of `year` uses: the one in force on 31/12 of that year, as engine data."""
    rule_set = rule_set_in_force_on(dt.date(year, 12, 31))
    try:
        return rule_set.as_data()
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc {rule_set.code} có tham số không hợp lệ: {exc}") from exc


# Reads of rating rounds and ratings: tree data, always limited to a scope.

NEXT_DUE: dict[str, str] = {
    RatingStep.PENDING: "self_assessment_due",
    RatingStep.SELF_ASSESSED: "review_due",
    RatingStep.REVIEWED: "proposal_due",
    RatingStep.PROPOSED: "decision_due",
    RatingStep.DECIDED: "verification_due",
}


def _ancestor_paths(path: str) -> list[str]:
    step = PATH_SEGMENT_WIDTH + 1
    return [path[: i + step] for i in range(0, len(path), step)]


def campaigns_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS) -> QuerySet[RatingCampaign]:
    """Rounds that cover part of the scope: opened at or above one of its organizations, or inside it."""
    above = {a for p in scope.paths(right) for a in _ancestor_paths(p)}
    q = scope.path_q(right, "organization__path") | Q(organization__path__in=sorted(above))
    return RatingCampaign.objects.filter(q).select_related("organization", "rule_set")


def ratings_for(scope: Scope, *, right: str = Right.VIEW_MEMBERS) -> QuerySet[Rating]:
    """Ratings whose unit lies in the scope."""
    return Rating.objects.filter(scope.path_q(right, "unit_path"))


def share(part: int, whole: int) -> int | None:
    """`part` as a whole percentage of `whole`, rounded half up (None when there is nothing to share)."""
    return (part * 200 + whole) // (whole * 2) if whole else None


@dataclass
class Tally:
    """Counts of one kind of subject (members, or collectives) in a unit's ratings."""

    total: int = 0
    not_rated: int = 0
    rated: int = 0  # decided (a final level)
    overdue: int = 0  # the next step's deadline has passed

    @property
    def pending(self) -> int:
        return self.total - self.not_rated - self.rated

    @property
    def rated_share(self) -> int | None:
        return share(self.rated, self.total)

    @property
    def pending_share(self) -> int | None:
        return share(self.pending, self.total)

    @property
    def overdue_share(self) -> int | None:
        return share(self.overdue, self.total)

    def add(self, other: Tally) -> None:
        self.total += other.total
        self.not_rated += other.not_rated
        self.rated += other.rated
        self.overdue += other.overdue


@dataclass
class Progress:
    """How far one unit's ratings have come in a round: all its subjects, and split into the members and
    the collectives (cells, grassroots organizations), so a cell's member count does not include the cell."""

    organization: Organization | None  # None on the totals row
    total: int = 0
    not_rated: int = 0
    rated: int = 0  # decided (a final level)
    overdue: int = 0  # the next step's deadline has passed
    by_step: dict[str, int] = field(default_factory=dict)
    members: Tally = field(default_factory=Tally)
    collectives: Tally = field(default_factory=Tally)

    @property
    def pending(self) -> int:
        return self.total - self.not_rated - self.rated

    @property
    def percent(self) -> int:
        counted = self.total - self.not_rated
        return round(self.rated * 100 / counted) if counted else 100

    def count(self, kind: str, n: int, *, not_rated: bool, rated: bool, overdue: bool) -> None:
        tally = self.members if kind == SubjectKind.MEMBER else self.collectives
        for t in (self, tally):
            t.total += n
            t.not_rated += n if not_rated else 0
            t.rated += n if rated else 0
            t.overdue += n if overdue else 0


def progress_totals(rows: list[Progress]) -> Progress:
    """The totals row of a progress table."""
    out = Progress(None)
    for p in rows:
        out.total += p.total
        out.not_rated += p.not_rated
        out.rated += p.rated
        out.overdue += p.overdue
        for step, n in p.by_step.items():
            out.by_step[step] = out.by_step.get(step, 0) + n
        out.members.add(p.members)
        out.collectives.add(p.collectives)
    return out


def campaign_progress(
    scope: Scope, campaign: RatingCampaign, *, today: dt.date, within: Organization | None = None
) -> list[Progress]:
    """Progress per unit (two queries, whatever the size of the round).

    Over the whole round the units are the grassroots organizations; within an organization they are
    the units directly rated there (cells and the organization itself)."""
    group = "grassroots_id" if within is None else "unit_id"
    qs = ratings_for(scope).filter(campaign=campaign)
    if within is not None:
        qs = qs.filter(unit_path__startswith=within.path)
    rows = qs.order_by().values_list(group, "subject_kind", "step", "not_rated", "final_level").annotate(n=Count("pk"))
    by_unit: dict[int, Progress] = {}
    orgs = {}
    raw = list(rows)
    if raw:
        orgs = Organization.objects.in_bulk({r[0] for r in raw if r[0] is not None})
    for unit_id, kind, step, not_rated, final, n in raw:
        if unit_id is None:
            continue
        p = by_unit.setdefault(unit_id, Progress(orgs[unit_id]))
        p.by_step[step] = p.by_step.get(step, 0) + n
        due = NEXT_DUE.get(step)
        late = not not_rated and due is not None and getattr(campaign, due) < today
        p.count(kind, n, not_rated=not_rated, rated=not not_rated and bool(final), overdue=late)
    return sorted(by_unit.values(), key=lambda p: p.organization.sort_key if p.organization else "")


def unit_ratings(scope: Scope, campaign: RatingCampaign, unit: Organization) -> list[Rating]:
    """The ratings rated at `unit`, each with the campaign attached: a cell's members (in Vietnamese
    order) and the cell itself; for a committee, the collectives under it and itself."""
    qs = ratings_for(scope).filter(campaign=campaign).select_related("member", "organization", "grassroots")
    if unit.holds_members:
        qs = qs.filter(unit=unit).order_by("subject_kind", "member__sort_key")
    elif unit.level == OrgLevel.GRASSROOTS:
        qs = qs.filter(unit_path__startswith=unit.path).exclude(subject_kind=SubjectKind.MEMBER)
        qs = qs.order_by("-subject_kind", "organization__sort_key")
    else:
        qs = qs.filter(Q(organization__parent=unit) | Q(organization=unit)).order_by("organization__sort_key")
    out = list(qs)
    for r in out:
        r.campaign = campaign
    return out


# Reads of designations ("model cell", "four-good") and their checklists: tree data, limited to a scope.

DESIGNATION_CELL_KINDS = ("cell", "grassroots_cell")


def designations_for(scope: Scope, *, right: str = Right.VIEW_ORGS) -> QuerySet[Designation]:
    """Designations whose unit (by its snapshot path) lies in the scope."""
    return Designation.objects.filter(scope.path_q(right, "unit_path"))


def checklists_for(scope: Scope, *, right: str = Right.VIEW_ORGS) -> QuerySet[DesignationChecklist]:
    """Checklists that judge part of the scope: issued inside it, or above one of its organizations."""
    above = {a for p in scope.paths(right) for a in _ancestor_paths(p)}
    q = scope.path_q(right, "organization__path") | Q(organization__path__in=sorted(above))
    return DesignationChecklist.objects.filter(q).select_related("organization")


@dataclass
class DesignationUnit:
    """A unit directly under (or at) the page's organization, with the year's designations it holds."""

    organization: Organization
    kinds: list[str] = field(default_factory=list)


@dataclass
class DesignationOverview:
    year: int
    within: Organization
    designations: list[Designation]
    cells: int  # cells of the subtree (in the scope) that existed in the year
    units: list[DesignationUnit]

    def count(self, kind: str) -> int:
        return sum(1 for d in self.designations if d.kind == kind)

    @property
    def model_cells(self) -> int:
        return sum(
            1 for d in self.designations if d.kind == "model_cell" and d.organization.kind in DESIGNATION_CELL_KINDS
        )

    @property
    def four_good(self) -> int:
        return self.count("four_good")

    @property
    def model_cell_share(self) -> float | None:
        """Model cells over the cells that existed in the year, in percent (None without cells)."""
        return self.model_cells * 100 / self.cells if self.cells else None


def _existed_in(year: int) -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(founded_on__lte=last) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=first))


def designation_overview(scope: Scope, *, year: int, within: Organization) -> DesignationOverview:
    """The year's designations under `within` in the scope, the count of its cells that existed in the
    year, and the units at and directly under it with the designations each holds (three queries)."""
    designations = list(
        designations_for(scope)
        .filter(year=year, unit_path__startswith=within.path)
        .select_related("organization", "grassroots", "checklist__organization")
        .order_by("organization__sort_key", "kind")
    )
    cells = (
        Organization.objects.filter(scope.path_q(Right.VIEW_ORGS), path__startswith=within.path)
        .filter(_existed_in(year), kind__in=DESIGNATION_CELL_KINDS)
        .count()
    )
    held: dict[int, list[str]] = {}
    for d in designations:
        held.setdefault(d.organization_id, []).append(d.kind)
    children = (
        Organization.objects.filter(scope.path_q(Right.VIEW_ORGS))
        .filter(Q(pk=within.pk) | Q(parent_id=within.pk))
        .filter(_existed_in(year))
        .exclude(kind="party_group")
        .order_by("depth", "sort_key")
    )
    units = [DesignationUnit(org, held.get(org.pk, [])) for org in children]
    return DesignationOverview(year=year, within=within, designations=designations, cells=cells, units=units)


# Reads of a member's own ratings: the member sees their own, whoever holds the rights over their cell.


def own_ratings(scope: Scope) -> QuerySet[Rating]:
    """The ratings of the scope's own member over the years (none for an account that is no member)."""
    if scope.member_id is None:
        return Rating.objects.none()
    return Rating.objects.filter(member_id=scope.member_id).select_related(
        "campaign__organization", "campaign__rule_set", "member", "unit", "grassroots"
    )


def open_rating_of(scope: Scope) -> Rating | None:
    """The member's rating in the open round, if a round covering them is open."""
    return own_ratings(scope).filter(campaign__state=CampaignState.OPEN).order_by("-year").first()


def open_campaign_over(scope: Scope, organization: Organization) -> RatingCampaign | None:
    """The open round covering `organization` (opened at it or above), for a user who sees its members."""
    if not scope.covers_path(Right.VIEW_MEMBERS, organization.path):
        return None
    return (
        RatingCampaign.objects.filter(state=CampaignState.OPEN, organization__path__in=organization.ancestor_paths())
        .order_by("-year")
        .first()
    )
