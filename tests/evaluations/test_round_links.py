"""Every link of the round pages leads somewhere the user may go: a cell secretary reaches their cell and
its whole-cell review; the organization page links its ratings in the open round."""

from __future__ import annotations

from dangbo.evaluations.locking import lock_campaign
from tests.conftest import login


def test_round_page_links_a_secretary_only_to_their_cell(world, round_2024, cell_secretary):
    client = login(cell_secretary)
    response = client.get(f"/danh-gia/{round_2024.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert f'href="/danh-gia/{round_2024.pk}/don-vi/{world.org_a.pk}/"' not in text
    assert "Đảng bộ Sở Tài chính" in text  # the grassroots row stays, as text
    assert f'href="/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/"' in text
    assert f'href="/danh-gia/{round_2024.pk}/chi-bo/{world.cell_a1.pk}/kiem-diem/"' in text
    for href in (f"/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/",
                 f"/danh-gia/{round_2024.pk}/chi-bo/{world.cell_a1.pk}/kiem-diem/"):  # fmt: skip
        assert client.get(href).status_code == 200
    partial = client.get(f"/danh-gia/{round_2024.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/don-vi/{world.org_a.pk}/" not in partial


def test_round_page_keeps_the_grassroots_link_for_its_officer(world, round_2024, as_officer):
    text = as_officer.get(f"/danh-gia/{round_2024.pk}/").content.decode()
    assert f'href="/danh-gia/{round_2024.pk}/don-vi/{world.org_a.pk}/"' in text
    assert 'id="own-cells"' not in text


def test_cell_unit_page_links_the_whole_cell_review(world, round_2024, cell_secretary, as_officer):
    url = f"/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/"
    assert 'id="cell-review-link"' in login(cell_secretary).get(url).content.decode()
    committee = as_officer.get(f"/danh-gia/{round_2024.pk}/don-vi/{world.org_a.pk}/").content.decode()
    assert 'id="cell-review-link"' not in committee


def test_organization_page_links_its_ratings_in_the_open_round(world, round_2024, cell_secretary, as_outsider):
    client = login(cell_secretary)
    link = f'href="/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/"'
    text = client.get(f"/to-chuc/{world.cell_a1.pk}/").content.decode()
    assert link in text and "Xếp loại chất lượng năm 2024" in text
    assert as_outsider.get(f"/to-chuc/{world.cell_a1.pk}/").status_code == 404
    lock_campaign(actor=world.bloc_officer, campaign=round_2024, expected_version=round_2024.version)
    assert link not in client.get(f"/to-chuc/{world.cell_a1.pk}/").content.decode()


def test_organization_page_without_a_round_has_no_rating_link(world, cell_secretary):
    assert 'id="org-ratings-link"' not in login(cell_secretary).get(f"/to-chuc/{world.cell_a1.pk}/").content.decode()
