"""Issue 12's journey on a 390×844 phone, by clicking only from the handbook: a member writes the yearly
self-assessment, reads a document sent to them and marks it studied, and confirms the next cell meeting; the cell
secretary then sees the self-assessment in the whole cell's review and the confirmation on the meeting's page.
axe-core finds no serious or critical WCAG 2.1 AA violation on any of these pages; each leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign
from dangbo.library import services as library
from dangbo.library.models import StudyMark
from dangbo.meetings import services as meetings
from dangbo.meetings.enums import MeetingKind
from dangbo.meetings.models import MeetingReply
from tests.factories import make_user

from .accessibility import serious_violations
from .conftest import log_in, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
REVIEW = "Tôi hoàn thành tốt nhiệm vụ được giao, tham gia sinh hoạt chi bộ đầy đủ, đóng đảng phí đúng hạn."


def _checked(page: Any, name: str) -> None:
    """The page fits the phone, axe-core finds nothing serious, and a screenshot is kept."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == [], page.url
    shot(page, name)


def test_member_self_assesses_reads_and_confirms_then_the_secretary_sees_it(page: Any, world: Any) -> None:
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    today = timezone.localdate()
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=today.year - 1)
    document = library.create_document(
        actor=world.bloc_officer, keeper=world.bloc, issuer=world.bloc, number="35", symbol="KH/ĐUK", kind="plan",
        title="Học tập, quán triệt Nghị quyết Đại hội Đảng bộ Khối", issued_on=today - dt.timedelta(days=10),
        today=today,
    )  # fmt: skip
    tomorrow = today + dt.timedelta(days=1)
    meeting = meetings.schedule_meeting(
        actor=None, organization=world.cell_a1, kind=MeetingKind.THEMATIC, place="Hội trường tầng 2",
        planned_start=timezone.make_aware(dt.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 14)),
        topic="Sinh hoạt chuyên đề: học tập Nghị quyết Đại hội",
    )  # fmt: skip
    page.set_viewport_size(PHONE)
    log_in(page, "dangvien_m1")
    _checked(page, "j01-dang-vien-trang-chu")
    page.click("#home-handbook")
    page.wait_for_selector("h1:has-text('Sổ tay đảng viên')")
    _checked(page, "j02-so-tay")

    page.click("#handbook-rating")  # the self-assessment
    page.wait_for_selector("h1:has-text('Tự đánh giá, xếp loại của tôi')")
    page.fill("#id_tdg-self_review", REVIEW)
    page.select_option("#id_tdg-level", Level.GOOD.value)
    # The 100-point sheet of the 2025 rules: each criterion at 85% of its maximum, every task on time.
    total = 0
    for criterion in campaign.rule_set.as_data().params.score.criteria_for("member"):
        score = int(criterion.max_score * 85 / 100)
        page.fill(f"#id_tdg-c_{criterion.code}", str(score))
        total += score
    page.fill("#id_tdg-on_time_pct", "100")
    _checked(page, "j03-tu-danh-gia")
    page.click("#save-self-assessment")
    page.wait_for_selector(".messages .msg-success")
    rating = Rating.objects.get(campaign=campaign, member=world.m1)
    assert (rating.step, rating.self_review, rating.score) == (RatingStep.SELF_ASSESSED, REVIEW, Decimal(total))

    page.click("#nav-handbook")  # a document to read
    page.click("#handbook-library")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.click(f"#document-{document.pk} a >> nth=0")
    page.wait_for_selector("#document-heading:has-text('35-KH/ĐUK')")
    _checked(page, "j04-doc-van-ban")
    page.click("#mark-studied")
    page.wait_for_selector("#studied-on")
    assert StudyMark.objects.filter(member=world.m1, document=document).exists()

    page.click("#nav-handbook")  # the next meeting
    assert "Sinh hoạt chuyên đề" in page.inner_text("#handbook-meetings")
    page.click("#handbook-meetings")
    page.wait_for_selector(f"#moi-{meeting.pk}")
    _checked(page, "j05-sinh-hoat-cua-toi")
    page.click(f"#moi-{meeting.pk} .reply-attend")
    page.wait_for_selector(f"#reply-{meeting.pk} .reply-attend")
    assert MeetingReply.objects.get(meeting=meeting, member=world.m1).answer == "attend"
    _checked(page, "j06-da-xac-nhan")

    page.context.clear_cookies()  # the cell secretary
    log_in(page, "bithu_a1")
    page.click(".mainnav >> text=Đánh giá, xếp loại")
    page.click(f"table.campaigns a[href='/danh-gia/{campaign.pk}/'] >> nth=0")
    page.click("#own-cells >> text=Chi bộ Phòng Ngân sách")
    page.click("#cell-review-link")
    page.wait_for_selector("h1:has-text('Kiểm điểm cả chi bộ')")
    row = page.locator(f"#review-{rating.pk}")
    assert "Đã tự đánh giá" in row.inner_text() and rating.get_self_level_display() in row.inner_text()
    row.locator("summary").click()
    assert REVIEW in row.locator(".self-review-text").inner_text()
    _checked(page, "j07-bi-thu-kiem-diem")
    page.click("#nav-cell-life")
    page.click(f"#meeting-{meeting.pk} a >> nth=0")
    page.wait_for_selector(f"#reply-of-{world.m1.pk}")
    assert "Sẽ dự" in page.inner_text(f"#reply-of-{world.m1.pk}")
    _checked(page, "j08-bi-thu-buoi-sinh-hoat")
