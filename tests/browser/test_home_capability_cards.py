"""The home cards of inspection, complaints, badges and training in headless Chromium, at desktop size and on a
390×844 phone: the bloc inspection officer, the grassroots officer and the cell secretary each reach their card's
target by clicking only, and the reports hub links every report of the user's rights."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from tests.complaints.conftest import denounce
from tests.factories import make_user
from tests.inspection.conftest import open_case

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

SIZES = (
    ("may-tinh", {"width": 1280, "height": 900}, False),
    ("dien-thoai", {"width": 390, "height": 844}, True),
)
# username, the card, the link clicked, the heading it leads to, the screenshot's name
PERSONAS = [
    ("ubkt_khoi", "#home-inspection", "#home-cases-overdue", "Kiểm tra, giám sát", "ubkt-khoi"),
    ("ubkt_khoi", "#home-inspection", "#home-letters-overdue", "Khiếu nại, tố cáo", "ubkt-khoi-don"),
    ("canbo_a", "#home-badges", "#home-badges-link", "Xét tặng Huy hiệu Đảng đợt", "co-so"),
    ("canbo_a", "#home-training", "#home-training-new", "Ai cần học lớp nào", "co-so-dao-tao"),
    ("bithu_a1", "#home-training", "#home-training-secretaries", "Ai cần học lớp nào", "chi-bo"),
    ("bithu_a1", "#home-cell-plan", "#home-cell-plan-link", "", "chi-bo-ke-hoach"),
]

HUB_TARGETS = [
    ("#oversight-inspection", "Kiểm tra, giám sát"),
    ("#oversight-complaints", "Khiếu nại, tố cáo"),
    ("#oversight-discipline", "Kỷ luật"),
]


@pytest.fixture
def cards_world(world: Any) -> Any:
    """The bloc's inspection officer and A1's secretary; a case of A's inspection committee opened on 02/03/2026
    (its stages long overdue) and a denunciation received by A on the same day (past its deadline)."""
    make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    open_case(world, on=dt.date(2026, 3, 2))
    denounce(world)
    return world


@pytest.mark.parametrize(("username", "card", "link", "heading", "name"), PERSONAS)
def test_each_persona_reaches_its_card_target_by_clicking(browser, live_server, cards_world, username, card, link,
                                                          heading, name):  # fmt: skip
    for size, viewport, mobile in SIZES:
        context = browser.new_context(locale="vi-VN", viewport=viewport, is_mobile=mobile)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        log_in(page, username)
        page.wait_for_selector(card)
        if mobile:
            assert page.evaluate("document.documentElement.scrollWidth") <= 400
        shot(page, f"trang-chu-the-{name}-{size}")
        page.locator(card).screenshot(path=str(shot(page, f"trang-chu-the-{name}-the-{size}")))
        if mobile:  # the top of the screen as the phone shows it: the navigation's length
            page.screenshot(path=str(shot(page, f"trang-chu-the-{name}-man-hinh-{size}")))
        page.click(link)
        page.wait_for_load_state()
        if heading:
            page.wait_for_selector(f"main h1:has-text('{heading}')")
        else:
            assert "/kiem-tra/" in page.url
        if mobile:
            assert page.evaluate("document.documentElement.scrollWidth") <= 400
        shot(page, f"trang-chu-the-{name}-dich-{size}")
        context.close()


def test_oversight_hub_reaches_inspection_complaints_and_discipline(browser, live_server, cards_world):
    for size, viewport, mobile in SIZES:
        context = browser.new_context(locale="vi-VN", viewport=viewport, is_mobile=mobile)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        log_in(page, "ubkt_khoi")
        for target, heading in HUB_TARGETS:
            page.locator("nav.mainnav").get_by_role("link", name="Kiểm tra, kỷ luật", exact=True).click()
            page.wait_for_selector("#oversight-links")
            if mobile:
                assert page.evaluate("document.documentElement.scrollWidth") <= 400
            shot(page, f"kiem-tra-ky-luat-{size}")
            page.click(target)
            page.wait_for_selector(f"main h1:has-text('{heading}')")
        context.close()


def test_reports_hub_links_every_report_of_the_users_rights(page, cards_world):
    log_in(page, "ubkt_khoi")
    page.click("#nav-plans")
    page.click("#plans-year-report")
    page.wait_for_selector("#report-discipline")
    for anchor in ("#report-inspection", "#report-complaints", "#report-discipline"):
        assert page.locator(anchor).count() == 1
    page.click("#report-discipline")
    page.wait_for_url("**/ky-luat/bao-cao/**")
    shot(page, "bao-cao-ky-luat-tu-trang-bao-cao")
