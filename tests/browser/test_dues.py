"""Dues in headless Chromium, by clicking only from the home page: a cell secretary on a 390×844 phone opens the
month's ledger and records the whole cell in one tap (one member left unpaid with one more tap); a grassroots
officer on a desktop drills down from the units table to the cell and records it; a member sees their own dues
on a phone; a cell secretary on a phone opens a member's dues profile from the cell's month, sets the base from
a month and sees the new due on the cell's page. Each step leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.dues.ledger import compute_months
from dangbo.dues.models import CellDuesMonth, DuesBase, DuesMonth
from tests.factories import make_member, make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page: Any, width: int = PHONE["width"]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def cell(world: Any) -> dt.date:
    """Cell A1 with m1 (insured, 8,500,000), m2 (insured, 6,000,000) and a student; the current month."""
    student = make_member(organization=world.cell_a1, given_name="Sinh", admission_decision_date=dt.date(2025, 9, 10),
                          ceremony_date=dt.date(2025, 9, 20), full_membership_date=None)  # fmt: skip
    start = dt.date(2025, 1, 1)
    DuesBase.objects.bulk_create([
        DuesBase(member=world.m1, start=start, category="insured", base=8_500_000),
        DuesBase(member=world.m2, start=start, category="insured", base=6_000_000),
        DuesBase(member=student, start=start, category="student", base=0),
    ])  # fmt: skip
    return timezone.localdate().replace(day=1)


def test_secretary_records_the_cell_month_on_a_phone(page, world, cell):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(PHONE)
    log_in(page, "bithu_a1")
    shot(page, "90-dang-phi-bi-thu-trang-chu-phone")

    page.click("#nav-dues")
    page.wait_for_selector("#no-ledger")
    no_sideways_scroll(page)
    shot(page, "91-dang-phi-chua-lap-so-phone")

    page.click("#open-month")
    page.wait_for_selector("#cell-month-form")
    assert page.locator("#cell-month-form li.card").count() == 3
    assert "85.000 đ" in page.locator(f"#line-{world.m1.pk}").inner_text()
    no_sideways_scroll(page)
    shot(page, "92-dang-phi-so-thang-phone")

    page.uncheck(f"input[name=paid-{world.m2.pk}]")  # the one exception: one tap
    page.click("#record-month")
    page.wait_for_selector(".messages .msg-success")
    assert "2 đảng viên đóng" in page.locator(".messages").inner_text()
    assert "Đã đóng 85.000 đ" in page.locator(f"#line-{world.m1.pk}").inner_text()
    assert DuesMonth.objects.get(member=world.m2, month=cell).paid == 0
    sums = CellDuesMonth.objects.get(organization=world.cell_a1, month=cell)
    assert (sums.paid, sums.owing) == (85_000 + 5_000, 1)
    no_sideways_scroll(page)
    shot(page, "93-dang-phi-da-ghi-phone")


def test_officer_drills_down_and_records_on_a_desktop(page, world, cell):  # type: ignore[no-untyped-def]
    compute_months(root=world.bloc, months=[cell])
    log_in(page, "canbo_a")
    page.click("#nav-dues")
    page.wait_for_selector("#units-table")
    shot(page, "94-dang-phi-don-vi-desktop")
    page.click(f"#unit-{world.org_a.pk} a")
    page.wait_for_selector(f"#unit-{world.cell_a1.pk}")
    assert "150.000" in page.locator(f"#unit-{world.cell_a1.pk}").inner_text()
    shot(page, "95-dang-phi-co-so-desktop")
    page.click(f"#unit-{world.cell_a1.pk} a")
    page.wait_for_selector("#cell-month-form")
    page.click("#record-month")
    page.wait_for_selector(".messages .msg-success")
    assert "3 đảng viên đóng" in page.locator(".messages").inner_text()
    shot(page, "96-dang-phi-chi-bo-desktop")
    page.click(".breadcrumb a")
    page.wait_for_selector("#units-table")
    assert "100%" in page.locator(f"#unit-{world.cell_a1.pk}").inner_text()


def test_member_sees_their_own_dues_on_a_phone(page, world, cell):  # type: ignore[no-untyped-def]
    compute_months(root=world.bloc, months=[cell])
    page.set_viewport_size(PHONE)
    log_in(page, "dangvien_m1")
    page.click("#nav-dues")
    page.wait_for_selector("#my-months")
    month = page.locator(f"#month-{cell:%Y-%m}")
    assert "85.000 đ" in month.inner_text() and "Còn nợ" in month.inner_text()
    assert world.m2.full_name not in page.content()
    no_sideways_scroll(page)
    shot(page, "97-dang-phi-cua-toi-phone")


def test_secretary_sets_a_members_base_on_a_phone(page, world, cell):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(PHONE)
    log_in(page, "bithu_a1")
    page.click("#nav-dues")
    page.click("#open-month")
    page.wait_for_selector("#cell-month-form")
    assert "85.000 đ" in page.locator(f"#line-{world.m1.pk}").inner_text()

    page.click(f"#profile-{world.m1.pk}")
    page.wait_for_selector("#base-form")
    assert "8.500.000 đ" in page.locator("#base-history").inner_text()
    no_sideways_scroll(page)
    shot(page, "98-dang-phi-ho-so-dang-vien-phone")

    page.fill("#id_start", "01/2026")
    page.fill("#id_base", "10.000.000")
    page.click("#save-base")
    page.wait_for_selector(".messages .msg-success")
    assert "10.000.000 đ" in page.locator("#base-history").inner_text()
    assert "100.000 đ" in page.locator(f"#month-{cell:%Y-%m}").inner_text()
    no_sideways_scroll(page)
    shot(page, "99-dang-phi-da-doi-can-cu-phone")

    page.click("#back-to-cell")
    page.wait_for_selector("#cell-month-form")
    assert "phải đóng 100.000 đ" in page.locator(f"#line-{world.m1.pk}").inner_text()
    assert CellDuesMonth.objects.get(organization=world.cell_a1, month=cell).due == 100_000 + 60_000 + 5_000
    no_sideways_scroll(page)
    shot(page, "99b-dang-phi-so-thang-sau-khi-doi-phone")
