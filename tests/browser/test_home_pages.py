"""Each persona's home page in headless Chromium, at desktop size and on a 390×844 phone (no sideways
scrolling), with a round open and the year's KPI computed; and the member filter's organization picker."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.evaluations.services import open_campaign
from dangbo.planning.kpi import recompute_year
from tests.evaluations.conftest import decide, rating_of
from tests.factories import make_org, make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

PERSONAS = [
    ("bantochuc", "Đơn vị chậm nhất", "khoi"),
    ("canbo_a", "Đảng viên", "co-so"),
    ("bithu_a1", "Đảng viên chờ chi bộ kiểm điểm", "chi-bo"),
    ("dangvien_m1", "Tự đánh giá", "dang-vien"),
]


@pytest.fixture
def open_round(world: Any) -> Any:
    """A round open over the whole tree in 2024 (every deadline past), m2 decided, the year's KPI computed."""
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    decide(world, rating_of(campaign, member=world.m2), "good")
    recompute_year(year=2024, organization=world.bloc)
    return campaign


@pytest.mark.parametrize(("username", "expected", "name"), PERSONAS)
def test_home_page_of_each_persona_on_desktop_and_phone(browser, live_server, world, open_round, username,
                                                        expected, name):  # fmt: skip
    for size, viewport, mobile in (("may-tinh", {"width": 1280, "height": 900}, False),
                                   ("dien-thoai", {"width": 390, "height": 844}, True)):  # fmt: skip
        context = browser.new_context(locale="vi-VN", viewport=viewport, is_mobile=mobile)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        log_in(page, username)
        page.wait_for_selector(f"main >> text={expected}")
        assert page.locator("main h1").inner_text().startswith("Xin chào")
        if mobile:
            assert page.evaluate("document.documentElement.scrollWidth") <= 400
        shot(page, f"trang-chu-{name}-{size}")
        context.close()


def test_home_shortcut_opens_the_round(page, world, open_round):
    log_in(page, "canbo_a")
    page.click("main >> text=Xem đợt đánh giá")
    page.wait_for_selector("h1:has-text('2024')")


def test_member_filter_picker_tells_twins_apart_and_filters(browser, live_server, world):
    make_org(name="Chi bộ 1", parent=world.org_a, code="A-CB1")
    make_org(name="Chi bộ 1", parent=world.org_b, code="B-CB1", org_type="state_enterprise")
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    log_in(page, "bantochuc")
    page.goto(page.base_url + "/dang-vien/")
    page.fill("#id_to_chuc_tim", "ngan sa")
    page.wait_for_selector("#org-picker-results >> text=Chi bộ Phòng Ngân sách — Đảng bộ Sở Tài chính")
    page.fill("#id_to_chuc_tim", "chi bo 1")
    page.wait_for_selector("#org-picker-results >> text=Chi bộ 1 — Đảng bộ Công ty Điện lực")
    assert page.locator("#org-picker-results li").count() == 2
    shot(page, "loc-to-chuc-dien-thoai")
    page.fill("#id_to_chuc_tim", "ngan sach")
    page.click("#org-picker-results >> text=Chi bộ Phòng Ngân sách — Đảng bộ Sở Tài chính")
    page.wait_for_selector("#results >> text=Đặng Thị Lan")
    assert page.locator("#results >> text=Trần Quốc Bảo").count() == 0
    assert page.input_value("#id_to_chuc_tim") == "Chi bộ Phòng Ngân sách — Đảng bộ Sở Tài chính"
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    context.close()


def test_tree_filter_box_hides_other_children(page, world):
    for n in range(9):
        make_org(name=f"Chi bộ Tổ {n}", parent=world.org_a, code=f"TO{n}")
    log_in(page, "canbo_a")
    page.goto(page.base_url + "/to-chuc/")
    page.wait_for_selector("input[data-tree-filter]")
    page.fill("input[data-tree-filter]", "ngan sach")
    page.wait_for_selector("text=Chi bộ Tổ 3", state="hidden")
    assert page.locator("text=Chi bộ Phòng Ngân sách").is_visible()
    shot(page, "cay-loc-truc-thuoc")
