"""The admission decision's page on a 390×844 phone: the Word file downloads at once, the PDF is made in the
background and then downloaded from the progress card."""

from __future__ import annotations

import pytest

from dangbo.admissions.enums import Stage
from tests.admissions.document_helpers import make_candidate

from .conftest import log_in, shot

pytestmark = pytest.mark.browser


def test_decision_docx_and_pdf_on_a_phone(browser, live_server, world):  # type: ignore[no-untyped-def]
    candidate = make_candidate(world.cell_a1, stage=Stage.DECIDED)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    log_in(page, "canbo_a")
    page.goto(f"{live_server.url}/ket-nap/van-ban/{candidate.pk}/quyet-dinh-ket-nap/pdf/")
    page.wait_for_selector("h1:has-text('Quyết định kết nạp đảng viên')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    shot(page, "quyet-dinh-ket-nap-dien-thoai")
    with page.expect_download() as docx:
        page.click("text=Tải tệp Word (.docx)")
    assert docx.value.suggested_filename == "quyet-dinh-ket-nap-le-thi-mai.docx"
    page.click("button:has-text('Tạo tệp PDF')")
    page.wait_for_selector("#pdf-job >> text=Tải tệp kết quả")
    shot(page, "quyet-dinh-ket-nap-pdf-xong-dien-thoai")
    with page.expect_download() as pdf:
        page.click("#pdf-job >> text=Tải tệp kết quả")
    assert pdf.value.suggested_filename == "quyet-dinh-ket-nap-le-thi-mai.pdf"
    with open(pdf.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    context.close()
