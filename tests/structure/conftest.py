"""Fixtures of the party-tree tests: a deeper subtree and a decision to cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.structure.restructuring import Decision
from tests.conftest import World
from tests.factories import make_org

BEFORE = dt.date(2024, 3, 31)
EFFECTIVE = dt.date(2024, 4, 1)
AFTER = dt.date(2024, 6, 30)


@dataclass
class Deep:
    """bloc ─ upper U ─ grassroots G ─ sub-committee S ─ cell C ─ party group P"""

    upper: Organization
    grassroots: Organization
    sub: Organization
    cell: Organization
    group: Organization


@pytest.fixture
def decision() -> Decision:
    return Decision(number="125-QĐ/ĐUK", date=dt.date(2024, 3, 20), note="Theo Đề án sắp xếp")


@pytest.fixture
def deep(world: World) -> Deep:
    upper = make_org(name="Đảng bộ Tổng công ty", kind=OrgKind.UPPER, parent=world.bloc, code="U")
    grassroots = make_org(name="Đảng bộ Công ty con", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=upper, code="G")
    sub = make_org(name="Đảng bộ bộ phận Nhà máy", kind=OrgKind.SUB_COMMITTEE, parent=grassroots, code="S")
    cell = make_org(name="Chi bộ Phân xưởng 1", kind=OrgKind.CELL, parent=sub, code="C")
    group = make_org(name="Tổ đảng Ca 1", kind=OrgKind.PARTY_GROUP, parent=cell, code="P")
    return Deep(upper, grassroots, sub, cell, group)
