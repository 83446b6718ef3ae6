"""A cell with a dues ledger: cell A1 of the shared tree, its secretary, m1 (insured, 8,500,000), m2 (insured,
6,000,000), a pensioner admitted on 17/03/1976 (party age 50 in March 2026) and a student admitted in 2025."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.dues.ledger import compute_months
from dangbo.dues.models import DuesBase
from dangbo.members.models import Member

from ..conftest import World
from ..factories import make_member, make_user

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@dataclass
class Ledger:
    world: World
    pensioner: Member
    student: Member
    secretary: User

    @property
    def members(self) -> list[Member]:
        return [self.world.m1, self.world.m2, self.pensioner, self.student]


@pytest.fixture
def ledger(world: World) -> Ledger:
    pensioner = make_member(organization=world.cell_a1, given_name="Hưu", birth_date=dt.date(1950, 2, 2),
                            admission_decision_date=dt.date(1976, 3, 17), ceremony_date=dt.date(1976, 3, 20),
                            full_membership_date=dt.date(1977, 3, 17))  # fmt: skip
    student = make_member(organization=world.cell_a1, given_name="Sinh", birth_date=dt.date(2004, 5, 5),
                          admission_decision_date=dt.date(2025, 9, 10), ceremony_date=dt.date(2025, 9, 20),
                          full_membership_date=None)  # fmt: skip
    start = dt.date(2025, 1, 1)
    DuesBase.objects.bulk_create([
        DuesBase(member=world.m1, start=start, category="insured", base=8_500_000),
        DuesBase(member=world.m2, start=start, category="insured", base=6_000_000),
        DuesBase(member=pensioner, start=start, category="pensioner", base=6_000_000),
        DuesBase(member=student, start=dt.date(2025, 9, 1), category="student", base=0),
    ])  # fmt: skip
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    return Ledger(world, pensioner, student, secretary)


@pytest.fixture
def computed(ledger: Ledger) -> Ledger:
    """The ledger computed for 2025 and February 2026."""
    compute_months(root=ledger.world.bloc, months=[dt.date(2025, m, 1) for m in range(1, 13)] + [FEB])
    return ledger


def inspector(ledger: Ledger) -> User:
    """A bloc inspection officer: reads the bloc's finance, records nothing."""
    return make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=ledger.world.bloc)
