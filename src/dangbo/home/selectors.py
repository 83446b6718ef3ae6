"""What each role's home page shows, read through the domain apps' scoped selectors.

Who sees which home follows the top organization of the user's scope: the bloc (an upper organization), a
grassroots organization, a cell (an organization holding members: its secretary), or no officer role at all
(a member: their own record). Every read is bounded: a fixed number of queries whatever the size of the tree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.admissions.deadlines import Deadline, deadlines
from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate
from dangbo.admissions.quotas import holds_grassroots
from dangbo.admissions.selectors import due_this_week
from dangbo.assignments.selectors import HomeTasks, home_task_card
from dangbo.dues.selectors import UnitRow, unit_rows
from dangbo.evaluations.enums import CampaignState, RatingStep
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.selectors import Progress, campaign_progress, campaigns_for, ratings_for
from dangbo.meetings.compliance_selectors import QuarterSummary, quarter_summary
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors import next_meeting_for
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements.deadlines import overdue_transfers
from dangbo.movements.selectors import awaiting_acceptance, movements_for
from dangbo.organizations.enums import OrgLevel
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots
from dangbo.planning.plan_selectors import HomeCard as PlanTasksCard
from dangbo.planning.plan_selectors import home_card as plan_tasks_card
from dangbo.planning.selectors import Figure, latest_year, unit_dashboard
from dangbo.reporting.request_selectors import InboxSummary, inbox_summary
from dangbo.screening.selectors import ScreeningCard, screening_card

from .cards import (
    BadgeCard,
    CellPlanCard,
    InspectionCard,
    TrainingCard,
    badge_card,
    cell_plan_card,
    inspection_card,
    training_card,
)

OVERDUE_UNITS_SHOWN = 5
ADMISSION_ITEMS_SHOWN = 5
# The round's deadlines in the order the steps come, with the step each one closes.
DEADLINES = [
    ("self_assessment_due", RatingStep.SELF_ASSESSED),
    ("review_due", RatingStep.REVIEWED),
    ("proposal_due", RatingStep.PROPOSED),
    ("decision_due", RatingStep.DECIDED),
    ("verification_due", RatingStep.VERIFIED),
]


@dataclass
class RoundSummary:
    """The open round seen from one unit: how many are rated, how many are late, which units lag most."""

    campaign: RatingCampaign
    rated: int
    counted: int  # subjects to rate (those "not rated" by rule left out)
    overdue: int
    overdue_units: list[Progress]
    overdue_units_total: int
    next_due: dt.date | None
    next_step: str
    to_review: int | None = None  # a cell: members whose rating waits for the cell's review

    @property
    def percent(self) -> int:
        return round(self.rated * 100 / self.counted) if self.counted else 100


@dataclass
class AdmissionsDue:
    """The admission deadlines of the user's scope: how many are overdue, how many fall due this week, the first."""

    overdue: int
    this_week: int
    top: list[Deadline]
    quotas: bool = False  # the scope holds a grassroots organization, whose quota it may see


def admissions_due(scope: Scope, *, today: dt.date) -> AdmissionsDue:
    items = due_this_week(scope, today=today)
    overdue = sum(1 for d in items if d.overdue)
    return AdmissionsDue(
        overdue=overdue, this_week=len(items) - overdue, top=items[:ADMISSION_ITEMS_SHOWN],
        quotas=holds_grassroots(scope),
    )  # fmt: skip


@dataclass
class MovementsDue:
    """Transfers out of the tree past a deadline, and internal transfers waiting for the user to accept them."""

    overdue: int
    awaiting: int


@dataclass
class DuesMonthCard:
    """This month's dues in the user's finance unit: collected against due (a cell: whether its book is open)."""

    month: dt.date
    row: UnitRow
    cell: bool

    @property
    def opened(self) -> bool:
        return self.row.cells > 0


