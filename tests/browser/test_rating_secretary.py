"""A cell secretary, by clicking only from the home page, reaches the open round, their cell and its
whole-cell review, takes the self-assessed levels, changes one exception and saves the cell's review,
on a desktop and on a 390 px phone. Each step leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _self_assess(world: Any, rating: Rating, level: str) -> None:
    perform_step(actor=world.officer, rating=rating, step=RatingStep.SELF_ASSESSED, level=level,
                 expected_version=rating.version)  # fmt: skip


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_secretary_reviews_the_whole_cell(page, world, device):
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    m1 = Rating.objects.get(campaign=campaign, member=world.m1)
    m2 = Rating.objects.get(campaign=campaign, member=world.m2)
    _self_assess(world, m1, Level.GOOD)
    _self_assess(world, m2, Level.GOOD)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    shot(page, f"50-bi-thu-trang-chu-{device}")

    page.click(".mainnav >> text=Đánh giá, xếp loại")
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại chất lượng')")
    page.click(f"table.campaigns a[href='/danh-gia/{campaign.pk}/'] >> nth=0")
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại năm 2024')")
    # The grassroots row is text, not a link that would answer 404; the secretary's cell is offered instead.
    assert page.locator(f".progress-table a[href='/danh-gia/{campaign.pk}/don-vi/{world.org_a.pk}/']").count() == 0
    shot(page, f"51-bi-thu-dot-danh-gia-{device}")

    page.click("#own-cells >> text=Chi bộ Phòng Ngân sách")
    page.wait_for_selector("h1:has-text('Chi bộ Phòng Ngân sách')")
    shot(page, f"52-bi-thu-chi-bo-{device}")

    page.click("#cell-review-link")
    page.wait_for_selector("h1:has-text('Kiểm điểm cả chi bộ')")
    shot(page, f"53-bi-thu-kiem-diem-ca-chi-bo-{device}")

    page.click("#accept-self-levels")
    page.wait_for_selector(".msg-warning")
    assert page.locator(f"#id_level_{m1.pk}").input_value() == Level.GOOD
    assert page.locator(f"#id_level_{m2.pk}").input_value() == Level.GOOD
    page.select_option(f"#id_level_{m2.pk}", Level.FULFILLED.value)  # the one exception
    shot(page, f"54-bi-thu-nhan-muc-tu-danh-gia-{device}")

    page.click("#save-cell-review")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã lưu kết quả kiểm điểm của 2 đảng viên." in page.locator(".messages").inner_text()
    for rating, level in ((m1, Level.GOOD), (m2, Level.FULFILLED)):
        row = page.locator(f"#review-{rating.pk}")
        assert "Đã kiểm điểm tại chi bộ" in row.inner_text()
        assert row.locator("select").input_value() == level
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.step, m1.review_level) == (RatingStep.REVIEWED, Level.GOOD)
    assert (m2.step, m2.review_level) == (RatingStep.REVIEWED, Level.FULFILLED)
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    shot(page, f"55-bi-thu-da-luu-{device}")
