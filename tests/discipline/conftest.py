"""A probationary member in cell A1 and a bloc inspection officer, on top of the shared world."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.members.models import Member
from tests.conftest import World
from tests.factories import make_member, make_user


@pytest.fixture
def probationary(world: World) -> Member:
    return make_member(
        organization=world.cell_a1,
        admission_decision_date=dt.date(2026, 1, 10),
        ceremony_date=dt.date(2026, 1, 20),
        full_membership_date=None,
        birth_date=dt.date(2000, 4, 4),
    )


@pytest.fixture
def inspector(world: World) -> User:
    return make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
