"""Figures summed up the tree as it stood on a day, limited to what the scope sees (`roll_up_as_of`)."""

from __future__ import annotations

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.selectors import roll_up_as_of
from tests.conftest import World
from tests.factories import make_org

DAY = dt.date(2024, 6, 30)


def per_cell(world: World) -> dict[int, int]:
    return {world.cell_a1.pk: 2, world.cell_a2.pk: 5, world.cell_b1.pk: 3}


def test_sums_each_cell_into_every_organization_above_it(world: World) -> None:
    totals = roll_up_as_of(scope_for(world.bloc_officer), day=DAY, per_org=per_cell(world))
    assert totals == {
        world.bloc.pk: 10,
        world.org_a.pk: 7,
        world.cell_a1.pk: 2,
        world.cell_a2.pk: 5,
        world.org_b.pk: 3,
        world.cell_b1.pk: 3,
    }


def test_keeps_only_the_subtrees_the_scope_sees(world: World) -> None:
    totals = roll_up_as_of(scope_for(world.officer), day=DAY, per_org=per_cell(world))
    assert totals == {world.org_a.pk: 7, world.cell_a1.pk: 2, world.cell_a2.pk: 5}
    assert roll_up_as_of(scope_for(world.member_user), day=DAY, per_org=per_cell(world)) == {}


def test_organizations_with_nothing_counted_show_zero(world: World) -> None:
    assert roll_up_as_of(scope_for(world.officer), day=DAY, per_org={}) == dict.fromkeys(
        [world.org_a.pk, world.cell_a1.pk, world.cell_a2.pk], 0
    )


def test_an_organization_founded_later_neither_shows_nor_counts(world: World) -> None:
    later = make_org(name="Chi bộ mới", kind=OrgKind.CELL, parent=world.org_a, founded_on=dt.date(2025, 1, 1))
    totals = roll_up_as_of(scope_for(world.officer), day=DAY, per_org={**per_cell(world), later.pk: 4})
    assert later.pk not in totals
    assert totals[world.org_a.pk] == 7
    after = roll_up_as_of(scope_for(world.officer), day=dt.date(2025, 1, 1), per_org={**per_cell(world), later.pk: 4})
    assert (after[later.pk], after[world.org_a.pk]) == (4, 11)


def test_nothing_before_the_tree_existed(world: World) -> None:
    assert roll_up_as_of(scope_for(world.bloc_officer), day=dt.date(1999, 12, 31), per_org=per_cell(world)) == {}
