"""The document library in the browser, by clicking only from the home page: the bloc's office officer records a
document with its file, published to one grassroots organization; a member of that organization finds it on a
390 px phone by searching without accents, opens it and downloads the file. Each page leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.library.models import PartyDocument
from tests.factories import make_user
from tests.library.helpers import PDF

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TITLE = "Hướng dẫn củng cố tổ chức cơ sở đảng trong doanh nghiệp"


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_office_records_a_document_and_a_member_finds_it_without_accents(page: Any, world: Any, device: str) -> None:
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "vanphong")
    page.click("#nav-plans")
    _fits(page, device)
    shot(page, f"l01-van-phong-ke-hoach-bao-cao-{device}")
    page.click("#plans-library")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.click("#document-new")
    page.fill("#id_number", "17")
    page.fill("#id_symbol", "HD/ĐUK")
    page.select_option("#id_kind", "guidance")
    page.fill("#id_title", TITLE)
    page.fill("#id_issued_on", "12/05/2025")
    page.select_option("#id_issuer", str(world.bloc.pk))
    page.check("input[name=audience][value=organizations]")
    page.select_option("#id_organizations", [str(world.org_a.pk)])
    page.set_input_files("#id_file", files=[{"name": "huong-dan-17.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _fits(page, device)
    shot(page, f"l02-van-phong-them-van-ban-{device}")
    page.click("#document-save")
    page.wait_for_selector("#document-heading:has-text('Hướng dẫn 17-HD/ĐUK')")
    assert "Đảng bộ Sở Tài chính" in page.inner_text("#document-audience")
    _fits(page, device)
    shot(page, f"l03-van-phong-da-luu-{device}")
    document = PartyDocument.objects.get(number="17", symbol="HD/ĐUK")
    assert document.file_type == "pdf" and document.issuer == world.bloc

    member = page.context.browser.new_context(locale="vi-VN", viewport=VIEWPORTS["phone"], accept_downloads=True)
    phone = member.new_page()
    phone.set_default_timeout(15_000)
    phone.base_url = page.base_url
    try:
        log_in(phone, "dangvien_m1")
        phone.click("#nav-library")
        phone.wait_for_selector("h1:has-text('Thư viện văn bản')")
        phone.fill("#id_q", "huong dan cung co doanh nghiep")
        phone.click("#document-search")
        phone.wait_for_selector(f"#document-{document.pk}")
        assert phone.locator("#document-table tbody tr").count() == 1
        _fits(phone, "phone")
        shot(phone, f"l04-dang-vien-tim-khong-dau-{device}")
        phone.get_by_role("link", name="Hướng dẫn 17-HD/ĐUK").click()
        phone.wait_for_selector("#document-download")
        _fits(phone, "phone")
        shot(phone, f"l05-dang-vien-xem-van-ban-{device}")
        with phone.expect_download() as download:
            phone.click("#document-download")
        assert download.value.suggested_filename == "huong-dan-17.pdf"
        assert AuditEntry.objects.filter(action="library.document.downloaded", object_id=str(document.pk)).exists()
    finally:
        member.close()
