"""The whole-tree name search's index (decision 0058): on PostgreSQL the member list over a large scope reads
`members_namesuffix`, which triggers keep in step with every write to the members and the tree; its pages and
counts are those of the member table, match for match. SQLite has no such table and searches the names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from dangbo.accounts.scope import scope_for
from dangbo.members import name_index, search
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member, NameSuffix
from dangbo.members.selectors import STATUS_ANY, MemberFilters, filter_members, member_results, members_for
from dangbo.organizations.enums import OrgKind

from ..conftest import World
from ..factories import make_member, make_org

POSTGRESQL = connection.vendor == "postgresql"
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scope counts as large, so the list reads the name index wherever there is one."""
    monkeypatch.setattr(name_index, "LARGE_SCOPE_ORGS", 1)


@pytest.fixture
def names(world: World) -> list[Member]:
    """Names where the typed text starts several words of one name, spans words, or sits inside a word."""
    rows = [
        (world.cell_a1, "Hà", "Thị", "Hà"),
        (world.cell_a2, "Hà", "Hà", "Hà"),
        (world.cell_b1, "Nguyễn", "Thị", "Ngọc"),
        (world.cell_a2, "Lê", "Ngọc", "Hà"),
        (world.cell_b1, "Võ", "", "Vy"),
        (world.cell_a1, "Phạm", "Quang", "Huy"),
        (world.cell_b1, "Hoàng", "Hà", "Anh"),
    ]
    return [make_member(organization=o, family_name=f, middle_name=m, given_name=g) for o, f, m, g in rows]


def listed(world: World, text: str, *, user: str = "bloc_officer", **filters: Any) -> tuple[list[int], int]:
    organization = filters.pop("organization", None)
    results = member_results(
        scope_for(getattr(world, user)), MemberFilters(text=text, **filters), organization=organization, today=TODAY
    )
    return [m.pk for m in results[0:100]], results.count()


def expected(world: World, text: str, *, user: str = "bloc_officer", **filters: Any) -> tuple[list[int], int]:
    """The member table's answer: every match sorted by `sort_key, id`, and the exact count."""
    organization = filters.pop("organization", None)
    qs = filter_members(
        members_for(scope_for(getattr(world, user)), include_self=False), MemberFilters(text=text, **filters),
        organization=organization, today=TODAY,
    )  # fmt: skip
    ids = list(qs.order_by("sort_key", "pk").values_list("pk", flat=True))
    return ids, len(ids)


def index_rows(member: Member) -> list[tuple[int, str, str, str | None, str]]:
    rows = NameSuffix.objects.filter(member=member).order_by("position")
    return list(rows.values_list("position", "suffix", "head", "path", "status"))


@pytest.mark.parametrize(
    "text", ["ha", "ha ha", "ha ha ha", "thi ha", "ngoc", "ng", "vy", "vo vy", "h", "a", "uy", "hu", "zzz", "Hà Hà"]
)
def test_list_gives_the_member_tables_rows_order_and_count(
    world: World, names: list[Member], large: None, text: str
) -> None:
    assert listed(world, text) == expected(world, text)


def test_list_reads_the_index_over_a_large_scope_on_postgresql(world: World, names: list[Member], large: None) -> None:
    results = member_results(scope_for(world.bloc_officer), MemberFilters(text="ha"), organization=None, today=TODAY)
    assert (results.index is not None) is POSTGRESQL
    assert results.count() == 4  # "Hà Thị Hà", "Hà Hà Hà", "Lê Ngọc Hà", "Hoàng Hà Anh": each once


def test_list_keeps_the_member_table_for_a_small_scope_a_number_or_another_filter(
    world: World, names: list[Member]
) -> None:
    scope = scope_for(world.bloc_officer)
    small = member_results(scope, MemberFilters(text="ha"), organization=None, today=TODAY)
    assert small.index is None  # three organizations: far below LARGE_SCOPE_ORGS
    name_index.LARGE_SCOPE_ORGS, kept = 1, name_index.LARGE_SCOPE_ORGS
    try:
        for filters in (MemberFilters(text="0340"), MemberFilters(text="ha", gender="female"), MemberFilters()):
            assert member_results(scope, filters, organization=None, today=TODAY).index is None
    finally:
        name_index.LARGE_SCOPE_ORGS = kept


def test_scope_status_and_organization_filters_hold_through_the_index(
    world: World, names: list[Member], large: None
) -> None:
    ha = names[1]
    Member.objects.filter(pk=ha.pk).update(status=MemberStatus.STRUCK_OFF)
    assert ha.pk not in listed(world, "ha")[0]
    assert ha.pk in listed(world, "ha", status=STATUS_ANY)[0]
    assert listed(world, "ha", status=STATUS_ANY) == expected(world, "ha", status=STATUS_ANY)
    assert listed(world, "ha", status=MemberStatus.STRUCK_OFF) == ([ha.pk], 1)
    assert listed(world, "ha", user="officer") == expected(world, "ha", user="officer")  # org_a only
    assert listed(world, "ha", user="outsider") == expected(world, "ha", user="outsider")  # org_b only
    assert listed(world, "ha", user="outsider")[0] == [names[6].pk]
    assert listed(world, "ha", organization=world.cell_a1) == expected(world, "ha", organization=world.cell_a1)
    assert listed(world, "ha", user="member_user") == ([], 0)  # no right to see members


