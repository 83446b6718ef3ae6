"""A cell ready for screening: cell A1 of the shared tree with six full members (m1, m2 and four more), one
probationary and one exempt member, and its secretary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.members.models import Member

from ..conftest import World
from ..factories import make_member, make_user


@dataclass
class Cell:
    world: World
    full: list[Member]
    probationary: Member
    exempt: Member
    secretary: User


@pytest.fixture
def cell(world: World) -> Cell:
    extra = [make_member(organization=world.cell_a1) for _ in range(4)]
    probationary = make_member(organization=world.cell_a1, admission_decision_date=dt.date(2025, 3, 1),
                               ceremony_date=dt.date(2025, 3, 15), full_membership_date=None)  # fmt: skip
    exempt = make_member(organization=world.cell_a1, status="exempt")
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    return Cell(world, [world.m1, world.m2, *extra], probationary, exempt, secretary)
