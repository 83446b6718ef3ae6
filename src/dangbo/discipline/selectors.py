"""Reads of discipline decisions, always limited to a scope.

A decision is visible where the user holds `right` over the unit the subject belonged to on the
decision date, or over the subject's current unit (so a member's new cell still sees the decision
taken in the old one when it rates the member). Viewing decisions needs `view_discipline`; the
rating work reads them as facts with `view_members` (the cell knows its members' disciplines).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .models import Discipline


def disciplines_for(scope: Scope, *, right: str = Right.VIEW_DISCIPLINE) -> QuerySet[Discipline]:
    q = (
        scope.path_q(right, "organization_at_decision__path")
        | scope.path_q(right, "member__organization__path")
        | scope.path_q(right, "organization__path")
    )
    return Discipline.objects.filter(q)


def _year_range(year: int) -> Q:
    return Q(decision_date__gte=dt.date(year, 1, 1), decision_date__lte=dt.date(year, 12, 31))


def disciplines_in_year(
    scope: Scope,
    *,
    year: int,
    member: Member | None = None,
    organization: Organization | None = None,
    right: str = Right.VIEW_DISCIPLINE,
) -> QuerySet[Discipline]:
    """Decisions taken in `year` (by decision date) against one member or one organization itself."""
    if (member is None) == (organization is None):
        raise DomainError("Cần chọn đúng một đảng viên hoặc một tổ chức đảng.")
    subject = Q(member=member) if member is not None else Q(organization=organization)
    return disciplines_for(scope, right=right).filter(subject & _year_range(year)).order_by("decision_date", "id")


def disciplines_under_in_year(
    scope: Scope, *, organization: Organization, year: int, right: str = Right.VIEW_DISCIPLINE
) -> QuerySet[Discipline]:
    """Decisions taken in `year` against members or organizations that were inside `organization`'s
    subtree on the decision date (the organization itself included): the facts a collective's rating reads."""
    return (
        disciplines_for(scope, right=right)
        .filter(_year_range(year), organization_at_decision__path__startswith=organization.path)
        .select_related("organization_at_decision")
        .order_by("decision_date", "id")
    )
