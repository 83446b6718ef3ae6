"""The figures of a plan's review (sơ kết giữa nhiệm kỳ, tổng kết): one plan, one organization, up to an end year.

Three parts, all read from what is stored (no rating is recomputed):
- the KPI values of the organization for each year of the plan so far, graded against that year's target (the
  plan's own target for the metric, else the one in force that year), by `planning.grading.grade`;
- the plan's tasks the organization answers for, among those the review's maker sees (`seen`: the plan page's
  `plan_selectors.tasks_for`, decision 0042), grouped by owner (board, unit, every grassroots organization), each
  with its state, latest progress result and percent, overdue ones marked (`planning.plan_selectors`);
- the reports the organization asked of its units in the plan's years: per request how many units were asked,
  sent, accepted and are late, and the figures of the accepted versions summed.

The caller has checked that the organization lies in the user's scope; `check_review` refuses the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError
from dangbo.organizations.models import Organization
from dangbo.planning.grading import count_achieved
from dangbo.planning.models import KpiValue, Plan, PlanTask, Target, TaskProgress
from dangbo.planning.plan_enums import OwnerKind
from dangbo.planning.plan_selectors import (
    GRASSROOTS_KINDS,
    TaskStatus,
    committee_statuses,
    done_keys,
    grouped,
    owner_status,
)
from dangbo.planning.selectors import METRICS, Figure, targets_by_year

from .enums import RecipientStatus, ReviewKind
from .models import ReportRequest, ReportSubmission
from .request_selectors import with_counts


@dataclass(frozen=True)
class YearFigures:
    """One year of the plan: each metric's figure against that year's target."""

    year: int
    figures: list[Figure]

    @property
    def met_count(self) -> int:
        return count_achieved([f.grade for f in self.graded])

    @property
    def graded(self) -> list[Figure]:
        """The figures with both a target and data: those the year is judged on."""
        return [f for f in self.figures if f.target is not None and f.denominator]

    @property
    def targeted(self) -> int:
        return len(self.graded)


@dataclass(frozen=True)
class TaskRow:
    number: str
    title: str
    state: str  # the task's state label, or "Quá hạn" / "Hoàn thành"
    overdue: bool
    done: bool
    percent: int
    result: str  # the latest progress report's result ("" without one)
    reported_on: dt.date | None


@dataclass(frozen=True)
class TaskGroupRows:
    label: str
    rows: list[TaskRow]


@dataclass(frozen=True)
class RequestRow:
    """One report asked of the units: how many were asked, sent, accepted, are late; the accepted figures summed."""

    title: str
    year: int
    due_on: dt.date
    asked: int
    sent: int
    accepted: int
    late: int
    figures: list[tuple[str, int]]  # (name, sum over the accepted versions), in the request's order


@dataclass(frozen=True)
class PlanReview:
    plan: Plan
    kind: str
    organization: Organization
    end_year: int
    today: dt.date
    years: list[YearFigures]
    tasks: list[TaskGroupRows]
    requests: list[RequestRow]

    @property
    def first_year(self) -> int:
        return self.plan.years()[0]

    @property
    def kind_label(self) -> str:
        return str(ReviewKind(self.kind).label)

    @property
    def task_count(self) -> int:
        return sum(len(g.rows) for g in self.tasks)

    @property
    def done_count(self) -> int:
        return sum(r.done for g in self.tasks for r in g.rows)

    @property
    def overdue_count(self) -> int:
        return sum(r.overdue for g in self.tasks for r in g.rows)


def review_kind(code: str) -> ReviewKind:
    if code not in ReviewKind.values:
        raise DomainError(
            _("Loại báo cáo “%(code)s” không có; hãy chọn sơ kết giữa nhiệm kỳ hoặc tổng kết.") % {"code": code},
            field="loai",
        )
    return ReviewKind(code)


def under_plan(plan: Plan, organization: Organization) -> bool:
    """Whether `organization` is the plan's issuer or lies under it (any organization for a plan without one)."""
    return organization.path.startswith(plan.issuer_path)


def check_review(plan: Plan, organization: Organization, *, end_year: int, today: dt.date) -> None:
    """Refuse, in Vietnamese, a plan none of whose years has begun, an end year outside the plan's years (or
    still to come), and an organization neither the plan's issuer nor under it."""
    years = plan.years()
    if years[0] > today.year:
        raise DomainError(
            _("Kế hoạch %(plan)s bắt đầu từ năm %(year)s: chưa có năm nào để sơ kết, tổng kết.")
            % {"plan": plan.document_number, "year": years[0]},
            field="ke_hoach",
        )
    if end_year not in years or end_year > today.year:
        raise DomainError(
            _("Năm cuối của báo cáo phải trong các năm của kế hoạch đã bắt đầu, từ %(first)s đến %(last)s.")
            % {"first": years[0], "last": min(years[-1], today.year)},
            field="nam",
        )
    if not under_plan(plan, organization):
        raise DomainError(
            _("%(name)s không thuộc phạm vi thực hiện Kế hoạch %(plan)s.")
            % {"name": organization.name, "plan": plan.document_number},
            field="to_chuc",
        )


def _year_figures(plan: Plan, organization: Organization, years: list[int]) -> list[YearFigures]:
    """The stored KPI values of each year (one query) against the plan's target, else the one in force."""
    in_force = targets_by_year(years)
    own: dict[int, dict[str, Target]] = defaultdict(dict)
    for target in plan.targets.select_related("plan").order_by("year_from"):
        for year in years:
            if target.year_from <= year <= target.year_to:
                own[year][target.metric] = target
    counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in KpiValue.objects.filter(organization=organization, year__in=years, metric__in=METRICS):
        counts[row.year][row.metric] = (row.numerator, row.denominator)
    out = []
    for year in years:
        targets = {**in_force[year], **own[year]}
        out.append(YearFigures(year, [Figure(m, *counts[year].get(m, (0, 0)), targets.get(m)) for m in METRICS]))
    return out


