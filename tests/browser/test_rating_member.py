"""A party member on a phone (390×844) writes the yearly self-assessment, by clicking only from the home
page, sees it confirmed, and opens their rating history. Each step leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REVIEW = "Năm qua tôi hoàn thành tốt nhiệm vụ được giao, sinh hoạt chi bộ đầy đủ, đóng đảng phí đúng hạn."


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_member_writes_the_self_assessment_on_a_phone(page, world):
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    page.set_viewport_size(PHONE)
    log_in(page, "dangvien_m1")
    shot(page, "40-dang-vien-trang-chu")

    page.click("#home-my-rating")
    page.wait_for_selector("h1:has-text('Tự đánh giá, xếp loại của tôi')")
    assert page.locator("#rule-facts").get_by_text("Đảng viên chính thức").is_visible()
    _fits_the_phone(page)
    shot(page, "41-dang-vien-tu-danh-gia")

    page.fill("#id_tdg-self_review", REVIEW)
    page.select_option("#id_tdg-level", Level.GOOD.value)
    button = page.locator("#save-self-assessment")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 300  # a big button for older members
    shot(page, "42-dang-vien-da-dien")
    button.click()
    page.wait_for_selector(".messages .msg-success")
    assert "Đã lưu bản tự đánh giá của bạn" in page.locator(".messages").inner_text()
    assert REVIEW in page.locator("#saved-self-review").inner_text()
    rating = Rating.objects.get(campaign=campaign, member=world.m1)
    assert (rating.step, rating.self_level, rating.self_review) == (RatingStep.SELF_ASSESSED, Level.GOOD, REVIEW)
    _fits_the_phone(page)
    shot(page, "43-dang-vien-da-luu")

    page.click("#my-history-link")
    page.wait_for_selector("h1:has-text('Lịch sử xếp loại của tôi')")
    year = page.locator("#year-2024")
    assert "Đã tự đánh giá" in year.inner_text() and "Hoàn thành tốt nhiệm vụ" in year.inner_text()
    _fits_the_phone(page)
    shot(page, "44-dang-vien-lich-su")
