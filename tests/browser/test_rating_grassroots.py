"""The grassroots committee officer in the rating round, by clicking only: from the home page to the open
round, their organization's progress, a cell, one member's rating, and the proposal step for that member.
Run on a desktop and on a 390×844 phone; each step leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _reviewed(world: Any, campaign: RatingCampaign, member: Any, level: str) -> Rating:
    rating = Rating.objects.get(campaign=campaign, member=member)
    for step in ("self_assessed", "reviewed"):
        rating = perform_step(actor=world.officer, rating=rating, step=step, level=level,
                              expected_version=rating.version)  # fmt: skip
    return rating


@pytest.fixture
def reviewed_round(world: Any) -> RatingCampaign:
    """The bloc's 2024 round, with cell A1's two members reviewed at the cell (good, fulfilled)."""
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    _reviewed(world, campaign, world.m1, Level.GOOD)
    _reviewed(world, campaign, world.m2, Level.FULFILLED)
    return campaign


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_grassroots_officer_clicks_to_a_rating_and_proposes(page, world, reviewed_round, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, "canbo_a")
    shot(page, f"30-{viewport}-trang-chu-canbo-co-so")

    page.locator("nav.mainnav").get_by_role("link", name="Đánh giá, xếp loại", exact=True).click()
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại')")
    shot(page, f"31-{viewport}-danh-sach-dot")

    page.get_by_role("link", name="Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh").first.click()
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại năm 2024')")
    table = page.locator(".progress-table")
    assert table.locator("tfoot").get_by_text("Tổng cộng").is_visible()
    shot(page, f"32-{viewport}-tien-do-dot")

    table.get_by_role("link", name="Đảng bộ Sở Tài chính").click()
    page.wait_for_selector("h1:has-text('Đảng bộ Sở Tài chính')")
    # The cell's row counts its two members, not the cell itself.
    cell_row = page.locator(".progress-table tbody tr").filter(has_text="Chi bộ Phòng Ngân sách")
    assert cell_row.locator("td[data-label='Số đảng viên']").inner_text().strip() == "2"
    shot(page, f"33-{viewport}-tien-do-dang-bo-co-so")

    cell_row.get_by_role("link", name="Chi bộ Phòng Ngân sách").click()
    page.wait_for_selector("h1:has-text('Chi bộ Phòng Ngân sách')")
    shot(page, f"34-{viewport}-danh-sach-chi-bo")

    m1 = Rating.objects.get(campaign=reviewed_round, member=world.m1)
    page.locator(f"#rating-{m1.pk}").get_by_role("link", name="Nguyễn Văn Hùng").click()
    page.wait_for_selector("h1:has-text('Nguyễn Văn Hùng')")
    verdict = page.locator("#verdict")
    assert "Mức được phép:" in verdict.inner_text()
    assert "Đã kiểm điểm tại chi bộ: Hoàn thành tốt nhiệm vụ" in page.locator("ol.timeline").inner_text()
    shot(page, f"35-{viewport}-xep-loai-dang-vien")

    row = page.locator(f"#rating-{m1.pk}")
    row.locator("select[name$='-step']").select_option(RatingStep.PROPOSED.value)
    row.locator("select[name$='-level']").select_option(Level.GOOD.value)
    with page.expect_response(lambda r: f"/xep-loai/{m1.pk}/buoc/" in r.url):
        row.get_by_role("button", name="Lưu").click()
    page.locator(f"#rating-{m1.pk}").get_by_text("Đã lưu.").wait_for()
    assert "Đề xuất: Hoàn thành tốt nhiệm vụ" in page.locator(f"#rating-{m1.pk}").inner_text()
    shot(page, f"36-{viewport}-de-xuat-muc-xep-loai")

    m1.refresh_from_db()
    assert (m1.step, m1.proposed_level) == (RatingStep.PROPOSED, Level.GOOD)
