"""The home page's cards of inspection, complaints, discipline, badges and training, read through the apps' scoped
selectors, each in a fixed number of queries whatever the size of the tree (counts in SQL, never a loop per member).

- Inspection (`view_discipline` above a cell): cases past the deadline of their next stage and cases in progress;
  with `handle_complaints`, letters being handled past their deadline or due within `LETTER_WARNING_DAYS` working
  days; with `view_movements`, suspensions from party activities ending within `SUSPENSION_WARNING_DAYS` days.
- A cell's own yearly inspection and supervision plan (its secretary): the programme of the year with its cases.
- Badges (`propose_recognition` or `decide_recognition`): the list of the nearest award date for the user's unit,
  by verdict (the recognition app computes it set-based, as its own hub does).
- Training (`manage_training`, or a cell's secretary): who still needs the new-member course, the secretaries'
  refresher and the theory level, as the training hub counts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.complaints.enums import ComplaintState
from dangbo.complaints.selectors import complaints_for
from dangbo.core.calendar import add_working_days
from dangbo.core.errors import DomainError
from dangbo.inspection.enums import CaseState
from dangbo.inspection.models import Programme
from dangbo.inspection.selectors import cases_for, programmes_for
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.selectors import movements_for
from dangbo.organizations.models import Organization
from dangbo.recognition.enums import PROPOSABLE, Verdict
from dangbo.recognition.rules import check_award_date
from dangbo.recognition.selectors import nearest_award_date
from dangbo.recognition.stored_lists import list_for
from dangbo.training import needs
from dangbo.training.rules import rules_in_force as training_rules

LETTER_WARNING_DAYS = 10  # working days before a letter's deadline when the home page starts warning
SUSPENSION_WARNING_DAYS = 14  # calendar days before a suspension ends


@dataclass
class InspectionCard:
    cases_overdue: int
    cases_in_progress: int
    letters: bool  # the user handles letters (the two letter counts apply)
    letters_overdue: int = 0
    letters_near: int = 0
    suspensions: bool = False  # the user sees suspensions (the count applies)
    suspensions_ending: int = 0


def inspection_card(scope: Scope, *, today: dt.date) -> InspectionCard:
    """Three queries at most: the cases, the letters, the suspensions."""
    cases = cases_for(scope).aggregate(
        overdue=Count("pk", filter=Q(state__in=(CaseState.IN_PROGRESS, CaseState.CONCLUDED), due_on__lt=today)),
        in_progress=Count("pk", filter=Q(state=CaseState.IN_PROGRESS)),
    )
    card = InspectionCard(cases_overdue=cases["overdue"], cases_in_progress=cases["in_progress"], letters=False)
    if scope.has_right(Right.HANDLE_COMPLAINTS):
        near = add_working_days(today, LETTER_WARNING_DAYS)
        letters = (
            complaints_for(scope)
            .filter(state=ComplaintState.HANDLING)
            .aggregate(
                overdue=Count("pk", filter=Q(due_on__lt=today)),
                near=Count("pk", filter=Q(due_on__gte=today, due_on__lte=near)),
            )
        )
        card.letters, card.letters_overdue, card.letters_near = True, letters["overdue"], letters["near"]
    if scope.has_right(Right.VIEW_MOVEMENTS):
        card.suspensions = True
        card.suspensions_ending = suspensions_ending(scope, today=today)
    return card


def suspensions_ending(scope: Scope, *, today: dt.date) -> int:
    """Suspensions in force today whose planned end falls within the warning window (one query)."""
    return (
        movements_for(scope)
        .filter(kind=MovementKind.SUSPENSION, start__lte=today, ended_on__isnull=True)
        .exclude(state=MovementState.CANCELLED)
        .filter(planned_end__gte=today, planned_end__lte=today + dt.timedelta(days=SUSPENSION_WARNING_DAYS))
        .count()
    )


@dataclass
class CellPlanCard:
    year: int
    programme: Programme | None
    total: int = 0
    done: int = 0
    late: int = 0
    can_manage: bool = False


def cell_plan_card(scope: Scope, unit: Organization, *, today: dt.date) -> CellPlanCard:
    """The cell's own programme of the year with its cases' counts (one query)."""
    programme = (
        programmes_for(scope)
        .filter(organization=unit, year=today.year)
        .annotate(
            total=Count("cases"),
            done=Count("cases", filter=Q(cases__state=CaseState.CLOSED)),
            late=Count("cases", filter=Q(cases__due_on__lt=today)),
        )
        .order_by("pk")
        .first()
    )
    card = CellPlanCard(year=today.year, programme=programme,
                        can_manage=scope.covers_path(Right.MANAGE_DISCIPLINE, unit.path))  # fmt: skip
    if programme is not None:
        card.total, card.done, card.late = programme.total, programme.done, programme.late
    return card


@dataclass
class BadgeCard:
    award_date: dt.date
    unit: Organization
    to_propose: int
    blocked: int
    proposed: int
    awarded: int


def badge_card(unit: Organization, *, today: dt.date) -> BadgeCard | None:
    """The list of the nearest award date for the unit, by verdict (None when no award date is set)."""
    day = nearest_award_date(today)
    if day is None:
        return None
    try:
        counts = list_for(unit, day, rules=check_award_date(day)).counts()
    except DomainError:
        return None  # no badge rule set in force on that day: the recognition hub says why
    return BadgeCard(
        award_date=day, unit=unit, to_propose=sum(counts[v] for v in PROPOSABLE), blocked=counts[Verdict.BLOCKED],
        proposed=counts[Verdict.PROPOSED], awarded=counts[Verdict.AWARDED],
    )  # fmt: skip


@dataclass
class TrainingCard:
    unit: Organization
    new_members: int
    secretaries: int
    theory: int
    report: bool  # the coverage report is offered (above a cell)


def training_card(unit: Organization, *, today: dt.date) -> TrainingCard | None:
    """Who still needs which course in the unit today (three counts; None when no training rule set is in force)."""
    try:
        rules = training_rules(today)
    except DomainError:
        return None
    return TrainingCard(
        unit=unit,
        new_members=needs.new_members_query(unit.path, today, rules).count(),
        secretaries=needs.secretaries_query(unit.path, today).count(),
        theory=needs.theory_query(unit.path, rules).count(),
        report=not unit.holds_members,
    )
