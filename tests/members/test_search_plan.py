"""The member search's query shape: scope as an organization-id subquery, words matched by prefix, and the
sort chosen by the search's breadth (PostgreSQL). Results are asserted, not timings (see bench/README.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from dangbo.accounts.scope import scope_for
from dangbo.members import search
from dangbo.members.models import Member
from dangbo.members.selectors import (
    MemberFilters,
    filter_members,
    in_vietnamese_order,
    members_for,
    members_of_org_on,
    search_members,
)

from ..conftest import World
from ..factories import make_member


def names(qs: object) -> list[str]:
    return [m.full_name for m in qs]  # type: ignore[attr-defined]


def found(world: World, text: str, *, user: str = "bloc_officer") -> list[str]:
    scope = scope_for(getattr(world, user))
    return names(in_vietnamese_order(search_members(members_for(scope, include_self=False), text)))


@pytest.fixture
def more(world: World) -> dict[str, Member]:
    """Names that tell a word prefix from a substring, in both grassroots organizations."""
    return {
        "vy": make_member(
            organization=world.cell_a2, family_name="Lê", middle_name="Thảo", given_name="Vy", gender="female"
        ),
        "huy": make_member(organization=world.cell_a2, family_name="Phạm", middle_name="Quang", given_name="Huy"),
        "vy_b": make_member(
            organization=world.cell_b1, family_name="Võ", middle_name="Tường", given_name="Vy", gender="female"
        ),
        "vuong": make_member(organization=world.cell_b1, family_name="Vương", middle_name="Đình", given_name="Hưng"),
    }


def test_search_two_letter_word_matches_word_starts_only(world: World, more: dict[str, Member]) -> None:
    assert found(world, "vy") == ["Lê Thảo Vy", "Võ Tường Vy"]
    assert found(world, "VY") == ["Lê Thảo Vy", "Võ Tường Vy"]
    assert found(world, "uy") == []  # inside "Huy" and "Nguyễn": not the start of a word


def test_search_word_prefix_anywhere_in_the_name(world: World, more: dict[str, Member]) -> None:
    assert found(world, "hu") == ["Nguyễn Văn Hùng", "Phạm Quang Huy", "Vương Đình Hưng"]
    assert found(world, "vu") == ["Vương Đình Hưng"]  # the family name's start
    assert found(world, "quang h") == ["Phạm Quang Huy"]
    assert found(world, "dang") == ["Đặng Thị Lan"]
    assert found(world, "ung") == []


def test_search_several_words_in_the_typed_order(world: World, more: dict[str, Member]) -> None:
    assert found(world, "nguyen van hung") == ["Nguyễn Văn Hùng"]
    assert found(world, "van hung") == ["Nguyễn Văn Hùng"]
    assert found(world, "thao vy") == ["Lê Thảo Vy"]
    assert found(world, "  Lê   THẢO  ") == ["Lê Thảo Vy"]
    assert found(world, "vy thao") == []


def test_search_card_and_citizen_id_by_prefix(world: World) -> None:
    assert found(world, "0100000") == ["Trần Quốc Bảo", "Nguyễn Văn Hùng", "Đặng Thị Lan"]
    assert found(world, "01000002") == ["Đặng Thị Lan"]
    assert found(world, "034080000003") == ["Trần Quốc Bảo"]
    assert found(world, "1000002") == []  # a card number is matched from its start


def test_search_by_grassroots_officer_never_finds_another_units_member(world: World, more: dict[str, Member]) -> None:
    assert found(world, "vy", user="officer") == ["Lê Thảo Vy"]
    assert found(world, "vy", user="outsider") == ["Võ Tường Vy"]
    assert found(world, "bao", user="officer") == []
    assert found(world, "01000003", user="officer") == []
    assert found(world, "hu", user="outsider") == ["Vương Đình Hưng"]


def test_search_by_member_finds_only_themself(world: World, more: dict[str, Member]) -> None:
    scope = scope_for(world.member_user)
    assert names(search_members(members_for(scope), "nguyen")) == ["Nguyễn Văn Hùng"]
    assert names(search_members(members_for(scope), "dang")) == []
    assert names(search_members(members_for(scope, include_self=False), "nguyen")) == []


@pytest.mark.parametrize("broad_from", [1, 10_000])
def test_search_order_is_vietnamese_whichever_sort_is_chosen(
    world: World, more: dict[str, Member], monkeypatch: pytest.MonkeyPatch, broad_from: int
) -> None:
    """Broad searches walk the sort-key index, selective ones sort their matches: the same rows, same order."""
    monkeypatch.setattr(search, "BROAD_SEARCH_MATCHES", broad_from)
    make_member(organization=world.cell_a2, family_name="Nguyễn", middle_name="Thị", given_name="Ánh",
                gender="female")  # fmt: skip
    make_member(organization=world.cell_a2, family_name="Nguyễn", middle_name="Văn", given_name="Anh")
    expected = ["Nguyễn Thị Ánh", "Nguyễn Văn Anh", "Nguyễn Văn Hùng", "Phạm Quang Huy", "Vương Đình Hưng",
                "Đặng Thị Lan", "Lê Thảo Vy", "Võ Tường Vy"]  # fmt: skip
    everyone = in_vietnamese_order(members_for(scope_for(world.bloc_officer), include_self=False))
    assert [n for n in names(everyone) if n != "Trần Quốc Bảo"] == expected
    assert found(world, "nguyen") == ["Nguyễn Thị Ánh", "Nguyễn Văn Anh", "Nguyễn Văn Hùng"]
    assert found(world, "h") == ["Nguyễn Văn Hùng", "Phạm Quang Huy", "Vương Đình Hưng"]


def test_selective_search_sorts_its_matches_on_postgresql(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    qs = search_members(members_for(scope_for(world.bloc_officer)), "vy")
    sql = str(in_vietnamese_order(qs).query)
    assert ('COLLATE "C"' in sql) is (connection.vendor == "postgresql")
    monkeypatch.setattr(search, "BROAD_SEARCH_MATCHES", 1)
    make_member(organization=world.cell_a1, given_name="Vy", gender="female")
    assert 'COLLATE "C"' not in str(in_vietnamese_order(qs).query)
    assert 'COLLATE "C"' not in str(in_vietnamese_order(members_for(scope_for(world.bloc_officer))).query)


def test_scope_is_an_organization_id_subquery(world: World) -> None:
    sql = str(members_for(scope_for(world.officer)).query)
    assert '"organization_id" IN (SELECT' in sql
    assert "JOIN" not in sql


def test_subtree_filter_gives_the_subtree(world: World, more: dict[str, Member]) -> None:
    scope = scope_for(world.bloc_officer)
    qs = filter_members(members_for(scope), MemberFilters(text="vy"), organization=world.org_b, today=dt.date.today())
    assert names(qs) == ["Võ Tường Vy"]
    qs = filter_members(members_for(scope), MemberFilters(), organization=world.cell_a1, today=dt.date.today())
    assert set(qs) == {world.m1, world.m2}


def test_members_of_org_on_a_day_uses_the_subtree(world: World) -> None:
    assert set(members_of_org_on(world.org_a, dt.date.today())) == {world.m1, world.m2}
    assert set(members_of_org_on(world.bloc, dt.date.today())) == {world.m1, world.m2, world.m3}
    assert set(members_of_org_on(world.cell_a2, dt.date.today())) == set()
