"""A member's meetings and notifications in the browser, by clicking only, on a 390 px phone and on a desktop.

The member opens the home page, clicks to "Sinh hoạt chi bộ của tôi", confirms the next meeting in one tap,
opens their notifications from the bell and marks them read; the cell secretary then sees the member's reply on
the meeting's page. Each step leaves a screenshot under test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingKind
from dangbo.meetings.models import MeetingReply
from dangbo.notifications.daily import run_daily
from dangbo.notifications.models import Notification
from tests.factories import make_user

from .accessibility import serious_violations
from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _no_sideways_scroll(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _touch_targets(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    for box in page.locator(selector).all():
        assert box.bounding_box()["height"] >= 44


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_member_replies_and_reads_notifications_secretary_sees_it(page, world, device):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    world.member_user.set_password("matkhau-thu-123")
    world.member_user.save()
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    meeting = services.schedule_meeting(
        actor=None, organization=world.cell_a1, kind=MeetingKind.THEMATIC, place="Hội trường tầng 2",
        planned_start=timezone.make_aware(dt.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 14)),
        topic="Học tập chuyên đề về đổi mới phương thức lãnh đạo",
    )  # fmt: skip
    run_daily(today=today)
    assert Notification.objects.filter(user=world.member_user, kind="meeting_tomorrow").exists()
    page.set_viewport_size(VIEWPORTS[device])

    log_in(page, "dangvien_m1")
    _no_sideways_scroll(page, device)
    page.click("#my-meetings-link")
    page.wait_for_selector(f"#moi-{meeting.pk}")
    _no_sideways_scroll(page, device)
    _touch_targets(page, ".reply-form button")
    assert serious_violations(page) == [], page.url
    shot(page, f"meeting-replies-{device}-1-my-meetings")
    page.click(f"#moi-{meeting.pk} .reply-attend")
    page.wait_for_selector(f"#reply-{meeting.pk} .reply-attend")
    assert MeetingReply.objects.get(meeting=meeting, member=world.m1).answer == "attend"
    assert serious_violations(page) == [], page.url
    shot(page, f"meeting-replies-{device}-2-confirmed")

    page.click("#nav-bell")
    page.wait_for_selector("#notification-list")
    _no_sideways_scroll(page, device)
    listed = page.inner_text("#notification-list")
    assert "Ngày mai sinh hoạt chi bộ" in listed and "Lúc 14:00" in listed
    assert serious_violations(page) == [], page.url
    shot(page, f"meeting-replies-{device}-3-notifications")
    page.click("#read-all")
    page.wait_for_selector(".msg-success")
    assert not Notification.objects.filter(user=world.member_user, read_at__isnull=True).exists()
    page.click("#preferences-link")
    page.wait_for_selector("#preferences-form")
    _no_sideways_scroll(page, device)
    _touch_targets(page, ".notify-check")
    assert serious_violations(page) == [], page.url
    shot(page, f"meeting-replies-{device}-4-preferences")
    page.context.clear_cookies()

    log_in(page, "bithu_a1")
    page.click("#nav-cell-life")
    page.click(f"#meeting-{meeting.pk} a >> nth=0")
    page.wait_for_selector(f"#reply-of-{world.m1.pk}")
    assert "Sẽ dự" in page.inner_text(f"#reply-of-{world.m1.pk}")
    _no_sideways_scroll(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"meeting-replies-{device}-5-secretary")
