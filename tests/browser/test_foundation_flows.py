"""The foundation's user journeys in headless Chromium: log in, browse the tree, search without accents,
open a member, import an Excel file with one bad row, export a list. Each step leaves a screenshot."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dangbo.core.models import AuditEntry
from dangbo.members.import_template import build_template
from dangbo.members.models import Member

from .conftest import log_in, shot

pytestmark = pytest.mark.browser


def test_login_and_browse_tree(page, world):
    log_in(page, "bantochuc")
    shot(page, "01-trang-chu")
    page.click("nav >> text=Tổ chức đảng")
    page.wait_for_selector("text=Cây tổ chức đảng")
    assert page.locator(".tree").get_by_text("Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh").is_visible()
    # Expanding a grassroots committee loads its cells with htmx, once htmx has processed the page (a toggle
    # before that is not heard).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    node = page.locator("details:has(> summary a:text-is('Đảng bộ Sở Tài chính'))")
    node.locator("> summary").click()
    page.wait_for_selector("text=Chi bộ Phòng Ngân sách")
    assert node.get_by_text("Chi bộ Văn phòng Sở").is_visible()
    shot(page, "02-cay-to-chuc")
    page.click("text=Chi bộ Phòng Ngân sách")
    page.wait_for_selector("h1:has-text('Chi bộ Phòng Ngân sách')")
    shot(page, "03-trang-to-chuc")


def test_search_without_accents_and_open_member_page(page, world):
    log_in(page, "canbo_a")
    page.goto(page.base_url + "/dang-vien/")
    page.fill("input[type=search]", "nguyen van hung")
    page.wait_for_function("document.querySelectorAll('#results table.members tbody tr').length === 1")
    assert page.locator("#results table.members").get_by_text("Nguyễn Văn Hùng").is_visible()
    shot(page, "04-tim-kiem-khong-dau")
    page.fill("input[type=search]", "dang")
    page.wait_for_selector("#results >> text=Đặng Thị Lan")
    assert page.locator("#results table.members tbody tr").count() == 1
    page.click("#results >> text=Đặng Thị Lan")
    page.wait_for_selector("h1:has-text('Đặng Thị Lan')")
    assert page.get_by_text("034080000002").is_visible()
    shot(page, "05-ho-so-dang-vien")
    assert AuditEntry.objects.filter(action="members.member.viewed", object_id=str(world.m2.pk)).exists()


def test_member_out_of_scope_is_not_found(page, world):
    log_in(page, "canbo_b")
    response = page.goto(page.base_url + f"/dang-vien/{world.m1.pk}/")
    assert response is not None and response.status == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()


def _workbook_with_one_bad_row() -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(build_template(max_bytes=10 * 1024 * 1024)))
    sheet = wb["Đảng viên"]
    headers = [c.value for c in sheet[1]]

    def row(**values: str) -> list[str]:
        return [values.get(h, "") for h in headers]

    common = {"Ngày quyết định kết nạp": "19/05/2010", "Mã chi bộ": "A2"}
    sheet.append(row(**common, **{"Họ": "Phạm", "Tên đệm": "Minh", "Tên": "Tuấn", "Ngày sinh": "02/03/1985",
                                  "Số CCCD": "034085000101", "Giới tính": "Nam"}))  # fmt: skip
    sheet.append(row(**common, **{"Họ": "Lê", "Tên đệm": "Thu", "Tên": "Hà", "Ngày sinh": "31/02/1986",
                                  "Số CCCD": "034086000102", "Giới tính": "Nữ"}))  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_excel_with_one_bad_row_shows_error_and_imports_nothing(page, world, tmp_path):
    log_in(page, "canbo_a")
    page.goto(page.base_url + "/dang-vien/nhap/")
    shot(page, "06-nhap-du-lieu")
    upload = tmp_path / "dang-vien.xlsx"
    upload.write_bytes(_workbook_with_one_bad_row())
    before = Member.objects.count()
    page.set_input_files("input[type=file]", str(upload))
    page.click("text=Tải lên và kiểm tra")
    page.wait_for_selector("table.import-errors")
    error_text = page.locator("table.import-errors").inner_text()
    assert "31/02/1986" in error_text and "Ngày sinh" in error_text
    shot(page, "07-xem-truoc-loi")
    page.click("text=Xác nhận nhập")
    page.wait_for_selector(".msg-error, .errorlist")
    assert Member.objects.count() == before
    shot(page, "08-tu-choi-nhap")


def test_export_member_list_to_excel(page, world):
    log_in(page, "canbo_a")
    page.goto(page.base_url + "/dang-vien/")
    with page.expect_download() as info:
        page.click("text=Xuất Excel")
    with open(info.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[:3] == ["Họ", "Tên đệm", "Tên"])
    names = {" ".join(str(v) for v in r[:3] if v) for r in rows[header_at + 1 :] if r[0]}
    # Exactly the officer's unit: another unit's member never leaks.
    assert names == {"Nguyễn Văn Hùng", "Đặng Thị Lan"}
    assert AuditEntry.objects.filter(action="members.member.exported", actor=world.officer).exists()
    shot(page, "09-xuat-excel")


def test_member_list_on_phone_screen(browser, live_server, world):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "dangvien_m1")
    page.goto(page.base_url + f"/dang-vien/{world.m1.pk}/")
    page.wait_for_selector("h1:has-text('Nguyễn Văn Hùng')")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling on a phone
    shot(page, "10-dien-thoai-ho-so")
    context.close()
