"""Reading discipline decisions by year, limited to the reader's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import Right
from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import disciplines_in_year, disciplines_under_in_year
from dangbo.discipline.services import record_discipline
from dangbo.members import services as member_services
from tests.conftest import World

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def decisions(world: World) -> dict[str, Discipline]:
    def rec(number: str, day: dt.date, **subject: Any) -> Discipline:
        return record_discipline(
            actor=None,
            form="reprimand",
            violation_date=day,
            decision_date=day,
            decision_number=number,
            deciding_organization=world.bloc,
            today=TODAY,
            **subject,
        )

    return {
        "m1_2026": rec("1-QĐ", dt.date(2026, 5, 12), member=world.m1),
        "m1_2025": rec("2-QĐ", dt.date(2025, 12, 31), member=world.m1),
        "a1_2026": rec("3-QĐ", dt.date(2026, 1, 1), organization=world.cell_a1),
        "m3_2026": rec("4-QĐ", dt.date(2026, 6, 1), member=world.m3),
    }


def test_disciplines_in_year_counts_by_decision_date(world: World, inspector: User, decisions: dict) -> None:
    scope = scope_for(inspector)
    assert list(disciplines_in_year(scope, year=2026, member=world.m1)) == [decisions["m1_2026"]]
    assert list(disciplines_in_year(scope, year=2025, member=world.m1)) == [decisions["m1_2025"]]
    assert list(disciplines_in_year(scope, year=2026, organization=world.cell_a1)) == [decisions["a1_2026"]]
    assert list(disciplines_in_year(scope, year=2024, member=world.m1)) == []


def test_disciplines_in_year_needs_exactly_one_subject(world: World, inspector: User) -> None:
    with pytest.raises(DomainError, match="Cần chọn đúng một đảng viên hoặc một tổ chức đảng"):
        disciplines_in_year(scope_for(inspector), year=2026)


def test_disciplines_are_hidden_from_users_without_the_right(world: World, decisions: dict) -> None:
    # The bloc's organization board holds no view_discipline right: nothing by default...
    board_scope = scope_for(world.bloc_officer)
    assert list(disciplines_in_year(board_scope, year=2026, member=world.m1)) == []
    # ...but the rating work reads the members' decisions as facts with view_members.
    facts = disciplines_in_year(board_scope, year=2026, member=world.m1, right=Right.VIEW_MEMBERS)
    assert list(facts) == [decisions["m1_2026"]]


def test_disciplines_outside_the_scope_are_not_returned(world: World, decisions: dict) -> None:
    outsider_scope = scope_for(world.outsider)
    assert list(disciplines_in_year(outsider_scope, year=2026, member=world.m1, right=Right.VIEW_MEMBERS)) == []
    own = disciplines_in_year(outsider_scope, year=2026, member=world.m3, right=Right.VIEW_MEMBERS)
    assert list(own) == [decisions["m3_2026"]]


def test_member_moved_out_keeps_the_decision_visible_to_the_new_unit(world: World, decisions: dict) -> None:
    member_services.move_to_cell(actor=None, member=world.m1, organization=world.cell_b1, on=dt.date(2026, 9, 1))
    outsider_scope = scope_for(world.outsider)
    facts = disciplines_in_year(outsider_scope, year=2026, member=world.m1, right=Right.VIEW_MEMBERS)
    assert list(facts) == [decisions["m1_2026"]]


def test_disciplines_under_in_year_rolls_up_the_subtree(world: World, inspector: User, decisions: dict) -> None:
    scope = scope_for(inspector)
    under_a = disciplines_under_in_year(scope, organization=world.org_a, year=2026)
    assert set(under_a) == {decisions["m1_2026"], decisions["a1_2026"]}
    under_bloc = disciplines_under_in_year(scope, organization=world.bloc, year=2026)
    assert set(under_bloc) == {decisions["m1_2026"], decisions["a1_2026"], decisions["m3_2026"]}
    assert list(disciplines_under_in_year(scope, organization=world.cell_a2, year=2026)) == []
