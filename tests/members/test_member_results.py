"""The member list's capped count ("hơn 1.000") and its order, whichever plan the count chooses (decision 0054)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.members import search, views
from dangbo.members.models import Member
from dangbo.members.search import MemberResults
from dangbo.members.selectors import members_for, search_members

from ..conftest import World
from ..factories import make_member

URL = reverse("members:list")


def names(rows: object) -> list[str]:
    return [m.full_name for m in rows]  # type: ignore[attr-defined]


def listed(response: Any) -> list[str]:
    return [row.member.full_name for row in response.context["rows"]]


@pytest.fixture
def namesakes(world: World) -> list[Member]:
    """Ties and near-ties of the Vietnamese order across both grassroots organizations: the same name three
    times (ordered by id), tones only after all the letters (Anh, Ảnh, Ánh), đ after d, the given name first."""
    people = [
        (world.cell_b1, "Trần", "Văn", "Anh"),
        (world.cell_a2, "Nguyễn", "Thị", "Ánh"),
        (world.cell_a1, "Trần", "Văn", "Anh"),
        (world.cell_a2, "Lê", "Văn", "Ảnh"),
        (world.cell_b1, "Nguyễn", "Văn", "Đức"),
        (world.cell_a1, "Nguyễn", "Văn", "Dũng"),
        (world.cell_a2, "Trần", "Văn", "Anh"),
        (world.cell_a1, "Đỗ", "Anh", "Tuấn"),
        (world.cell_a1, "Trần", "Văn", "Ánh"),
        (world.cell_b1, "Trần", "Văn", "Ảnh"),
    ]
    return [make_member(organization=o, family_name=f, middle_name=m, given_name=g) for o, f, m, g in people]


def results(world: World, text: str) -> MemberResults:
    return MemberResults(search_members(members_for(scope_for(world.bloc_officer), include_self=False), text))


def ids_before(world: World, text: str) -> list[int]:
    """The list's order before decision 0054: every match by `sort_key, id`."""
    qs = search_members(members_for(scope_for(world.bloc_officer), include_self=False), text)
    return list(qs.order_by("sort_key", "pk").values_list("pk", flat=True))


@pytest.mark.parametrize("cap", [1, 2, 1000])
@pytest.mark.parametrize("text", ["anh", "a", "tran van anh", "d", "nguyen", "van"])
def test_pages_keep_the_order_whichever_plan_the_count_picks(
    world: World, namesakes: list[Member], monkeypatch: pytest.MonkeyPatch, cap: int, text: str
) -> None:
    """A cap of 1 or 2 makes every search broad (the sort-key walk), 1,000 selective (search, then sort)."""
    monkeypatch.setattr(search, "COUNT_CAP", cap)
    expected = ids_before(world, text)
    assert expected, text
    found = results(world, text)
    assert [m.pk for m in found[0:100]] == expected
    assert [m.pk for p in range(0, len(expected), 2) for m in found[p : p + 2]] == expected  # page by page


def test_ties_are_ordered_by_id_and_tones_after_letters(world: World, namesakes: list[Member]) -> None:
    found = list(results(world, "anh")[0:20])
    assert names(found) == ["Lê Văn Ảnh", "Nguyễn Thị Ánh", "Trần Văn Anh", "Trần Văn Anh", "Trần Văn Anh",
                            "Trần Văn Ảnh", "Trần Văn Ánh", "Đỗ Anh Tuấn"]  # fmt: skip
    tran_anh = [namesakes[0].pk, namesakes[2].pk, namesakes[6].pk]
    assert [m.pk for m in found[2:5]] == sorted(tran_anh)
    assert names(results(world, "d")[0:20]) == ["Nguyễn Văn Dũng", "Nguyễn Văn Đức", "Đặng Thị Lan", "Đỗ Anh Tuấn"]


def test_count_is_exact_up_to_the_cap_then_capped(
    world: World, namesakes: list[Member], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    assert (results(world, "anh").count(), results(world, "anh").is_capped) == (4, True)  # 8 match
    assert (results(world, "nguyen van d").count(), results(world, "nguyen van d").is_capped) == (2, False)
    assert (results(world, "tran van anh").count(), results(world, "tran van anh").is_capped) == (4, True)  # 5
    assert (results(world, "zzz").count(), results(world, "zzz").is_capped) == (0, False)
    later = MemberResults(results(world, "anh").qs, count_at_least=5)
    assert (later.cap, later.count(), later.is_capped) == (5, 6, True)
    assert MemberResults(results(world, "anh").qs, count_at_least=8).is_capped is False


def test_results_are_read_a_page_at_a_time(world: World) -> None:
    with pytest.raises(TypeError):
        results(world, "anh")[0]  # type: ignore[index]


def test_list_shows_more_than_the_cap_plainly(
    world: World, namesakes: list[Member], as_bloc_officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    body = as_bloc_officer.get(URL, {"q": "anh"}).content.decode()
    assert "<strong>8</strong> đảng viên" in body
    assert "Trang 1/4" in body
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    response = as_bloc_officer.get(URL, {"q": "anh"})
    body = response.content.decode()
    assert "<strong>hơn 3</strong> đảng viên" in body
    assert "không đếm hết" in body
    assert "Trang 1<" in body and "Trang 1/" not in body
    assert "page=2" in body
    assert listed(response) == ["Lê Văn Ảnh", "Nguyễn Thị Ánh"]


def test_list_pages_past_the_cap_to_the_last_match(
    world: World, namesakes: list[Member], as_bloc_officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    pages = [as_bloc_officer.get(URL, {"q": "anh", "page": n}) for n in (1, 2, 3, 4)]
    got = [name for response in pages for name in listed(response)]
    assert got == names(results(world, "anh")[0:20])
    assert len(got) == 8
    assert "page=5" not in pages[3].content.decode()
    assert "page=4" in pages[2].content.decode()
    assert "<strong>hơn 4</strong>" in pages[1].content.decode()  # counted past the end of the page asked for
    assert "<strong>8</strong>" in pages[3].content.decode()


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999999"])
def test_list_bad_page_numbers_fall_back(
    world: World, namesakes: list[Member], as_bloc_officer: Any, page: str
) -> None:
    response = as_bloc_officer.get(URL, {"q": "anh", "page": page})
    assert response.status_code == 200
    assert len(listed(response)) == 8