def _tasks_of(plan: Plan, organization: Organization, seen: QuerySet[PlanTask]) -> list[PlanTask]:
    """The plan's tasks the organization answers for, among the tasks `seen` by the review's maker: all of them
    for the issuer; for a unit under it, the tasks of that unit (or of units under it) and, for a grassroots
    organization, the tasks of every one."""
    qs = seen.filter(plan=plan).select_related("plan__issuer", "unit").order_by("sort_key", "id")
    if organization.path == plan.issuer_path or (plan.issuer_id is None and organization.depth == 0):
        return list(qs)
    q = Q(owner_kind=OwnerKind.UNIT, unit__path__startswith=organization.path)
    if organization.kind in GRASSROOTS_KINDS:
        q |= Q(owner_kind=OwnerKind.GRASSROOTS)
    return list(qs.filter(q))


def _unit_latest(task_ids: list[int], organization: Organization) -> dict[int, TaskProgress]:
    out: dict[int, TaskProgress] = {}
    reports = TaskProgress.objects.filter(task_id__in=task_ids, organization__path__startswith=organization.path)
    for p in reports.order_by("task_id", "-reported_on", "-id"):
        out.setdefault(p.task_id, p)
    return out


def _statuses(plan: Plan, organization: Organization, tasks: list[PlanTask], today: dt.date) -> list[TaskStatus]:
    if organization.path == plan.issuer_path or (plan.issuer_id is None and organization.depth == 0):
        return committee_statuses(tasks, today=today)
    ids = [t.pk for t in tasks]
    done, latest = done_keys(ids), _unit_latest(ids, organization)
    out = []
    for task in tasks:
        unit = organization if task.owner_kind == OwnerKind.GRASSROOTS else None
        out.append(owner_status(task, today=today, done=done, unit=unit, latest=latest.get(task.pk)))
    return out


def _task_row(status: TaskStatus) -> TaskRow:
    task, latest = status.task, status.latest
    if status.done:
        state = _("Hoàn thành")
    elif status.overdue:
        state = _("Quá hạn")
    else:
        state = str(task.get_state_display())
    if task.owner_kind == OwnerKind.GRASSROOTS and status.unit is None and status.units_total:
        state = f"{state} ({status.units_done}/{status.units_total} {_('đơn vị')})"
    return TaskRow(
        number=task.number, title=task.title, state=state, overdue=bool(status.overdue) and not status.done,
        done=status.done, percent=status.percent, result=latest.result if latest is not None else "",
        reported_on=latest.reported_on if latest is not None else None,
    )  # fmt: skip


def _request_rows(organization: Organization, years: list[int], today: dt.date) -> list[RequestRow]:
    """The requests set by the organization in `years` with their counts (one query) and the accepted
    versions' figures (one query)."""
    requests = list(
        with_counts(ReportRequest.objects.filter(requester=organization, year__in=years), today=today).order_by(
            "year", "due_on", "id"
        )
    )
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen: set[int] = set()
    accepted = ReportSubmission.objects.filter(
        recipient__request__in=[r.pk for r in requests], recipient__status=RecipientStatus.ACCEPTED,
        outcome=RecipientStatus.ACCEPTED,
    ).order_by("recipient_id", "-number").values_list("recipient__request_id", "recipient_id", "figures")  # fmt: skip
    for request_id, recipient_id, figures in accepted:
        if recipient_id in seen:  # the latest accepted version of each unit only
            continue
        seen.add(recipient_id)
        for name, value in (figures or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                sums[request_id][name] += value
    rows = []
    for r in requests:
        names = [str(n) for n in r.figures] + sorted(set(sums[r.pk]) - {str(n) for n in r.figures})
        rows.append(RequestRow(
            title=r.title, year=r.year, due_on=r.due_on, asked=r.n_units, sent=r.n_sent,  # type: ignore[attr-defined]
            accepted=r.n_accepted, late=r.n_late,  # type: ignore[attr-defined]
            figures=[(n, sums[r.pk].get(n, 0)) for n in names],
        ))  # fmt: skip
    return rows


def plan_review(
    plan: Plan, *, kind: str, organization: Organization, end_year: int, today: dt.date, seen: QuerySet[PlanTask]
) -> PlanReview:
    """Gather the review. `seen`: the tasks the review's maker sees (`plan_selectors.tasks_for`, as on the plan's
    page); no other task is read. Steps: refuse a kind, plan, year or organization that does not fit
    (`check_review`); the KPI figures of each year from the plan's first to `end_year`; the tasks by owner with
    their state on `today`; the organization's requests to its units in those years."""
    chosen = review_kind(kind)
    check_review(plan, organization, end_year=end_year, today=today)
    years = [y for y in plan.years() if y <= end_year]
    tasks = _tasks_of(plan, organization, seen)
    groups = grouped(_statuses(plan, organization, tasks, today))
    return PlanReview(
        plan=plan, kind=chosen, organization=organization, end_year=end_year, today=today,
        years=_year_figures(plan, organization, years),
        tasks=[TaskGroupRows(g.label, [_task_row(s) for s in g.rows]) for g in groups],
        requests=_request_rows(organization, years, today),
    )  # fmt: skip
