"""The figures at the edges the grouped reads decide: a birthday or an admission anniversary falling on the day
itself (the bands of whole years are counted in the database, the seniority of a member with a gap in Python: both
must band the same day alike), and members arriving in a cell or leaving it on the first day of the quarter and
inside it (the reconciliation reads both days' counts at once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.members import services as registry
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.organizations.models import Organization
from dangbo.statforms.compute import compute
from dangbo.statforms.models import StatForm
from tests.conftest import World
from tests.factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 12, 31)


def figures(code: str, unit: Organization, day: dt.date) -> dict[int, list[int | None]]:
    return {row.organization_id: row.values for row in compute(StatForm.objects.get(code=code), unit, day).rows}


def added(before: list[int | None], after: list[int | None]) -> list[int]:
    return [int(b or 0) - int(a or 0) for a, b in zip(before, after, strict=True)]


def admitted_on(cell: Organization, admission: dt.date, **extra: Any) -> Member:
    return make_member(organization=cell, birth_date=dt.date(1950, 1, 1), admission_decision_date=admission,
                       ceremony_date=admission + dt.timedelta(days=10),
                       full_membership_date=admission + dt.timedelta(days=400), **extra)  # fmt: skip


def born_on(cell: Organization, birth: dt.date) -> Member:
    return make_member(organization=cell, birth_date=birth, admission_decision_date=dt.date(2020, 1, 1),
                       ceremony_date=dt.date(2020, 1, 10), full_membership_date=dt.date(2021, 1, 1))  # fmt: skip


def test_age_bands_on_a_birthday(world: World) -> None:
    cell = world.cell_b1
    before = figures("DV-DO-TUOI", world.bloc, DAY)[cell.pk]
    born_on(cell, dt.date(1994, 12, 31))  # 31 on the day: 31–40
    born_on(cell, dt.date(1995, 1, 1))  # 30 until tomorrow: 30 or under
    born_on(cell, dt.date(1964, 12, 31))  # 61 on the day: 61 or over
    born_on(cell, dt.date(1965, 1, 1))  # 60: 51–60
    #                                                 total  ≤30  31–40  41–50  51–60  ≥61
    assert added(before, figures("DV-DO-TUOI", world.bloc, DAY)[cell.pk]) == [4, 1, 1, 0, 1, 1]


def test_seniority_bands_on_an_anniversary(world: World) -> None:
    cell = world.cell_b1
    before = figures("DV-TUOI-DANG", world.bloc, DAY)[cell.pk]
    admitted_on(cell, dt.date(1985, 12, 31))  # exactly 40 years on the day
    admitted_on(cell, dt.date(1986, 1, 1))  # 39 years and 364 days
    admitted_on(cell, dt.date(1975, 12, 31))  # exactly 50 years
    admitted_on(cell, dt.date(1976, 1, 1))  # 49 years
    #                                                     total  <10  10–19  20–29  30–39  40–49  ≥50  of them ≥40
    assert added(before, figures("DV-TUOI-DANG", world.bloc, DAY)[cell.pk]) == [4, 0, 0, 0, 1, 2, 1, 3]


def test_seniority_of_an_admission_on_29_february(world: World) -> None:
    cell = world.cell_b1
    admitted_on(cell, dt.date(1976, 2, 29))
    on_28, on_1 = dt.date(2026, 2, 28), dt.date(2026, 3, 1)
    # 28/02/2026: 49 years (the 50th is reached on 01/03, as `members.seniority` counts whole months).
    before = figures("DV-TUOI-DANG", world.bloc, on_28)[cell.pk]
    after = figures("DV-TUOI-DANG", world.bloc, on_1)[cell.pk]
    assert added(before, after) == [0, 0, 0, 0, 0, -1, 1, 0]


def test_a_gap_moves_a_member_below_an_edge(world: World) -> None:
    """Admitted exactly 50 years before the day, struck off for one month then admitted again: 49 years, so in
    40–49 and not 50 or more; still in "of them 40 years or more". A gap that leaves the band unchanged moves
    nothing."""
    cell = world.cell_b1
    before = figures("DV-TUOI-DANG", world.bloc, DAY)[cell.pk]
    for member, admission in ((admitted_on(cell, dt.date(1975, 12, 31)), dt.date(1975, 12, 31)),
                              (admitted_on(cell, dt.date(1980, 6, 1)), dt.date(1980, 6, 1))):  # fmt: skip
        MemberStatusPeriod.objects.filter(member=member).delete()
        MemberStatusPeriod.objects.create(member=member, status="full", start=admission, end=dt.date(2000, 1, 1))
        MemberStatusPeriod.objects.create(member=member, status="struck_off", start=dt.date(2000, 1, 1),
                                          end=dt.date(2000, 2, 1))  # fmt: skip
        MemberStatusPeriod.objects.create(member=member, status="full", start=dt.date(2000, 2, 1))
    # The first: 50 years less one month, 49. The second: 45 years 6 months less one month, still 45.
    #                                                     total  <10  10–19  20–29  30–39  40–49  ≥50  of them ≥40
    assert added(before, figures("DV-TUOI-DANG", world.bloc, DAY)[cell.pk]) == [2, 0, 0, 0, 0, 2, 0, 2]


def test_reconciliation_counts_the_quarter_start_and_the_day(world: World) -> None:
    """Quarter from 01/10/2025 to 31/12/2025. Into A1: x on 01/10 (there at the start), y on 02/10 (not). Out of
    A1 to B1: z on 01/10 (in B1 at the start), w on 15/11 (in A1 at the start, in B1 at the end)."""
    w_ = world
    before = figures("DOI-CHIEU-QUY", w_.bloc, DAY)
    quarter = dt.date(2025, 10, 1)
    data = {"family_name": "Trần", "middle_name": "Văn", "gender": "male", "birth_date": dt.date(1990, 1, 1),
            "admission_decision_date": dt.date(2015, 1, 1), "ceremony_date": dt.date(2015, 1, 10),
            "full_membership_date": dt.date(2016, 1, 1)}  # fmt: skip
    registry.create_member(actor=None, organization=w_.cell_a1, joined_cell_on=quarter, data=data | {"given_name": "X"})
    registry.create_member(actor=None, organization=w_.cell_a1, joined_cell_on=quarter + dt.timedelta(days=1),
                           data=data | {"given_name": "Y"})  # fmt: skip
    z, w = make_member(organization=w_.cell_a1, given_name="Z"), make_member(organization=w_.cell_a1, given_name="W")
    registry.move_to_cell(actor=None, member=z, organization=w_.cell_b1, on=quarter)
    registry.move_to_cell(actor=None, member=w, organization=w_.cell_b1, on=dt.date(2025, 11, 15))
    after = figures("DOI-CHIEU-QUY", w_.bloc, DAY)
    #                                 opening  closing  direct  children  difference
    assert added(before[w_.cell_a1.pk], after[w_.cell_a1.pk]) == [2, 2, 2, 0, 0]  # x, w at the start; x, y
    assert added(before[w_.cell_b1.pk], after[w_.cell_b1.pk]) == [1, 2, 2, 0, 0]  # z; z, w
    assert added(before[w_.org_a.pk], after[w_.org_a.pk]) == [2, 2, 0, 2, 0]
    assert added(before[w_.org_b.pk], after[w_.org_b.pk]) == [1, 2, 0, 2, 0]
    assert added(before[w_.bloc.pk], after[w_.bloc.pk]) == [3, 4, 0, 4, 0]
    assert all(values[-1] == 0 for values in after.values())
