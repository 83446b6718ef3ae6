"""The suspension's clock in the browser, by clicking only from the home page, on a desktop and a 390×844 phone:
the grassroots officer finds a suspended member on the standing page (days used and left beside the end), opens
the record and extends it by 30 days within the 180-day maximum. No sideways scrolling on the phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangbo.movements import standing
from dangbo.movements.models import Movement

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_sees_the_clock_and_extends(page, world, device):  # type: ignore[no-untyped-def]
    # The standing page lists who is suspended today: the record starts 20 days before the real day.
    start = timezone.localdate() - dt.timedelta(days=20)
    movement = standing.record_suspension(
        actor=None, member=world.m1, start=start, planned_end=start + dt.timedelta(days=89),
        decision_number="12-QĐ/ĐU", decision_date=start, reason="Để xem xét, xử lý kỷ luật", today=start,
    )  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    page.locator("nav.mainnav").get_by_role("link", name="Biến động đảng viên", exact=True).click()
    page.click("#standing-link")
    page.wait_for_selector("#current-suspended")
    assert "đã qua 21/90 ngày, còn 69 ngày" in page.locator("#current-suspended").inner_text()
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    shot(page, f"c09-canbo-dinh-chi-dong-ho-{device}")
    page.locator("#current-suspended").get_by_role("link", name="Nguyễn Văn Hùng").click()
    page.wait_for_selector("#suspension-clock")
    page.fill("#id_gia-han-days", "30")
    page.fill("#id_gia-han-decision_number", "20-QĐ/ĐU")
    page.fill("#id_gia-han-decision_date", f"{timezone.localdate():%d/%m/%Y}")
    page.fill("#id_gia-han-reason", "Chưa kết thúc việc kiểm tra")
    page.click("#submit-gia-han")
    page.wait_for_selector("#suspension-clock")
    assert "Đình chỉ 120 ngày" in page.locator("#suspension-clock").inner_text()
    assert "còn có thể gia hạn 60 ngày" in page.locator("#suspension-clock").inner_text()
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    shot(page, f"c10-canbo-dinh-chi-gia-han-{device}")
    assert Movement.objects.get(pk=movement.pk).planned_end == start + dt.timedelta(days=119)