def movements_due(scope: Scope, *, today: dt.date) -> MovementsDue:
    overdue = len(overdue_transfers(movements_for(scope), day=today))
    awaiting = awaiting_acceptance(scope).count() if scope.has_right(Right.MANAGE_MOVEMENTS) else 0
    return MovementsDue(overdue=overdue, awaiting=awaiting)


def dues_month(scope: Scope, *, today: dt.date) -> DuesMonthCard | None:
    unit = visible_roots(scope, right=Right.VIEW_FINANCE).first()
    if unit is None:
        return None
    month = today.replace(day=1)
    return DuesMonthCard(month=month, row=unit_rows([unit], month)[0], cell=unit.holds_members)


@dataclass
class RoleHome:
    kind: str  # "bloc", "grassroots", "cell", "member" or "none"
    unit: Organization | None = None
    round: RoundSummary | None = None
    kpi_year: int | None = None
    kpi: list[Figure] = field(default_factory=list)
    member: Member | None = None
    own_rating: Rating | None = None
    rights: set[str] = field(default_factory=set)
    admissions: AdmissionsDue | None = None
    probation: Deadline | None = None  # a probationary member's own recognition vote, with its rule
    next_meeting: Meeting | None = None  # a member's own cell's next meeting
    tasks: HomeTasks | None = None  # this year's tasks: the unit's members with one, or the member's own
    compliance: QuarterSummary | None = None  # the unit's cells in the last ended quarter, by colour
    screening: ScreeningCard | None = None
    movements: MovementsDue | None = None
    dues: DuesMonthCard | None = None
    inspection: InspectionCard | None = None  # above a cell: cases, letters and suspensions due
    cell_plan: CellPlanCard | None = None  # a cell: its own inspection and supervision plan of the year
    badges: BadgeCard | None = None
    training: TrainingCard | None = None
    report_inbox: InboxSummary | None = None  # reports the user's own unit is asked to send
    plan_tasks: PlanTasksCard | None = None  # the plans' tasks of the user's board or unit, overdue and due soon


def own_probation(member: Member, *, today: dt.date) -> Deadline | None:
    """The recognition vote due on the member's own candidacy while they are on probation (the member reads only
    their own record: the candidacy that made them a member)."""
    if member.status != MemberStatus.PROBATIONARY:
        return None
    own = Candidate.objects.filter(member=member, stage=Stage.PROBATION).select_related("cell__parent")
    found = [d for d in deadlines(own, today=today) if d.kind == "recognition"]
    return found[0] if found else None


def _kind_of(unit: Organization) -> str:
    if unit.holds_members:
        return "cell"
    return "bloc" if unit.level == OrgLevel.UPPER else "grassroots"


def _open_round(scope: Scope, unit: Organization) -> RatingCampaign | None:
    """The latest open round covering the unit (opened at or above it)."""
    return (
        campaigns_for(scope)
        .filter(state=CampaignState.OPEN, organization__path__in=unit.ancestor_paths())
        .order_by("-year", "-organization__depth")
        .first()
    )


def _next_deadline(campaign: RatingCampaign, today: dt.date) -> tuple[dt.date | None, str]:
    for name, step in DEADLINES:
        due: dt.date = getattr(campaign, name)
        if due >= today:
            return due, str(step.label)
    return None, ""


