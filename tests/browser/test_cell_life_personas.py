"""Cell life for the readers and the member, by clicking only from the home page, on a desktop and a 390×844
phone: the bloc's propaganda officer and office officer reach the meeting calendar, a meeting, and the quarterly
compliance page (reading only); a member reaches their cell's meetings and "Nhiệm vụ của tôi" from the hub.
No sideways scrolling on the phone, tap targets at least 44 px, dates dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.assignments import services as tasks
from dangbo.assignments.enums import TaskKind
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingKind
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _fits(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _tappable(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator(selector).bounding_box()
    assert box is not None and box["height"] >= 44, (selector, box)


def _meeting(world, days: int, topic: str):  # type: ignore[no-untyped-def]
    day = timezone.localdate() + dt.timedelta(days=days)
    return services.schedule_meeting(actor=None, organization=world.cell_a1, kind=MeetingKind.THEMATIC,
                                     planned_start=_at(day, 14), topic=topic, place="Hội trường Sở")  # fmt: skip


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize(("role", "username"), [(RoleKind.BLOC_PROPAGANDA_OFFICER, "tuyengiao"),
                                                (RoleKind.BLOC_OFFICE_OFFICER, "vanphong")])  # fmt: skip
def test_a_bloc_reader_reaches_the_calendar_and_the_compliance_page(page, world, role, username, device):  # type: ignore[no-untyped-def]
    make_user(username, role=role, organization=world.bloc)
    meeting = _meeting(world, 3, "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    page.locator("nav.mainnav").get_by_role("link", name="Sinh hoạt chi bộ", exact=True).click()
    page.wait_for_selector("#meeting-calendar")
    calendar = page.locator("#meeting-calendar").inner_text()
    assert "Chuyên đề học tập" in calendar and f"{meeting.day:%d/%m/%Y}" in calendar
    assert page.locator("#schedule-link").count() == 0 and page.locator("#screening-link").count() == 0
    _fits(page, device)
    _tappable(page, "#compliance-link")
    shot(page, f"90-{username}-lich-sinh-hoat-{device}")
    page.locator("#meeting-calendar").get_by_role("link", name="Chuyên đề học tập", exact=False).first.click()
    page.wait_for_selector("h1")
    body = page.locator("main").inner_text()
    assert "Hội trường Sở" in body and "Sửa kế hoạch" not in body  # reading only
    _fits(page, device)
    shot(page, f"91-{username}-buoi-sinh-hoat-{device}")
    page.go_back()
    page.click("#compliance-link")
    page.wait_for_selector("h1:has-text('Sinh hoạt chi bộ theo quý')")
    assert "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh — Quý" in page.locator("main").inner_text()
    _fits(page, device)
    shot(page, f"92-{username}-theo-quy-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_member_reaches_their_meetings_and_their_tasks_from_the_hub(page, world, device):  # type: ignore[no-untyped-def]
    meeting = _meeting(world, 4, "Sinh hoạt chuyên đề quý")
    today = timezone.localdate()
    tasks.assign_task(actor=None, cell=world.cell_a1, members=[world.m1], title="Phụ trách tuyên truyền của phòng",
                      kind=TaskKind.PARTY_WORK, assigned_on=today.replace(month=1, day=2),
                      deadline=today.replace(month=12, day=31))  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    page.locator("nav.mainnav").get_by_role("link", name="Sinh hoạt chi bộ", exact=True).click()
    page.wait_for_selector(f"#upcoming-{meeting.pk}")
    assert f"{meeting.day:%d/%m/%Y} 14:00" in page.locator(f"#upcoming-{meeting.pk}").inner_text()
    _fits(page, device)
    _tappable(page, "#own-tasks-link")
    shot(page, f"93-dang-vien-hub-sinh-hoat-{device}")
    page.click("#own-tasks-link")
    page.wait_for_selector("h1:has-text('Nhiệm vụ của tôi')")
    body = page.locator("main").inner_text()
    assert "Phụ trách tuyên truyền của phòng" in body and f"31/12/{today.year}" in body
    _fits(page, device)
    shot(page, f"94-dang-vien-nhiem-vu-tu-hub-{device}")
