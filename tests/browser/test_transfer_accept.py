"""The grassroots officer (canbo_a) accepts, in headless Chromium on a desktop and on a 390×844 phone, a transfer
into a cell of their organization sent by the officer of another grassroots organization: from their home page,
by clicking only, they find it on the movements hub waiting for them, open it and accept it. Screenshots of each
step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.members.models import Member
from dangbo.movements import transfers
from dangbo.movements.enums import MovementState
from dangbo.movements.models import Movement

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_grassroots_officer_accepts_a_transfer_into_their_cell(page: Any, world: Any, size: str) -> None:
    movement = transfers.transfer_internal(actor=world.outsider, member=world.m3, to_organization=world.cell_a2,
                                           on=dt.date(2026, 3, 2), reason="Chuyển công tác về Sở")  # fmt: skip
    assert movement.state == MovementState.OPEN
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    log_in(page, "canbo_a")

    def fits() -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    fits()
    page.click("#nav-movements")
    waiting = page.locator("#movements-awaiting")
    waiting.wait_for()
    assert "Trần Quốc Bảo" in waiting.inner_text() and "Chi bộ Văn phòng Sở" in waiting.inner_text()
    fits()
    shot(page, f"95-tiep-nhan-cho-tiep-nhan-{size}")
    waiting.locator(f"a[href='/bien-dong/{movement.pk}/']").click()
    page.wait_for_selector("#accept-form")
    fits()
    shot(page, f"96-tiep-nhan-bien-dong-{size}")
    page.click("#accept-form button[type=submit]")
    page.wait_for_selector("#movement-facts")
    assert "Đã hoàn tất" in page.locator("h1").inner_text()
    assert page.locator("#accept-form").count() == 0
    fits()
    shot(page, f"97-tiep-nhan-xong-{size}")
    assert Movement.objects.get(pk=movement.pk).state == MovementState.DONE
    assert Member.objects.get(pk=world.m3.pk).organization_id == world.cell_a2.pk
    page.click("#nav-movements")
    assert "Không có đảng viên nào đang chờ đồng chí tiếp nhận" in page.locator("#movements-awaiting").inner_text()