def round_summary(scope: Scope, unit: Organization, *, today: dt.date) -> RoundSummary | None:
    """The open round for the unit: per grassroots organization for the bloc, per cell below (three queries)."""
    campaign = _open_round(scope, unit)
    if campaign is None:
        return None
    within = None if unit.level == OrgLevel.UPPER and unit.path == campaign.organization.path else unit
    progress = campaign_progress(scope, campaign, today=today, within=within)
    units = [(p, p.organization) for p in progress if p.organization is not None]  # no totals row here anyway
    lagging = [
        p for p, _ in sorted(((p, o) for p, o in units if p.overdue), key=lambda x: (-x[0].overdue, x[1].sort_key))
    ]
    next_due, next_step = _next_deadline(campaign, today)
    summary = RoundSummary(
        campaign=campaign,
        rated=sum(p.rated for p in progress),
        counted=sum(p.total - p.not_rated for p in progress),
        overdue=sum(p.overdue for p in progress),
        overdue_units=lagging[:OVERDUE_UNITS_SHOWN],
        overdue_units_total=len(lagging),
        next_due=next_due,
        next_step=next_step,
    )
    if unit.holds_members:
        summary.to_review = (
            ratings_for(scope)
            .filter(campaign=campaign, unit=unit, not_rated=False, member__isnull=False)
            .filter(step__in=[RatingStep.PENDING, RatingStep.SELF_ASSESSED])
            .count()
        )
    return summary


def add_capability_cards(home: RoleHome, scope: Scope, unit: Organization, *, today: dt.date) -> None:
    """Inspection and discipline, badges and training: what the user's roles act on (see `cards`)."""
    if scope.has_right(Right.VIEW_DISCIPLINE):
        if unit.holds_members:
            home.cell_plan = cell_plan_card(scope, unit, today=today)
        else:
            home.inspection = inspection_card(scope, today=today)
    members = scope.covers_path(Right.VIEW_MEMBERS, unit.path)
    if members and (scope.has_right(Right.PROPOSE_RECOGNITION) or scope.has_right(Right.DECIDE_RECOGNITION)):
        home.badges = badge_card(unit, today=today)
    if members and (scope.has_right(Right.MANAGE_TRAINING) or unit.holds_members):
        home.training = training_card(unit, today=today)
    if scope.has_right(Right.REPORT_PROGRESS):
        inbox = inbox_summary(scope, today=today)
        home.report_inbox = inbox if inbox.total else None


def role_home(scope: Scope, *, today: dt.date) -> RoleHome:
    """The home page's content for the user's scope."""
    rights = {r for r in Right.values if scope.has_right(r)}
    if scope.has_right(Right.VIEW_ORGS):
        unit = visible_roots(scope).select_related("parent").first()
        if unit is not None:
            home = RoleHome(kind=_kind_of(unit), unit=unit, rights=rights)
            if scope.has_right(Right.VIEW_MEMBERS):
                home.round = round_summary(scope, unit, today=today)
            if scope.has_right(Right.VIEW_ADMISSIONS):
                home.admissions = admissions_due(scope, today=today)
            home.tasks = home_task_card(scope, unit=unit, today=today)
            if scope.covers_path(Right.VIEW_CELL_LIFE, unit.path):
                home.compliance = quarter_summary(unit, today=today)
            home.screening = screening_card(scope, unit, today=today)
            if scope.has_right(Right.VIEW_MOVEMENTS):
                home.movements = movements_due(scope, today=today)
            if scope.has_right(Right.VIEW_FINANCE):
                home.dues = dues_month(scope, today=today)
            add_capability_cards(home, scope, unit, today=today)
            home.plan_tasks = plan_tasks_card(scope, today=today)
            if home.kind != "cell":
                home.kpi_year = latest_year(scope, default=today.year)
                figures = unit_dashboard(unit, year=home.kpi_year).figures.ordered()
                home.kpi = figures if any(f.denominator for f in figures) else []
            return home
    if scope.member_id is not None:
        member = Member.objects.select_related("organization__parent").get(pk=scope.member_id)
        own_rating = (
            Rating.objects.filter(member=member, campaign__state=CampaignState.OPEN)
            .select_related("campaign")
            .order_by("-campaign__year")
            .first()
        )
        return RoleHome(
            kind="member",
            member=member,
            own_rating=own_rating,
            rights=rights,
            probation=own_probation(member, today=today),
            next_meeting=next_meeting_for(member, today=today),
            tasks=home_task_card(scope, unit=None, today=today),
        )
    return RoleHome(kind="none", rights=rights)
