"""A member's handbook in the browser, by clicking only from the home page: the member finds a document typing
without accents, saves it and marks it studied with one tap each (touch targets of at least 44 px), asks their
cell a question; the cell secretary finds it in the inbox from their home page and answers it; the member sees
the answer. On a 390 × 844 phone and on a desktop; each page leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.library.models import Bookmark, StudyMark
from dangbo.questions.enums import QuestionState
from dangbo.questions.models import Question
from tests.factories import make_user
from tests.library.helpers import make_document

from .accessibility import serious_violations
from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TITLE = "Kế hoạch học tập, quán triệt Nghị quyết Đại hội Đảng bộ Khối"


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _touchable(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["height"] >= 44, (selector, box)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_member_studies_a_document_and_asks_and_the_secretary_answers(page: Any, world: Any, device: str) -> None:
    document = make_document(world.bloc, number="35", symbol="KH/ĐUK", title=TITLE)
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q01-dang-vien-trang-chu-{device}")
    page.click("#home-library-shortcut")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.fill("#id_q", "quan triet nghi quyet dai hoi")
    page.click("#document-search")
    page.wait_for_selector(f"#document-{document.pk}")
    assert page.locator("#document-table tbody tr").count() == 1
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q02-dang-vien-tim-khong-dau-{device}")
    page.get_by_role("link", name="Kế hoạch 35-KH/ĐUK").click()
    page.wait_for_selector("#bookmark-add")
    _touchable(page, "#bookmark-add")
    _touchable(page, "#mark-studied")
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q03-dang-vien-van-ban-{device}")
    page.click("#bookmark-add")
    page.wait_for_selector("#bookmark-remove")
    page.click("#mark-studied")
    page.wait_for_selector("#studied-on")
    assert Bookmark.objects.filter(member=world.m1, document=document).exists()
    assert StudyMark.objects.filter(member=world.m1, document=document).exists()
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q04-dang-vien-da-hoc-tap-{device}")
    page.click("a:has-text('Thư viện văn bản')")
    page.click("#filter-saved")
    page.wait_for_selector(f"#document-{document.pk} .badge.studied")
    assert serious_violations(page) == [], page.url
    shot(page, f"q05-dang-vien-da-luu-{device}")

    page.goto(page.base_url + "/")
    page.click("#home-questions-shortcut")
    page.click("#question-ask")
    page.select_option("#id_addressee", str(world.cell_a1.pk))
    page.fill("#id_subject", "Tài liệu sinh hoạt chuyên đề")
    page.fill("#id_body", "Đề nghị chi bộ cho biết tài liệu cần đọc trước buổi sinh hoạt chuyên đề.")
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q06-dang-vien-gui-cau-hoi-{device}")
    page.click("#question-send")
    page.wait_for_selector("#question-heading:has-text('Tài liệu sinh hoạt chuyên đề')")
    question = Question.objects.get()
    assert question.state == QuestionState.OPEN and question.addressee == world.cell_a1

    secretary = page.context.browser.new_context(locale="vi-VN", viewport=VIEWPORTS[device])
    other = secretary.new_page()
    other.set_default_timeout(15_000)
    other.base_url = page.base_url
    try:
        log_in(other, "bithu_a1")
        other.click("#home-question-inbox")
        other.wait_for_selector(f"#question-{question.pk}")
        _fits(other, device)
        assert serious_violations(other) == [], other.url
        shot(other, f"q07-bi-thu-hop-thu-{device}")
        other.click(f"#question-{question.pk} .question-link")
        other.fill("#id_answer", "Đồng chí đọc trước Kế hoạch 35-KH/ĐUK trong thư viện văn bản.")
        _fits(other, device)
        assert serious_violations(other) == [], other.url
        shot(other, f"q08-bi-thu-tra-loi-{device}")
        other.click("#answer-send")
        other.wait_for_selector("#question-answer-text")
    finally:
        secretary.close()

    page.goto(page.base_url + "/")
    page.click("#home-questions-shortcut")
    page.click(f"#question-{question.pk} .question-link")
    page.wait_for_selector("#question-answer-text:has-text('Kế hoạch 35-KH/ĐUK')")
    assert "Đã trả lời" in page.inner_text("#question-state")
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q09-dang-vien-xem-tra-loi-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_the_committee_counts_who_studied_a_document(page: Any, world: Any, device: str) -> None:
    """The bloc's organization officer, from the home page by clicking only: the library, the document, the
    study count per unit; the cell of the member who marked it studied counts one."""
    document = make_document(world.bloc, number="35", symbol="KH/ĐUK", title=TITLE)
    StudyMark.objects.create(member=world.m1, document=document, studied_on=dt.date.today())
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    page.click("#nav-plans")
    page.click("#plans-library")
    page.wait_for_selector(f"#document-{document.pk}")
    page.get_by_role("link", name="Kế hoạch 35-KH/ĐUK").click()
    page.click("#study-counts-link")
    page.wait_for_selector("#study-heading")
    assert page.locator("#study-total td").nth(1).inner_text() == "1"
    assert page.locator(f"#study-row-{world.org_a.pk} td").nth(2).inner_text() == "1"
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"q10-ban-to-chuc-tinh-hinh-hoc-tap-{device}")
