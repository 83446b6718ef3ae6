"""Reads of programmes and cases, always limited to a scope.

A programme or a case is visible where the user holds `right` (`view_discipline` by default) over the inspecting
organization: its own officers and those of every level above it, never the subject's side below it (a cell
secretary sees their cell's own plan, not the grassroots committee's). Writes need `manage_discipline` over the
same organization. The complaints app links a letter to its cases through `cases_for_complaint` only (it sits
below this app and never imports it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import CaseState
from .models import Case, Programme

OPEN = (CaseState.IN_PROGRESS, CaseState.CONCLUDED)


def programmes_for(scope: Scope, *, right: str = Right.VIEW_DISCIPLINE) -> QuerySet[Programme]:
    return Programme.objects.filter(scope.path_q(right, "organization__path"))


def cases_for(scope: Scope, *, right: str = Right.VIEW_DISCIPLINE) -> QuerySet[Case]:
    return Case.objects.filter(scope.path_q(right, "organization__path"))


def runners_for(scope: Scope, *, right: str = Right.MANAGE_DISCIPLINE) -> QuerySet[Organization]:
    """The organizations of the scope that may run programmes and cases (every kind but the party group)."""
    return (
        Organization.objects.filter(scope.path_q(right), dissolved_on__isnull=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .select_related("parent")
        .order_by("path")
    )


def with_subjects(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related(
        "organization__parent", "subject_member__organization", "subject_organization__parent", "programme"
    )


def overdue_first(qs: QuerySet[Case], *, today: dt.date) -> QuerySet[Case]:
    """Overdue cases first (the earliest deadline first), then open ones by deadline, then the rest."""
    rank = When_(
        When(Q(due_on__lt=today), then=Value(0)),
        When(Q(state__in=OPEN), then=Value(1)),
        When(Q(state=CaseState.PLANNED), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("rank", "due_on", "planned_month", "-decision_date", "id")


def filter_cases(qs: QuerySet[Case], data: dict[str, Any], *, today: dt.date) -> QuerySet[Case]:
    """The list's filters: unit (its subtree), year (of the decision, or the programme for a planned case), kind,
    state, overdue, programme, and the subject's name without accents (word starts, as every list searches)."""
    if unit := data.get("to_chuc"):
        qs = qs.filter(organization__path__startswith=unit.path)
    if year := data.get("nam"):
        qs = qs.filter(Q(decision_date__year=year) | Q(decision_date__isnull=True, programme__year=year))
    if kinds := data.get("loai"):
        qs = qs.filter(kind__in=kinds)
    if states := data.get("tinh_trang"):
        qs = qs.filter(state__in=states)
    if data.get("qua_han"):
        qs = qs.filter(due_on__lt=today)
    if programme := data.get("chuong_trinh"):
        qs = qs.filter(programme=programme)
    if key := normalize_search(data.get("q")):
        qs = qs.filter(
            word_prefix_q(key, "subject_member__search_name") | word_prefix_q(key, "subject_organization__search_name")
        )
    return qs


def cases_for_complaint(scope: Scope, complaint_ids: list[int]) -> dict[int, list[Case]]:
    """The cases opened from these complaints that the user may see, by complaint id (one query)."""
    out: dict[int, list[Case]] = {}
    for case in cases_for(scope).filter(complaint_id__in=complaint_ids).order_by("decision_date", "id"):
        assert case.complaint_id is not None
        out.setdefault(case.complaint_id, []).append(case)
    return out


def year_programmes(scope: Scope, *, year: int) -> QuerySet[Programme]:
    """The programmes of `year` in the scope, the highest level first."""
    return (
        programmes_for(scope)
        .filter(year=year)
        .select_related("organization__parent")
        .order_by("organization__depth", "organization__path", "body")
    )
