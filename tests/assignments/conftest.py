"""Tasks over the shared `world` tree (tests/conftest.py): the secretary of cell A1 gives them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.assignments import services
from dangbo.assignments.enums import TaskKind
from dangbo.assignments.models import TaskAssignment
from tests.factories import make_user

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def secretary(world: Any) -> Any:
    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def give(world: Any, *members: Any, today: dt.date = TODAY, **overrides: Any) -> list[TaskAssignment]:
    """The same task for `members` of cell A1 (default: m1), given on 02/03 of `today`'s year."""
    data: dict[str, Any] = {
        "actor": world.officer,
        "cell": world.cell_a1,
        "members": list(members) or [world.m1],
        "title": "Phụ trách công tác tuyên truyền của phòng",
        "kind": TaskKind.PARTY_WORK,
        "assigned_on": dt.date(today.year, 3, 2),
        "deadline": dt.date(today.year, 11, 30),
        "today": today,
    }
    data.update(overrides)
    return services.assign_task(**data)
