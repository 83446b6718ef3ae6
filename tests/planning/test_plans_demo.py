"""The demo's plans: 20-KH/ĐUK issued by the bloc with progress, the review plan with a few overdue tasks, and the
demo accounts reaching their own overdue tasks from their home page's card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.demo.generator import build_demo
from dangbo.planning.models import Plan, TaskProgress
from dangbo.planning.plan_selectors import my_statuses, overdue_for_committee, responsibility_for

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=1000, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def test_demo_plans_tasks_and_progress(demo: Any) -> None:
    seed = Plan.objects.get(document_number="20-KH/ĐUK")
    assert seed.issuer == demo.bloc and seed.tasks.count() == 48
    assert TaskProgress.objects.filter(task__plan=seed, board="organization").exists()
    assert TaskProgress.objects.filter(task__plan=seed, organization__isnull=False).exists()
    assert demo.plans.plans == 2 and demo.plans.overdue_tasks >= 3
    assert all(p.reported_on <= TODAY for p in TaskProgress.objects.all())
    linked = {p.document_number: p.document.reference for p in Plan.objects.select_related("document")}
    assert linked == {"20-KH/ĐUK": "20-KH/ĐUK", "45-KH/ĐUK": "45-KH/ĐUK"}  # both plans reach their library entry


def test_demo_accounts_see_their_overdue_tasks(demo: Any) -> None:
    def overdue(username: str) -> set[str]:
        user = User.objects.get(username=username)
        rows = my_statuses(scope_for(user), responsibility_for(user), today=TODAY)
        return {f"{s.task.plan.document_number} {s.task.number}" for s in rows if s.overdue}

    assert "45-KH/ĐUK 2" in overdue("coso")
    assert "45-KH/ĐUK 3" in overdue("tuyengiao")
    assert "20-KH/ĐUK IV.1.6" in overdue("bantochuc")
    bloc = User.objects.get(username="bantochuc")
    committee = overdue_for_committee(scope_for(bloc), responsibility_for(bloc), today=TODAY)
    assert {"3", "5", "IV.1.6"} <= {s.task.number for s in committee}
    client = Client()
    client.force_login(User.objects.get(username="coso"))
    assert 'id="home-plan-tasks"' in client.get("/").text
