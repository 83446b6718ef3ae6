"""A small hand-built world for the notification sources: a cell secretary of A1, accounts for m2 and m3, and the
day every source is computed on (a Wednesday; the 2025 meeting rule set is in force)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User

from ..factories import make_user

DAY = dt.date(2026, 12, 9)


@dataclass
class People:
    world: Any
    secretary: User
    m2_user: User
    m3_user: User


@pytest.fixture
def people(world: Any) -> People:
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1,
                          email="bithu@example.vn")  # fmt: skip
    m2_user = make_user("dangvien_m2", role=RoleKind.MEMBER, organization=world.cell_a1)
    m3_user = make_user("dangvien_m3", role=RoleKind.MEMBER, organization=world.cell_b1, email="m3@example.vn")
    world.m2.user = m2_user
    world.m2.save(update_fields=["user"])
    world.m3.user = m3_user
    world.m3.save(update_fields=["user"])
    return People(world, secretary, m2_user, m3_user)
