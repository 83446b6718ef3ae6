"""The quarterly compliance page in a browser, on a desktop and on a phone (390×844): the grassroots officer and
the bloc's organization officer reach it from their home page by clicking only, see red/amber/green with the
reasons, and drill down to one cell's year; the bloc officer sees the dashboard's cell-life measures. No
Content-Security-Policy violation and no horizontal scrolling on the way."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.meetings.test_compliance_pages import quarter_data

from .conftest import log_in, shot
from .test_csp import CspWatch, csp  # noqa: F401  (fixture: the production policy, violations collected)

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_grassroots_officer_reaches_the_cells_of_the_quarter(page, csp: CspWatch, world: World, size: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    year, quarter = quarter_data(world)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "canbo_a")
    card = page.locator("#home-compliance")
    assert f"Sinh hoạt chi bộ quý {quarter}/{year}" in card.inner_text()
    page.click("#home-compliance-link")
    page.wait_for_selector("#theo-chi-bo")
    rows = page.locator("#theo-chi-bo tbody tr")
    assert rows.count() == 2
    assert world.cell_a2.name in rows.nth(0).inner_text() and "Chưa đạt" in rows.nth(0).inner_text()
    assert "đã kết thúc mà chưa đủ buổi sinh hoạt chuyên đề" in rows.nth(0).inner_text()
    assert world.cell_a1.name in rows.nth(1).inner_text() and "Đạt" in rows.nth(1).inner_text()
    assert _fits(page)
    shot(page, f"80-sinh-hoat-theo-quy-co-so-{size}")
    rows.nth(0).get_by_role("link", name=world.cell_a2.name).click()
    page.wait_for_selector("#ca-nam")
    assert f"Các quý năm {year}" in page.inner_text("#ca-nam")
    assert "Chưa đạt" in page.inner_text("#quy-dang-xem")
    assert _fits(page)
    shot(page, f"81-sinh-hoat-mot-chi-bo-{size}")
    csp.assert_clean("compliance pages of a grassroots officer")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_bloc_officer_drills_down_and_sees_the_dashboard_measures(page, csp: CspWatch, world: World, size: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    year, quarter = quarter_data(world)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "bantochuc")
    page.click("#home-compliance-link")
    page.wait_for_selector("#theo-don-vi")
    assert f"Quý {quarter}/{year}" in page.inner_text(".compliance-unit")
    units = page.locator("#theo-don-vi tbody tr")
    assert world.org_a.name in units.nth(0).inner_text()  # it holds the red cell: first
    assert "Chưa đạt" in units.nth(0).inner_text() and "Đạt" in units.nth(1).inner_text()
    assert _fits(page)
    shot(page, f"82-sinh-hoat-theo-quy-khoi-{size}")
    units.nth(0).get_by_role("link", name=world.org_a.name).click()
    page.wait_for_selector("#theo-chi-bo")
    page.locator("#theo-chi-bo tbody tr").nth(0).get_by_role("link", name=world.cell_a2.name).click()
    page.wait_for_selector("#ca-nam")
    assert "Chưa đạt" in page.inner_text("#quy-dang-xem")
    shot(page, f"83-sinh-hoat-chi-bo-tu-khoi-{size}")
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Chỉ tiêu Kết quả so với chỉ tiêu nghị quyết").click()
    section = page.locator(".kpi-cell-life").first
    section.wait_for()
    text = section.inner_text()
    assert "Chi bộ sinh hoạt chuyên đề đủ các quý" in text and "Tỷ lệ dự sinh hoạt chi bộ bình quân" in text
    assert "Đảng viên được phân công nhiệm vụ" in text and "Tiêu chí" in text
    section.scroll_into_view_if_needed()
    assert _fits(page)
    shot(page, f"84-chi-tieu-sinh-hoat-chi-bo-{size}")
    section.get_by_role("link", name="Xem theo đơn vị, chi bộ").first.click()
    page.wait_for_selector("#theo-don-vi")
    csp.assert_clean("compliance pages and dashboard of the bloc officer")