@pytest.mark.parametrize("suffixes_max", [300, 1])
@pytest.mark.parametrize("text", ["ha", "h", "ngoc", "thi", "a"])
def test_many_matches_merge_the_suffixes_or_walk_with_the_same_rows(
    world: World, names: list[Member], large: None, monkeypatch: pytest.MonkeyPatch, suffixes_max: int, text: str
) -> None:
    """Above the cap (1 here) a page merges each suffix's rows, or past `SUFFIXES_MAX` walks the sort keys."""
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(name_index, "SUFFIXES_MAX", suffixes_max)
    ids, count = expected(world, text)
    results = member_results(scope_for(world.bloc_officer), MemberFilters(text=text), organization=None, today=TODAY)
    assert results.count() == min(count, 2)
    assert [m.pk for m in results[0:100]] == ids
    assert [m.pk for p in range(0, len(ids), 2) for m in results[p : p + 2]] == ids  # page by page


def test_index_follows_every_write_to_the_member(world: World, names: list[Member]) -> None:
    member = names[2]  # Nguyễn Thị Ngọc in cell_b1
    if not POSTGRESQL:
        assert "members_namesuffix" not in connection.introspection.table_names()
        return
    b1 = world.cell_b1.path
    assert index_rows(member) == [
        (0, "nguyen thi ngoc", "", b1, "full"),
        (1, "thi ngoc", "nguyen ", b1, "full"),
        (2, "ngoc", "nguyen thi ", b1, "full"),
    ]
    Member.objects.filter(pk=member.pk).update(phone="0912345678")  # not a searched column: rows kept as they are
    assert len(index_rows(member)) == 3
    Member.objects.filter(pk=member.pk).update(search_name="tran ngoc", organization=world.cell_a2)
    assert index_rows(member) == [
        (0, "tran ngoc", "", world.cell_a2.path, "full"),
        (1, "ngoc", "tran ", world.cell_a2.path, "full"),
    ]
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.DECEASED)
    assert {row[4] for row in index_rows(member)} == {"deceased"}
    Member.objects.filter(pk=member.pk).delete()
    assert index_rows(member) == []


def test_index_follows_bulk_writes_and_a_moved_subtree(world: World, names: list[Member]) -> None:
    if not POSTGRESQL:
        assert "members_namesuffix" not in connection.introspection.table_names()
        return
    cell = make_org(name="Chi bộ Mới", parent=world.org_b, code="B2")
    before = NameSuffix.objects.count()
    template = Member.objects.get(pk=names[0].pk)
    clones = []
    for n in range(3):
        template.pk = None
        template.citizen_id, template.card_number, template.organization = f"09900000000{n}", f"X{n}", cell
        clones.append(Member(**{f.attname: getattr(template, f.attname) for f in Member._meta.concrete_fields}))
    Member.objects.bulk_create(clones)
    assert NameSuffix.objects.count() == before + 3 * 3
    # A restructuring moves org_b's subtree: its members' rows carry the new path.
    from django.db.models import CharField, Value
    from django.db.models.functions import Concat, Substr

    from dangbo.organizations.models import Organization

    old, new = world.org_b.path, world.org_a.path + "9999."
    Organization.objects.filter(path__startswith=old).update(
        path=Concat(Value(new), Substr("path", len(old) + 1), output_field=CharField())
    )
    moved = NameSuffix.objects.filter(member__organization__in=[world.cell_b1, cell])
    in_b = Member.objects.filter(organization__in=[world.cell_b1, cell])
    assert moved.count() == sum(len(m.search_name.split()) for m in in_b) == 9 + 3 + 3 + 2 + 3
    assert all(p.startswith(new) for p in moved.values_list("path", flat=True))
    assert not NameSuffix.objects.filter(path__startswith=old).exists()


def test_index_is_emptied_with_the_member_table(transactional_db: None) -> None:
    """A TRUNCATE (as the test runner's flush does) leaves no row behind to be found after."""
    bloc = make_org(name="Đảng bộ Khối", kind=OrgKind.UPPER, code="K0")
    grassroots = make_org(name="Đảng bộ Một", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=bloc, code="T0")
    cell = make_org(name="Chi bộ Một", parent=grassroots, code="T1")
    make_member(organization=cell, family_name="Lý", middle_name="Thị", given_name="Mai")
    if not POSTGRESQL:
        assert "members_namesuffix" not in connection.introspection.table_names()
        return
    assert NameSuffix.objects.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member CASCADE")
    assert NameSuffix.objects.count() == 0


def test_member_list_page_lists_the_index_rows_in_order(
    world: World, names: list[Member], large: None, as_bloc_officer: Any, as_outsider: Any
) -> None:
    """The list a bloc officer opens and searches: on PostgreSQL through the name index, rows and count as the
    member table gives them; a grassroots officer's search stays inside their organization."""
    from django.urls import reverse

    url = reverse("members:list")
    response = as_bloc_officer.get(url, {"q": "Hà"})
    ids, count = expected(world, "ha")
    assert [row.member.pk for row in response.context["rows"]] == ids
    assert response.context["results"].count() == count == 4
    assert (response.context["results"].index is not None) is POSTGRESQL
    assert f"<strong>{count}</strong> đảng viên" in response.content.decode()
    outside = as_outsider.get(url, {"q": "ha"})
    assert [row.member.full_name for row in outside.context["rows"]] == ["Hoàng Hà Anh"]
