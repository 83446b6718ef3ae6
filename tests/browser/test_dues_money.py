"""Dues money in headless Chromium, by clicking only from the home page: the bloc office officer reaches the
statement, downloads its Excel (the figure read back with openpyxl), sets the collection account, reconciles a
small bank statement (upload a CSV, map its columns, review, apply) on a desktop and reads the statement on a
390 px phone; a member sees the VietQR code of the month they owe on a phone. Each step leaves a screenshot."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dangbo.accounts.enums import RoleKind
from dangbo.dues.ledger import compute_months, record_payment
from dangbo.dues.models import CollectionAccount, DuesBase, DuesMonth
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FEB = dt.date(2026, 2, 1)


def no_sideways_scroll(page: Any, width: int = PHONE["width"]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def february(world: Any) -> Any:
    """February 2026 computed for the bloc: m2 (60,000 due) paid in cash, m1 (85,000 due) still owing."""
    DuesBase.objects.bulk_create([
        DuesBase(member=world.m1, start=dt.date(2025, 1, 1), category="insured", base=8_500_000),
        DuesBase(member=world.m2, start=dt.date(2025, 1, 1), category="insured", base=6_000_000),
    ])  # fmt: skip
    compute_months(root=world.bloc, months=[FEB])
    record_payment(actor=world.officer, member=world.m2, month=FEB, amount=60_000, paid_on=dt.date(2026, 2, 20),
                   channel="cash")  # fmt: skip
    return world


def open_statement(page: Any) -> None:
    page.click("#nav-dues")
    page.wait_for_selector("#units-table")
    page.click(".money-links a[href*='bao-cao-thu-nop']")
    page.wait_for_selector("table.money-table")
    page.fill("#id_nam", "2026")
    page.select_option("#id_quy", "1")
    page.click("form.filters button")
    page.wait_for_url("**/bao-cao-thu-nop/?*quy=1*")


def test_office_officer_statement_excel_account_and_reconciliation(page, february, tmp_path):  # type: ignore[no-untyped-def]
    world = february
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    log_in(page, "vanphong")
    shot(page, "dp-tien-01-van-phong-trang-chu")

    open_statement(page)
    total = page.locator("table.money-table tr.total").inner_text()
    assert "60.000" in total
    shot(page, "dp-tien-02-bao-cao-quy-1")

    with page.expect_download() as download:
        page.click("a[href*='bao-cao-thu-nop/excel']")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    total_row = next(r for r in rows if str(r[0]).startswith("Cộng "))
    assert total_row[1] == 60_000  # collected in the bloc in the quarter: m2's February

    page.click("#collection-account-link")
    page.wait_for_selector("#account-form")
    page.fill("#id_bank_bin", "970436")
    page.fill("#id_bank_name", "Vietcombank")
    page.fill("#id_account_number", "0123456789")
    page.fill("#id_account_name", "<b>DANG UY KHOI</b>")
    page.click("#save-account")
    page.wait_for_selector("#account-facts")
    assert "<b>DANG UY KHOI</b>" in page.locator("#account-facts").inner_text()  # shown as text
    assert CollectionAccount.objects.get().organization_id == world.bloc.pk
    shot(page, "dp-tien-03-tai-khoan-thu")

    page.click(".money-nav a[href*='doi-soat']")
    page.wait_for_selector("#id_file")
    csv = tmp_path / "sao-ke-vcb.csv"
    csv.write_text(
        "Ngày GD,Số tiền ghi có,Diễn giải chi tiết,Số bút toán\n"
        f"25/02/2026,85000,DP {world.m1.card_number} T022026 Nguyen Van Hung,FT26056001\n"
        "26/02/2026,15000,CHUYEN TIEN AN TRUA,FT26057002\n",
        encoding="utf-8",
    )
    page.select_option("#id_source", "bank")
    page.set_input_files("#id_file", str(csv))
    page.fill("#id_cot_amount", "Số tiền ghi có")
    page.fill("#id_cot_date", "Ngày GD")
    page.fill("#id_cot_memo", "Diễn giải chi tiết")
    page.fill("#id_cot_reference", "Số bút toán")
    shot(page, "dp-tien-04-tai-sao-ke")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("input[name=nhan]")
    assert page.locator("input[name=nhan]").count() == 1  # the lunch transfer is not a dues payment
    shot(page, "dp-tien-05-ra-soat")
    page.check("input[name=nhan]")
    page.click("button[name=ghi_so]")
    page.wait_for_load_state()
    assert DuesMonth.objects.get(member=world.m1, month=FEB).paid == 85_000
    shot(page, "dp-tien-06-da-ghi-so")

    page.click("#nav-dues")
    page.wait_for_selector("#units-table")
    open_statement_again = page.locator(".money-links a[href*='bao-cao-thu-nop']")
    open_statement_again.click()
    page.fill("#id_nam", "2026")
    page.select_option("#id_quy", "1")
    page.click("form.filters button")
    page.wait_for_url("**/bao-cao-thu-nop/?*quy=1*")
    assert "145.000" in page.locator("table.money-table tr.total").inner_text()


def test_office_officer_reads_the_statement_on_a_phone(page, february):  # type: ignore[no-untyped-def]
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=february.bloc)
    page.set_viewport_size(PHONE)
    log_in(page, "vanphong")
    open_statement(page)
    no_sideways_scroll(page)
    shot(page, "dp-tien-07-bao-cao-dien-thoai")


def test_member_sees_the_qr_code_on_a_phone(page, february):  # type: ignore[no-untyped-def]
    world = february
    CollectionAccount.objects.create(organization=world.org_a, bank_bin="970436", bank_name="Vietcombank",
                                     account_number="0123456789", account_name="DANG UY CO SO A")  # fmt: skip
    page.set_viewport_size(PHONE)
    log_in(page, "dangvien_m1")
    page.click("#nav-dues")
    page.wait_for_selector("#dues-totals")
    for _ in range(timezone.localdate().year - 2026):  # the page opens on this year; 2026 is behind
        page.click("#year-previous")
        page.wait_for_load_state()
    page.wait_for_selector("#month-2026-02 .vietqr svg")
    box = page.locator("#month-2026-02 .vietqr svg").bounding_box()
    assert box is not None and box["width"] >= 200  # big enough to scan from another phone
    assert "T022026" in page.locator("#month-2026-02 .vietqr").inner_text()
    no_sideways_scroll(page)
    page.locator("#month-2026-02").scroll_into_view_if_needed()
    shot(page, "dp-tien-08-ma-qr-dien-thoai")
