"""Pages under the Content-Security-Policy in Chromium: the login page, htmx live search and tree expansion,
Chart.js dashboard charts, the year select that submits itself, the two-factor QR code, the API docs and the
admin. No CSP violation may reach the console or fire a `securitypolicyviolation` event."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dangbo.evaluations.enums import Level
from dangbo.planning.kpi import recompute_year
from dangbo.settings import base as base_settings

from ..factories import make_user
from ..planning.conftest import YEAR, rate_grassroots, rate_member
from .conftest import log_in, shot

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


class CspWatch:
    """Collects CSP reports from the console and from `securitypolicyviolation` events, page by page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text or "Refused to" in text:
            self.console.append(text)

    def events(self) -> list[str]:
        return list(self.page.evaluate("window.__csp || []"))

    def assert_clean(self, where: str) -> None:
        assert self.events() == [], where
        assert self.console == [], where


def _in_rem(page: Any, selector: str, prop: str) -> float:
    """A computed length of the first element matching `selector`, in rem, to two decimals."""
    px = page.locator(selector).first.evaluate(f"e => parseFloat(getComputedStyle(e).{prop})")
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    return round(px / root, 2)


@pytest.fixture
def csp(page: Any, settings: Any) -> CspWatch:
    """The production policy (the test settings also allow eval, for Playwright's wait_for_function)."""
    settings.CONTENT_SECURITY_POLICY = base_settings.CONTENT_SECURITY_POLICY
    return CspWatch(page)


def test_watch_catches_an_inline_script(page, csp, db):
    """The watch itself works: an injected inline script is blocked and reported, so silence means no violation."""
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                             document.body.append(s); }""")
    page.wait_for_timeout(200)  # the event is queued after the blocked insertion
    assert page.evaluate("window.__ran") is None
    assert any(e.startswith("script-src") for e in csp.events())


def test_login_search_and_tree_under_csp(page, csp, world):
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")
    assert _in_rem(page, ".auth-card", "maxWidth") == 28  # from app.css, no longer a style attribute
    shot(page, "csp-01-dang-nhap")
    csp.assert_clean("login page")
    log_in(page, "bantochuc")
    page.goto(page.base_url + "/dang-vien/")
    page.fill("input[type=search]", "nguyen van hung")
    expect(page.locator("#results table.members tbody tr")).to_have_count(1)
    shot(page, "csp-02-tim-kiem")
    csp.assert_clean("member live search")
    page.goto(page.base_url + "/to-chuc/")
    node = page.locator("details:has(> summary a:text-is('Đảng bộ Sở Tài chính'))")
    node.locator("> summary").click()
    page.wait_for_selector("text=Chi bộ Phòng Ngân sách")
    csp.assert_clean("tree expansion")
    page.goto(page.base_url + "/to-chuc/?ngay=27/11/2026")
    assert _in_rem(page, "table.tree-asof td.depth-1", "paddingLeft") == 1.85  # indented by app.css
    shot(page, "csp-03-cay-theo-ngay")
    csp.assert_clean("tree as of a day")


def test_two_factor_qr_code_under_csp(page, csp, world):
    log_in(page, "canbo_a")
    page.goto(page.base_url + "/tai-khoan/xac-thuc-hai-buoc/")
    qr = page.locator("img[alt=QR]")
    qr.wait_for()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "csp-04-xac-thuc-hai-buoc")
    csp.assert_clean("two-factor page")


@pytest.fixture
def dashboard_year(world) -> int:
    rate_member(world.m1, Level.GOOD)
    rate_member(world.m2, Level.FULFILLED)
    rate_member(world.m3, Level.GOOD)
    rate_grassroots(world.org_a, Level.GOOD)
    rate_grassroots(world.org_b, Level.FULFILLED)
    recompute_year(year=YEAR, organization=world.bloc)
    return YEAR


def test_dashboard_charts_and_year_select_under_csp(page, csp, world, dashboard_year):
    log_in(page, "bantochuc")
    page.goto(page.base_url + f"/chi-tieu/?nam={dashboard_year}")
    page.locator("canvas.kpi-chart").first.wait_for()
    page.wait_for_load_state("load")  # the chart script has run (charts are drawn synchronously, no animation)
    drawn = page.evaluate("[...document.querySelectorAll('canvas.kpi-chart')].map(c => !!Chart.getChart(c))")
    assert drawn and all(drawn)
    shot(page, "csp-05-bang-chi-tieu")
    csp.assert_clean("dashboard charts")
    page.goto(page.base_url + "/danh-gia/danh-hieu/")
    year = str(dashboard_year)
    with page.expect_navigation():
        page.select_option("#id_year", year)  # submits itself (app.js), no inline handler
    assert f"year={year}" in page.url
    shot(page, "csp-06-danh-hieu-chon-nam")
    csp.assert_clean("designations year select")


def test_api_docs_and_admin_under_csp(page, csp, db):
    make_user("quantri", is_staff=True, is_superuser=True)
    log_in(page, "quantri")
    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    shot(page, "csp-07-api-docs")
    csp.assert_clean("API docs")
    page.goto(page.base_url + "/quan-tri/axes/accessattempt/")
    page.wait_for_selector("#changelist")
    shot(page, "csp-08-quan-tri")
    csp.assert_clean("admin change list")
