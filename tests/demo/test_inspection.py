"""The demo's inspection and supervision: programmes of two years at the bloc, grassroots committees and cells,
cases in every state (some overdue), disciplines decided through the discipline service and linked, a proposal
upward, every stage in order; the demo accounts reach them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from dangbo.accounts.models import User
from dangbo.demo.generator import build_demo
from dangbo.discipline.models import Discipline
from dangbo.inspection.enums import STAGES, Body, CaseKind, CaseState
from dangbo.inspection.models import Case, Programme
from dangbo.organizations.enums import OrgKind

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=1000, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def test_programmes_of_two_years_at_every_level(demo: Any) -> None:
    rows = set(Programme.objects.values_list("year", "organization__kind", "body"))
    for year in (2025, 2026):
        assert {
            (year, OrgKind.UPPER, Body.INSPECTION_COMMISSION),
            (year, OrgKind.GRASSROOTS_COMMITTEE, Body.INSPECTION_COMMISSION),
            (year, OrgKind.GRASSROOTS_COMMITTEE, Body.COMMITTEE),
            (year, OrgKind.CELL, Body.COMMITTEE),
        } <= rows
    assert demo.inspection.programmes == Programme.objects.count() >= 20


def test_cases_in_every_state_and_kind_some_overdue(demo: Any) -> None:
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert set(Case.objects.values_list("kind", flat=True)) == set(CaseKind.values)
    overdue = Case.objects.filter(due_on__lt=TODAY)
    assert overdue.filter(decision_date__year=2025).exists() and overdue.filter(decision_date__year=2026).exists()
    assert sorted(overdue.values_list("pk", flat=True)) == sorted(demo.inspection.overdue)


def test_stages_in_order_and_not_after_today(demo: Any) -> None:
    for case in Case.objects.exclude(state=CaseState.PLANNED):
        days = [getattr(case, spec.field) for spec in STAGES]
        done = [d for d in days if d is not None]
        assert days[: len(done)] == done and done == sorted(done) and done[-1] <= TODAY, case.pk
        assert case.team.filter(role="leader").count() == 1


def test_disciplines_decided_through_the_service_and_one_proposal(demo: Any) -> None:
    decided = Case.objects.exclude(discipline=None)
    assert decided.count() == len(demo.inspection.disciplines) >= 3
    assert set(decided.values_list("discipline__form", flat=True)) == {"reprimand", "warning"}
    for case in decided.select_related("discipline"):
        assert case.discipline.deciding_organization_id == case.organization_id
        assert case.discipline.member_id == case.subject_member_id
        assert case.discipline.concluded_on == case.concluded_on
    assert Discipline.objects.filter(pk__in=demo.inspection.disciplines).count() == decided.count()
    assert Case.objects.filter(proposed_form="expulsion").exclude(proposed_to="").exists()


def test_demo_accounts_reach_their_cases(demo: Any) -> None:
    for username, minimum in [("kiemtra", 40), ("coso", 8), ("chibo", 2)]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get("/kiem-tra/?nam=2026").content.decode()
        assert page.count('id="case-') >= minimum, username
