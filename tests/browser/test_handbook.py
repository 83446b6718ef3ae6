"""The member's handbook on a phone and a desktop, by clicking only from the home page: the summary, the large-text
mode, no sideways scrolling, axe-core finding no serious or critical WCAG 2.1 AA violation; and the installed web
app keeping a library document the member opened readable without a network, the offline page for the rest, and
forgetting it when the member signs out."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.library import services as library

from ..conftest import TODAY
from .accessibility import serious_violations
from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
    .map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 8)"""


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], page.evaluate(WIDEST)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_member_opens_the_handbook_from_home(page: Any, world: Any, device: str) -> None:
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    assert serious_violations(page) == []
    page.click("#home-handbook")
    page.wait_for_selector("h1:has-text('Sổ tay đảng viên')")
    summary = page.inner_text("#handbook-summary")
    assert world.m1.full_name in summary and "01000001" in summary and "19/05/2005" in summary
    assert "năm" in page.inner_text("#handbook-seniority")
    _fits(page, device)
    assert serious_violations(page) == []
    shot(page, f"h01-so-tay-{device}")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("#large-text-toggle")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > size * 1.2
    _fits(page, device)
    shot(page, f"h02-so-tay-chu-lon-{device}")
    page.reload()  # kept on this device
    assert page.get_attribute("#large-text-toggle", "aria-pressed") == "true"
    page.click("#handbook-rating")
    page.wait_for_url("**/danh-gia/cua-toi/")
    _fits(page, device)


def test_an_opened_document_stays_readable_offline(page: Any, world: Any) -> None:
    document = library.create_document(
        actor=world.bloc_officer, keeper=world.bloc, issuer=world.bloc, number="21", symbol="NQ/ĐUK",
        kind="resolution", title="Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ", issued_on=TODAY, today=TODAY,
    )  # fmt: skip
    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, "dangvien_m1")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # the worker controls the page from the next load
    assert page.evaluate("!!navigator.serviceWorker.controller")
    page.click("#home-handbook")
    page.click("#handbook-library")
    page.click(f"a[href='/van-ban/{document.pk}/']")
    page.wait_for_selector("#document-heading")
    page.context.set_offline(True)
    page.reload()
    assert "Nghị quyết 21-NQ/ĐUK" in page.inner_text("#document-heading")
    shot(page, "h03-van-ban-ngoai-tuyen")
    page.goto(page.base_url + "/so-tay/")
    assert "Không có kết nối mạng" in page.inner_text("h1")
    shot(page, "h04-trang-ngoai-tuyen")
    page.context.set_offline(False)
    page.goto(page.base_url + "/")
    page.click("form[data-clear-offline] button")  # signing out empties the documents kept
    page.wait_for_url("**/dang-nhap/**")
    page.wait_for_function("caches.keys().then(k => !k.includes('dangbo-documents-v1'))")
    page.context.set_offline(True)
    page.goto(page.base_url + f"/van-ban/{document.pk}/")
    assert "Không có kết nối mạng" in page.inner_text("h1")
    page.context.set_offline(False)
