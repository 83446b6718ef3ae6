"""The bloc's organization board in the rating round, by clicking only: from the home page to the round, the
decision on a grassroots organization's rating, then locking the round after the confirmation page (what is
still pending, the confirmation box), and the locked round with reopen available. Desktop and 390×844 phone;
each step leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.evaluations.enums import CampaignState, Level, RatingStep
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def proposed_round(world: Any) -> RatingCampaign:
    """The bloc's 2024 round, with the grassroots organization A proposed "good" by its own committee."""
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    rating = Rating.objects.get(campaign=campaign, organization=world.org_a)
    for step in ("self_assessed", "reviewed", "proposed"):
        rating = perform_step(actor=world.officer, rating=rating, step=step, level=Level.GOOD,
                              expected_version=rating.version)  # fmt: skip
    return campaign


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_bloc_decides_then_locks_after_confirmation(page, world, proposed_round, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, "bantochuc")
    shot(page, f"40-{viewport}-trang-chu-ban-to-chuc")

    page.locator("nav.mainnav").get_by_role("link", name="Đánh giá, xếp loại", exact=True).click()
    page.locator("table").get_by_role("link", name="Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh").first.click()
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại năm 2024')")
    shot(page, f"41-{viewport}-dot-danh-gia")

    page.locator(".progress-table").get_by_role("link", name="Đảng bộ Sở Tài chính").click()
    page.wait_for_selector("h1:has-text('Đảng bộ Sở Tài chính')")
    rating = Rating.objects.get(campaign=proposed_round, organization=world.org_a)
    page.locator(f"#rating-{rating.pk}").get_by_role("link", name="Đảng bộ Sở Tài chính").click()
    page.wait_for_selector("#verdict")
    shot(page, f"42-{viewport}-xep-loai-to-chuc-co-so")

    row = page.locator(f"#rating-{rating.pk}")
    row.locator("select[name$='-step']").select_option(RatingStep.DECIDED.value)
    row.locator("select[name$='-level']").select_option(Level.GOOD.value)
    with page.expect_response(lambda r: f"/xep-loai/{rating.pk}/buoc/" in r.url):
        row.get_by_role("button", name="Lưu").click()
    page.locator(f"#rating-{rating.pk}").get_by_text("Đã lưu.").wait_for()
    rating.refresh_from_db()
    assert (rating.step, rating.final_level) == (RatingStep.DECIDED, Level.GOOD)
    shot(page, f"43-{viewport}-quyet-dinh")

    page.locator(".breadcrumb").get_by_role("link", name="Đánh giá, xếp loại năm 2024").click()
    page.get_by_role("link", name="Khóa đợt đánh giá…").click()
    page.wait_for_selector("h1:has-text('Khóa đợt đánh giá năm 2024')")
    # What is still pending: members m1, m2 (A) and m3 (B); collectives A1, A2, B1, B (A is decided).
    summary = page.locator(".lock-summary").inner_text()
    assert "Đảng viên còn chờ (chưa có quyết định): 3" in summary
    assert "Tổ chức đảng đã có kết quả xếp loại: 1/5" in summary and "Tổng số đối tượng còn chờ: 7" in summary
    pending = page.locator(".pending-table")
    assert pending.get_by_role("link", name="Đảng bộ Sở Tài chính").is_visible()
    assert pending.get_by_role("link", name="Đảng bộ Công ty Điện lực").is_visible()
    shot(page, f"44-{viewport}-xac-nhan-khoa")

    # Without the box ticked the browser does not send the form (the server refuses it too, see the view tests).
    page.get_by_role("button", name="Xác nhận khóa đợt đánh giá").click()
    assert page.locator("#id_confirm").evaluate("box => box.validity.valueMissing")
    proposed_round.refresh_from_db()
    assert proposed_round.state == CampaignState.OPEN

    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Xác nhận khóa đợt đánh giá").click()
    page.get_by_text("Đã khóa đợt đánh giá.").wait_for()
    assert page.locator("h1 .badge").inner_text() == "Đã khóa"
    assert page.get_by_role("button", name="Mở lại đợt đánh giá").is_visible()
    assert page.get_by_label("Lý do mở lại").is_visible()
    proposed_round.refresh_from_db()
    assert proposed_round.state == CampaignState.LOCKED
    shot(page, f"46-{viewport}-da-khoa")
