"""The candidate list `/ket-nap/`: the three personas, filters (unit in scope, stage, year, accent-insensitive
name), counts by stage, Vietnamese order, pagination, query count, and names rendered as text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.admissions.enums import Stage
from dangbo.admissions.views import candidates as views
from tests.conftest import login
from tests.factories import make_user

from .view_helpers import count_queries, denied_count, stored_candidate

URL = reverse("admissions:list")


def names(response) -> list[str]:
    return [c.full_name for c in response.context["page"].object_list]


@pytest.fixture
def pipeline(world):
    """Two candidacies in A (cells A1 and A2) and one in B."""
    return {
        "an": stored_candidate(cell=world.cell_a1, family_name="Phạm", middle_name="Thị", given_name="An"),
        "tuan": stored_candidate(
            cell=world.cell_a2,
            family_name="Võ",
            middle_name="Văn",
            given_name="Tuấn",
            stage=Stage.SPONSORED,
            proposed_on=dt.date(2023, 5, 2),
        ),
        "binh": stored_candidate(cell=world.cell_b1, family_name="Hồ", middle_name="", given_name="Bình"),
    }


def test_list_officer_sees_own_subtree_in_vietnamese_order(pipeline, as_officer):
    response = as_officer.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Phạm Thị An", "Võ Văn Tuấn"]
    assert "Hồ Bình" not in response.content.decode()


def test_list_bloc_officer_sees_the_whole_tree(pipeline, as_bloc_officer):
    assert names(as_bloc_officer.get(URL)) == ["Phạm Thị An", "Hồ Bình", "Võ Văn Tuấn"]


def test_list_member_is_refused_and_has_no_link(pipeline, as_member):
    assert as_member.get(URL).status_code == 403
    home = as_member.get("/").content.decode()
    assert URL not in home


def test_list_outsider_sees_only_their_unit(pipeline, as_outsider):
    assert names(as_outsider.get(URL)) == ["Hồ Bình"]


def test_list_unit_out_of_scope_is_404_and_logged(pipeline, world, as_outsider):
    response = as_outsider.get(URL, {"to_chuc": world.cell_a1.pk})
    assert response.status_code == 404
    assert denied_count("organization", world.cell_a1.pk) == 1


def test_list_cell_secretary_sees_their_cell_only(pipeline, world):
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    client = login(secretary)
    assert names(client.get(URL)) == ["Phạm Thị An"]
    assert client.get(URL, {"to_chuc": world.cell_a2.pk}).status_code == 404
    assert denied_count("organization", world.cell_a2.pk) == 1


def test_list_inspection_officer_reads_without_propose_button(pipeline, world):
    inspector = make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    body = login(inspector).get(URL).content.decode()
    assert "Phạm Thị An" in body and "Hồ Bình" in body
    assert reverse("admissions:propose") not in body


@pytest.mark.parametrize(("text", "expected"), [
    ("tuan", ["Võ Văn Tuấn"]), ("VO VAN", ["Võ Văn Tuấn"]), ("Phạm Thị", ["Phạm Thị An"]), ("uan", []),
])  # fmt: skip
def test_list_name_search_ignores_accents_and_case(pipeline, as_officer, text, expected):
    assert names(as_officer.get(URL, {"q": text})) == expected


def test_list_filters_by_unit_and_stage_and_counts_stages(pipeline, world, as_officer):
    assert names(as_officer.get(URL, {"to_chuc": world.cell_a2.pk})) == ["Võ Văn Tuấn"]
    response = as_officer.get(URL, {"giai_doan": Stage.SPONSORED})
    assert names(response) == ["Võ Văn Tuấn"]
    counts = dict(response.context["counts"])
    assert counts[Stage.SPONSORED] == 1 and counts[Stage.PROPOSED] == 1  # counts ignore the stage filter
    assert names(as_officer.get(URL, {"giai_doan": "dang_xu_ly"})) == ["Phạm Thị An", "Võ Văn Tuấn"]


def test_list_year_keeps_candidacies_open_during_that_year(pipeline, world, as_officer):
    stored_candidate(cell=world.cell_a1, given_name="Cũ", stage=Stage.WITHDRAWN, proposed_on=dt.date(2021, 1, 5),
                     closed_on=dt.date(2022, 6, 1))  # fmt: skip
    assert names(as_officer.get(URL, {"nam": 2023})) == ["Võ Văn Tuấn"]
    assert names(as_officer.get(URL, {"nam": 2022})) == ["Lê Minh Cũ"]


@pytest.mark.parametrize("params", [{"nam": "abc"}, {"nam": "99999"}, {"giai_doan": "nonsense"}])
def test_list_bad_filter_shows_message_and_no_rows(pipeline, as_officer, params):
    response = as_officer.get(URL, params)
    assert response.status_code == 200
    assert "page" not in response.context
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_list_paginates(pipeline, as_officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    assert names(as_officer.get(URL)) == ["Phạm Thị An"]
    second = as_officer.get(URL, {"page": 2})
    assert names(second) == ["Võ Văn Tuấn"]


def test_list_query_count_does_not_grow_with_rows(world, as_officer):
    stored_candidate(cell=world.cell_a2)
    one = count_queries(as_officer, URL)
    stored_candidate(cell=world.cell_a2)
    stored_candidate(cell=world.cell_a1)
    assert count_queries(as_officer, URL) == one


def test_list_names_with_markup_or_formulas_are_text(world, as_officer):
    stored_candidate(cell=world.cell_a1, family_name="<script>alert(1)</script>", given_name="=HYPERLINK(1)")
    body = as_officer.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "=HYPERLINK(1)" in body


def test_navigation_offers_admissions_to_officers_only(world, as_officer, as_member):
    assert 'id="nav-admissions"' in as_officer.get(reverse("members:list")).content.decode()
    assert 'id="nav-admissions"' not in as_member.get(reverse("members:detail", args=[world.m1.pk])).content.decode()


def test_list_links_the_excel_lists_of_the_filtered_unit_and_year(pipeline, world, as_officer, as_member):
    body = as_officer.get(URL, {"to_chuc": world.cell_a2.pk, "nam": 2024}).content.decode()
    for name in ("admissions:export_candidates", "admissions:export_probationary"):
        assert f'href="{reverse(name)}?to_chuc={world.cell_a2.pk}&amp;nam=2024"' in body
    assert as_officer.get(reverse("admissions:export_candidates"), {"to_chuc": world.cell_a2.pk}).status_code == 200


def _offered(response) -> set[int]:
    return {int(pk) for pk, _label in response.context["form"].fields["to_chuc"].widget.choices if pk != ""}


def test_list_unit_filter_of_a_large_scope_lists_no_cells_but_keeps_a_chosen_one(pipeline, world, as_bloc_officer,
                                                                                 monkeypatch):  # fmt: skip
    from dangbo.admissions import forms

    everything = _offered(as_bloc_officer.get(URL))
    assert {world.cell_a1.pk, world.cell_a2.pk, world.org_a.pk} <= everything  # a small scope lists every unit
    monkeypatch.setattr(forms, "OFFER_LIMIT", 2)
    large = _offered(as_bloc_officer.get(URL))
    assert world.org_a.pk in large and world.org_b.pk in large
    assert not large & {world.cell_a1.pk, world.cell_a2.pk, world.cell_b1.pk}
    chosen = as_bloc_officer.get(URL, {"to_chuc": world.cell_a2.pk})
    assert world.cell_a2.pk in _offered(chosen) and world.cell_a1.pk not in _offered(chosen)
    assert names(chosen) == ["Võ Văn Tuấn"]
