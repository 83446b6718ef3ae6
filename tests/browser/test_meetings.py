"""Cell life in the browser, by clicking only from the home page, on a 390 px phone and on a desktop.

The cell secretary of cell A1 (32 members) schedules a thematic meeting in the last quarter that has ended,
records it held, takes the attendance of the whole cell (everyone present by default, two exceptions, under a
minute), and then sees the cell green for that quarter on the compliance page (its three monthly meetings were
held before). A member sees their cell's next meeting and its document to read ahead. Each step leaves a
screenshot under test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.meetings import meeting_files, services
from dangbo.meetings.attendance import save_attendance
from dangbo.meetings.enums import MeetingKind
from dangbo.meetings.models import Attendance, Meeting
from tests.factories import make_member, make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def last_ended_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _no_sideways_scroll(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _cell_of_32(world: Any) -> None:
    for i in range(30):
        make_member(organization=world.cell_a1, family_name="Phạm", middle_name="Minh", given_name=f"Thành {i + 1:02d}")


def _monthly_meetings(world: Any, year: int, quarter: int) -> None:
    """The quarter's three monthly meetings, held for two hours, everyone present."""
    for month in range(3 * quarter - 2, 3 * quarter + 1):
        day = dt.date(year, month, 5)
        topic = f"Sinh hoạt thường kỳ tháng {month}"
        meeting = services.schedule_meeting(actor=None, organization=world.cell_a1, kind=MeetingKind.REGULAR,
                                            planned_start=_at(day, 8), topic=topic)  # fmt: skip
        meeting = services.record_held(actor=None, meeting=meeting, expected_version=meeting.version,
                                       started_at=_at(day, 8), ended_at=_at(day, 10))  # fmt: skip
        save_attendance(actor=None, meeting=meeting, expected_version=meeting.version, exceptions={})


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_secretary_holds_a_thematic_meeting_and_the_cell_turns_green(page, world, device):
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1, first_name="Bí thư",
              last_name="Chi bộ A1")  # fmt: skip
    _cell_of_32(world)
    year, quarter = last_ended_quarter(timezone.localdate())
    _monthly_meetings(world, year, quarter)
    day = dt.date(year, 3 * quarter, 20)
    page.set_viewport_size(VIEWPORTS[device])

    log_in(page, "bithu_a1")
    shot(page, f"80-sinh-hoat-trang-chu-{device}")
    page.locator("nav.mainnav").get_by_role("link", name="Sinh hoạt chi bộ", exact=True).click()
    page.wait_for_selector("h1:has-text('Sinh hoạt chi bộ')")
    assert page.locator("#meeting-calendar tbody tr").count() == 3
    shot(page, f"81-sinh-hoat-lich-{device}")
    _no_sideways_scroll(page, device)

    page.click("#schedule-link")
    page.wait_for_selector("h1:has-text('Lên lịch sinh hoạt')")
    assert page.locator("#id_to_chuc").input_value() == str(world.cell_a1.pk)
    page.select_option("#id_kind", "thematic")
    page.fill("#id_day", f"{day:%d/%m/%Y}")
    page.fill("#id_time", "1400")
    page.fill("#id_place", "Hội trường tầng 3")
    page.fill("#id_topic", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    page.fill("#id_agenda", "1. Khai mạc\n2. Báo cáo chuyên đề\n3. Thảo luận, liên hệ bản thân")
    shot(page, f"82-sinh-hoat-len-lich-{device}")
    _no_sideways_scroll(page, device)
    page.click("#submit")
    page.wait_for_selector("#meeting-status:has-text('Đã lên lịch')")
    assert "Đã lên lịch buổi sinh hoạt." in page.locator(".messages").inner_text()

    page.click("#held-link")
    page.wait_for_selector("h1:has-text('Ghi nhận đã tổ chức')")
    assert page.locator("#id_day").input_value() == f"{day:%d/%m/%Y}"
    assert page.locator("#id_start").input_value() == "14:00"
    page.fill("#id_end", "16:05")
    shot(page, f"83-sinh-hoat-da-to-chuc-{device}")
    page.click("#submit")
    page.wait_for_selector("#meeting-status:has-text('Đã tổ chức')")
    assert page.locator("[data-rule=length]").get_attribute("data-ok") == "1"

    page.click("#attendance-link")
    page.wait_for_selector("h1:has-text('Điểm danh')")
    started = time.monotonic()
    rows = page.locator("#att-expected > li")
    assert rows.count() == 32
    assert page.locator("#att-expected input[value=present]:checked").count() == 32
    assert page.locator("#att-count").inner_text() == "Có mặt 32/32"
    excused = page.locator("#att-expected li", has_text="Phạm Minh Thành 07")
    excused.locator("label.att-excused").click()
    excused.locator("select").select_option("work")
    unexcused = page.locator("#att-expected li", has_text="Phạm Minh Thành 21")
    unexcused.locator("label.att-unexcused").click()
    assert page.locator("#att-count").inner_text() == "Có mặt 30/32"
    shot(page, f"84-sinh-hoat-diem-danh-{device}")
    _no_sideways_scroll(page, device)
    if device == "phone":  # the save button stays in reach at the bottom of the screen
        box = page.locator("#save-attendance").bounding_box()
        assert box is not None and box["y"] + box["height"] <= VIEWPORTS["phone"]["height"]
    page.click("#save-attendance")
    page.wait_for_selector(".messages:has-text('Đã lưu điểm danh: có mặt 30/32.')")
    assert time.monotonic() - started < 60
    meeting = Meeting.objects.get(kind=MeetingKind.THEMATIC)
    assert (meeting.present_count, meeting.excused_count, meeting.unexcused_count) == (30, 1, 1)
    assert Attendance.objects.filter(meeting=meeting, reason="work").count() == 1
    assert page.locator("[data-rule=quorum]").get_attribute("data-ok") == "1"
    shot(page, f"85-sinh-hoat-da-diem-danh-{device}")
    _no_sideways_scroll(page, device)

    page.locator(".breadcrumb").get_by_role("link", name="Sinh hoạt chi bộ").click()
    page.click("#compliance-link")
    page.wait_for_selector("h1:has-text('Sinh hoạt chi bộ theo quý')")
    page.fill("#id_nam", str(year))
    page.select_option("#id_quy", str(quarter))
    page.get_by_role("button", name="Xem").click()
    page.wait_for_selector(f"#compliance-cell-title:has-text('Quý {quarter}/{year}')")
    badge = page.locator("#quy-dang-xem .kpi-badge")
    assert "kpi-green" in (badge.get_attribute("class") or ""), page.locator("#quy-dang-xem").inner_text()
    assert badge.inner_text() == "Đạt"
    shot(page, f"86-sinh-hoat-theo-quy-xanh-{device}")
    _no_sideways_scroll(page, device)


def test_attendance_by_keyboard_alone(page, world):
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    day = timezone.localdate() - dt.timedelta(days=1)
    meeting = services.schedule_meeting(actor=None, organization=world.cell_a1, kind=MeetingKind.EXTRAORDINARY,
                                        planned_start=_at(day, 8), topic="Sinh hoạt bất thường")  # fmt: skip
    log_in(page, "bithu_a1")
    page.goto(page.base_url + f"/sinh-hoat/{meeting.pk}/diem-danh/")
    first = page.locator(f"input[name='m-{world.m1.pk}'][value=present]")
    first.focus()
    page.keyboard.press("ArrowRight")  # present → absent with a reason; the reason's select takes the focus
    assert page.locator(f"input[name='m-{world.m1.pk}'][value=excused]").is_checked()
    assert page.evaluate("document.activeElement.id") == f"r-{world.m1.pk}"
    page.keyboard.press("ArrowDown")
    assert page.locator(f"#r-{world.m1.pk}").input_value() == "sick"
    page.keyboard.press("Tab")
    page.keyboard.type("Nằm viện")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages:has-text('Đã lưu điểm danh: có mặt 1/2.')")
    row = Attendance.objects.get(meeting=meeting, member=world.m1)
    assert (row.presence, row.reason, row.reason_note) == ("excused", "sick", "Nằm viện")
    shot(page, "87-sinh-hoat-diem-danh-ban-phim")


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_member_sees_the_next_meeting_and_its_document(page, world, device):
    day = timezone.localdate() + dt.timedelta(days=5)
    meeting = services.schedule_meeting(actor=None, organization=world.cell_a1, kind=MeetingKind.THEMATIC,
                                        planned_start=_at(day, 14), topic="Chuyên đề: Chỉ thị 50-CT/TW",
                                        place="Phòng họp Sở")  # fmt: skip
    meeting_files.upload_file(actor=None, meeting=meeting, kind="document",
                              uploaded=SimpleUploadedFile("Đề cương chuyên đề.pdf", PDF))  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    card = page.locator("#home-next-meeting")
    assert "Chuyên đề: Chỉ thị 50-CT/TW" in card.inner_text()
    shot(page, f"88-dang-vien-trang-chu-{device}")
    _no_sideways_scroll(page, device)
    page.locator("nav.mainnav").get_by_role("link", name="Sinh hoạt chi bộ", exact=True).click()
    upcoming = page.locator(f"#upcoming-{meeting.pk}")
    upcoming.wait_for()
    assert "Phòng họp Sở" in upcoming.inner_text() and f"{day:%d/%m/%Y} 14:00" in upcoming.inner_text()
    link = upcoming.get_by_role("link", name="Đề cương chuyên đề.pdf")
    response = page.request.get(page.base_url + (link.get_attribute("href") or ""))
    assert response.status == 200 and response.body() == PDF
    assert page.locator("#meeting-calendar").count() == 0 and page.locator("#schedule-link").count() == 0
    shot(page, f"89-dang-vien-lich-sinh-hoat-{device}")
    _no_sideways_scroll(page, device)
