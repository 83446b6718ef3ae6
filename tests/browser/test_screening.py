"""Screening in headless Chromium on a 390×844 phone: a cell secretary, by clicking only from the home page,
sees the member the system proposes with the explanation, opens the round, records the secret ballot and the
outcome; the inspection officer reaches the signals of the bloc from the home page. Each step leaves a
screenshot."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.screening.enums import Outcome
from dangbo.screening.models import Review
from dangbo.screening.signals import refresh
from tests.factories import make_member, make_user
from tests.screening.helpers import absent_in_months

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def absences(world: Any) -> int:
    """m1 absent without reason in three months of this year; four more full members in cell A1 (six voters)."""
    year = timezone.localdate().year
    for _ in range(4):
        make_member(organization=world.cell_a1)
    absent_in_months(world.m1, [1, 4, 8], year=year)
    return year


def test_secretary_runs_a_round_on_a_phone(page, world, absences):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(PHONE)
    log_in(page, "bithu_a1")
    page.wait_for_selector("#home-screening")
    shot(page, "80-sang-loc-bi-thu-trang-chu-phone")

    page.click("#home-screening-link")
    page.wait_for_selector("#proposed")
    proposed = page.locator(f"#member-{world.m1.pk}")
    assert "Bỏ sinh hoạt đảng không có lý do chính đáng" in proposed.inner_text()
    assert "Chỉ thị 28-CT/TW" in proposed.inner_text()
    no_sideways_scroll(page)
    shot(page, "81-sang-loc-dau-hieu-chi-bo-phone")

    page.click("#open-round button")
    page.wait_for_selector(".messages .msg-success")
    assert "1 đảng viên được đề xuất" in page.locator(".messages").inner_text()
    review = Review.objects.get(member=world.m1)
    assert "vắng sinh hoạt không có lý do trong 3 tháng" in page.locator(f"#review-{review.pk}").inner_text()
    no_sideways_scroll(page)
    shot(page, "82-sang-loc-dot-ra-soat-phone")

    page.click(f"#review-{review.pk} a.button")
    page.wait_for_selector("#vote-form")
    page.locator(".screening-evidence").first.wait_for()
    no_sideways_scroll(page)
    shot(page, "83-sang-loc-bieu-quyet-phone")
    page.fill("#id_votes_for", "4")
    page.click("#save-vote")
    page.wait_for_selector(".messages .msg-success")
    assert "4/6 phiếu" in page.locator(".messages").inner_text()
    assert "Đưa vào diện giáo dục, giúp đỡ" in page.locator("#vote-result").inner_text()
    shot(page, "84-sang-loc-da-bieu-quyet-phone")

    page.check(f"input[name=outcome][value={Outcome.IMPROVED.value}]")
    page.click("#save-outcome")
    page.wait_for_selector("#outcome-result")
    assert "Đã tiến bộ" in page.locator("#outcome-result").inner_text()
    no_sideways_scroll(page)
    shot(page, "85-sang-loc-ket-qua-phone")
    review.refresh_from_db()
    assert (review.votes_for, review.eligible, review.outcome) == (4, 6, Outcome.IMPROVED)
    world.m1.refresh_from_db()
    assert world.m1.status == "full"


def test_inspection_officer_reaches_the_signals_from_home(page, world, absences):  # type: ignore[no-untyped-def]
    make_user("ubkt", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    refresh(absences, world.bloc)
    page.set_viewport_size(PHONE)
    log_in(page, "ubkt")
    page.wait_for_selector("#home-screening")
    shot(page, "86-sang-loc-ubkt-trang-chu-phone")
    page.click("#home-screening-link")
    page.wait_for_selector("#signals")
    assert world.m1.full_name in page.locator("#signals").inner_text()
    assert page.locator("#dues-missing").count() == 0  # the dues ledger is the provider now
    shot(page, "87-sang-loc-ubkt-danh-sach-phone")
    no_sideways_scroll(page)
    page.click(f"#signals a >> text={world.m1.full_name}")
    page.wait_for_selector("#hit-detail")
    assert f"Tháng 01/{absences}: 10/01/{absences} (Chi bộ Phòng Ngân sách)" in page.locator("#hit-detail").inner_text()
    no_sideways_scroll(page)
    shot(page, "88-sang-loc-ubkt-dau-hieu-phone")
