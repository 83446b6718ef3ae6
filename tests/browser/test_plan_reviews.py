"""A plan's review in the browser, by clicking only from the home page, on a desktop and on a 390 px phone: the
bloc's organization officer and grassroots A's officer each go to the hub "Kế hoạch, văn bản, báo cáo", open
"Báo cáo sơ kết, tổng kết kế hoạch", make the Word file and download it from the progress card. Each page leaves a
screenshot. The inspection officers of the bloc and of grassroots A and the bloc's office officer each open the plan
from "Kế hoạch và nhiệm vụ", follow "Lập báo cáo sơ kết, tổng kết" from the plan's page (the plan chosen, their
own organization by default) and download the Word file, which lists grassroots A's task only for those who see it
on the plan's page (not A's inspection officer)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from dangbo.accounts.enums import RoleKind
from dangbo.documents.frame import committee_name
from tests.factories import make_user
from tests.reporting.review_clock import on_review_day  # noqa: F401  (fixture)
from tests.reporting.review_world import ReviewWorld, rw  # noqa: F401  (fixture)

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("on_review_day")]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PERSONAS = {"bantochuc": "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh", "canbo_a": "Đảng bộ Sở Tài chính"}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


@pytest.mark.parametrize("username", list(PERSONAS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_review_made_and_downloaded_from_the_hub(page: Any, rw: ReviewWorld, device: str, username: str) -> None:  # noqa: F811
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    page.click("#nav-plans")
    page.wait_for_selector("#plans-reviews")
    _fits(page, device)
    shot(page, f"pr01-{username}-ke-hoach-bao-cao-{device}")
    page.click("#plans-reviews")
    page.wait_for_selector("h1:has-text('Báo cáo sơ kết, tổng kết kế hoạch')")
    assert PERSONAS[username] in page.inner_text("#review-panel h2")
    assert page.input_value("#id_nam") == "2026"
    _fits(page, device)
    shot(page, f"pr02-{username}-bao-cao-so-ket-{device}")
    page.click("#review-panel button[type=submit]")
    link = page.wait_for_selector("#review-panel a:has-text('Tải tệp kết quả')")
    _fits(page, device)
    shot(page, f"pr03-{username}-da-tao-{device}")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("bao-cao-so-ket-05-kh-duk-2026-")
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in doc.paragraphs).replace("\u00a0", " ")
    assert "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 05-KH/ĐUK" in text
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text


# username, the role made for the test, where it sits, the organization the review is made for by default
FROM_PLAN = {
    "ubkt_khoi": (RoleKind.BLOC_INSPECTION_OFFICER, "bloc", "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"),
    "ubkt_a": (RoleKind.GRASSROOTS_INSPECTION_OFFICER, "org_a", "Đảng bộ Sở Tài chính"),
    "vanphong": (RoleKind.BLOC_OFFICE_OFFICER, "bloc", "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"),
}
SEE_TASK_3 = {"ubkt_khoi", "vanphong"}  # grassroots A's task: the bloc's committee and plan managers see it


@pytest.mark.parametrize("username", list(FROM_PLAN))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_review_made_from_the_plan_page(page: Any, rw: ReviewWorld, device: str, username: str) -> None:  # noqa: F811
    role, where, organization = FROM_PLAN[username]
    make_user(username, role=role, organization=getattr(rw.w, where))
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    page.click("#nav-plans")
    page.click("#plans-plans")
    page.click("#plan-list a:has-text('05-KH/ĐUK')")
    page.wait_for_selector("#plan-review")
    _fits(page, device)
    shot(page, f"pr04-{username}-ke-hoach-{device}")
    page.click("#plan-review")
    page.wait_for_selector("#review-panel button[type=submit]")
    assert page.inner_text("#review-panel h2") == f"05-KH/ĐUK — {organization}"
    assert page.input_value("#id_loai") == "mid_term"
    page.click("#review-panel button[type=submit]")
    link = page.wait_for_selector("#review-panel a:has-text('Tải tệp kết quả')")
    _fits(page, device)
    shot(page, f"pr05-{username}-da-tao-{device}")
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.startswith("bao-cao-so-ket-05-kh-duk-2026-")
    with open(info.value.path(), "rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in doc.paragraphs).replace("\u00a0", " ")
    assert "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 05-KH/ĐUK" in text
    assert f"{committee_name(getattr(rw.w, where))} báo cáo sơ kết" in text  # the opening names the organization
    tables = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert ("Nhiệm vụ số 3" in tables) == (username in SEE_TASK_3)
