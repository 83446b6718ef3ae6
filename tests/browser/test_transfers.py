"""A transfer in headless Chromium, on a desktop and on a 390×844 phone: the bloc organization officer, by
clicking only from the home page, moves a member from a cell of one grassroots organization to a cell of
another, then downloads the introduction letter and reads it. Each step leaves a screenshot."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dangbo.members.models import Member
from dangbo.movements.enums import MovementState
from dangbo.movements.models import Movement

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_bloc_officer_transfers_a_member_and_opens_the_letter(page: Any, world: Any, size: str) -> None:
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    log_in(page, "bantochuc")

    def fits() -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.click("#nav-movements")
    page.wait_for_selector("#movements-start")
    fits()
    shot(page, f"90-chuyen-sinh-hoat-trang-bien-dong-{size}")
    page.click("#pick-member-link")
    page.click(f"a[href='/dang-vien/{world.m1.pk}/']")
    page.wait_for_selector("#transfer-link")
    page.click("#transfer-link")
    page.wait_for_selector("#transfer-form")
    page.select_option("#id_to_chuc", str(world.cell_b1.pk))
    page.fill("#id_on", "02/03/2026")
    page.fill("#id_decision_number", "15-QĐ/ĐUK")
    page.fill("#id_decision_date", "25/02/2026")
    page.fill("#id_reason", "Chuyển công tác sang Công ty Điện lực")
    fits()
    shot(page, f"91-chuyen-sinh-hoat-nhap-{size}")
    page.click("#transfer-submit")
    page.wait_for_selector("#movement-facts")
    assert "Đã hoàn tất" in page.locator("h1").inner_text()
    assert "Chi bộ Phân xưởng" in page.locator("#movement-facts").inner_text()
    fits()
    shot(page, f"92-chuyen-sinh-hoat-xong-{size}")
    movement = Movement.objects.get()
    assert movement.state == MovementState.DONE
    assert Member.objects.get(pk=world.m1.pk).organization_id == world.cell_b1.pk

    with page.expect_download() as download:
        page.click("#letter-docx")
    assert download.value.suggested_filename == f"giay-gioi-thieu-sinh-hoat-dang-{movement.pk}.docx"
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert "Giới thiệu đồng chí: Nguyễn Văn Hùng" in text
    assert "Đến sinh hoạt đảng tại: Chi bộ Phân xưởng" in text
    assert "Kính gửi: Đảng ủy Công ty Điện lực" in text
    header = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in header
