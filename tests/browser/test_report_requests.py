"""Reports asked of lower levels in the browser, by clicking only from the home page, on a desktop and on a 390 px
phone: the bloc's organization officer asks three grassroots organizations for the yearly report; the officers of
two of them send it (file and figures); after the due date the bloc officer sees who has sent it and who is late,
and reminds the late one, whose officer then sees the reminder on the home page. The bloc's office officer, who
also receives the reports, accepts one and returns the other with a comment; the officer of the returned one reads
the comment from the home page and may send again, the accepted one's officer sees it accepted. Each page leaves a
screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.reporting import request_services
from dangbo.reporting.models import ReportRecipient, ReportRequest, ReportSubmission
from tests.factories import make_org, make_user
from tests.reporting.request_helpers import PDF, ask, upload

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def _send(page: Any, device: str, username: str, members: str, admitted: str) -> None:
    _as(page, username)
    page.click("#home-report-inbox-link")
    page.wait_for_selector("h1:has-text('Báo cáo phải gửi')")
    page.click("#inbox-table a")
    page.fill("#id_so_lieu_0", members)
    page.fill("#id_so_lieu_1", admitted)
    page.set_input_files("#id_file", {"name": "bao-cao-nam-2025.pdf", "mimeType": "application/pdf", "buffer": PDF})
    _fits(page, device)
    shot(page, f"rr03-{username}-gui-bao-cao-{device}")
    page.click("#submit-report")
    page.wait_for_selector(".messages .msg-success")
    assert page.is_visible("#version-1")
    _fits(page, device)
    shot(page, f"rr04-{username}-da-gui-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_bloc_asks_two_send_and_the_late_one_is_reminded(page: Any, world: Any, device: str, settings: Any,
                                                          tmp_path: Any) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    org_c = make_org(name="Đảng bộ Trường Cao đẳng Y tế", kind="grassroots_committee", parent=world.bloc, code="C")
    make_user("canbo_c", role=RoleKind.GRASSROOTS_OFFICER, organization=org_c)
    today = timezone.localdate()
    page.set_viewport_size(VIEWPORTS[device])

    log_in(page, "bantochuc")
    page.click("#nav-plans")
    page.wait_for_selector("#plans-requests")
    shot(page, f"rr01-ban-to-chuc-ke-hoach-bao-cao-{device}")
    page.click("#plans-requests")
    page.click("#request-new")
    page.fill("#id_year", "2025")
    page.fill("#id_title", "Báo cáo tổng kết công tác xây dựng Đảng năm 2025")
    page.fill("#id_due_on", (today + dt.timedelta(days=7)).strftime("%d/%m/%Y"))
    for unit in (world.org_a, world.org_b, org_c):
        page.check(f"input[name=units][value='{unit.pk}']")
    page.fill("#id_figures", "Số đảng viên\nSố đảng viên mới kết nạp")
    _fits(page, device)
    shot(page, f"rr02-ban-to-chuc-yeu-cau-moi-{device}")
    page.click("#request-save")
    page.wait_for_selector("h1:has-text('Báo cáo tổng kết công tác xây dựng Đảng năm 2025')")
    assert "0/3 đơn vị đã gửi, 0 đơn vị quá hạn" in page.inner_text("#request-summary")

    _send(page, device, "canbo_a", "152", "6")
    _send(page, device, "canbo_b", "87", "3")

    # Three weeks go by: the request was made 21 days ago, due 14 days later, both reports sent in time.
    request = ReportRequest.objects.get()
    ReportRequest.objects.filter(pk=request.pk).update(requested_on=today - dt.timedelta(days=21),
                                                       due_on=today - dt.timedelta(days=7))  # fmt: skip
    sent_on = today - dt.timedelta(days=9)
    ReportSubmission.objects.update(submitted_on=sent_on)
    ReportRecipient.objects.filter(status="submitted").update(submitted_on=sent_on)

    _as(page, "bantochuc")
    page.click("#nav-plans")
    page.click("#plans-requests")
    page.wait_for_selector("#requests-table")
    _fits(page, device)
    shot(page, f"rr05-ban-to-chuc-danh-sach-{device}")
    page.click(f"#request-{request.pk} a")
    page.wait_for_selector("#units-table")
    assert "2/3 đơn vị đã gửi, 1 đơn vị quá hạn" in page.inner_text("#request-summary")
    assert "Quá hạn" in page.inner_text(f"#unit-{org_c.pk}")
    unit_a = page.inner_text(f"#unit-{world.org_a.pk}")
    assert "Đã gửi" in unit_a and "152" in unit_a
    _fits(page, device)
    shot(page, f"rr06-ban-to-chuc-theo-doi-{device}")
    page.click("#remind-late")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã nhắc 1 đơn vị quá hạn" in page.inner_text(".messages")
    assert today.strftime("%d/%m/%Y") in page.inner_text(f"#unit-{org_c.pk}")
    _fits(page, device)
    shot(page, f"rr07-ban-to-chuc-da-nhac-{device}")

    _as(page, "canbo_c")
    page.wait_for_selector("#home-report-inbox")
    assert f"Cấp trên đã nhắc gửi báo cáo ngày {today.strftime('%d/%m/%Y')}" in page.inner_text("#home-report-inbox")
    _fits(page, device)
    shot(page, f"rr08-co-so-duoc-nhac-{device}")
    page.click("#home-report-inbox-link")
    page.click("#inbox-table a")
    page.wait_for_selector("#reminders")
    _fits(page, device)
    shot(page, f"rr09-co-so-trang-bao-cao-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_office_accepts_one_and_returns_the_other(page: Any, world: Any, device: str, settings: Any,
                                                  tmp_path: Any) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    request = ask(world)
    for actor, unit, members in ((world.officer, world.org_a, 152), (world.outsider, world.org_b, 87)):
        request_services.submit_report(actor=actor, request=request, organization=unit, uploaded=upload(),
                                       figures={"Số đảng viên": members, "Số đảng viên mới kết nạp": 3},
                                       today=dt.date(2026, 1, 15))  # fmt: skip
    a = ReportRecipient.objects.get(request=request, organization=world.org_a)
    b = ReportRecipient.objects.get(request=request, organization=world.org_b)
    page.set_viewport_size(VIEWPORTS[device])

    log_in(page, "vanphong")
    page.click("#nav-plans")
    page.click("#plans-requests")
    page.wait_for_selector("#requests-table")
    _fits(page, device)
    shot(page, f"rr10-van-phong-danh-sach-{device}")
    page.click(f"#request-{request.pk} a")
    page.wait_for_selector("#units-table")
    assert "2/2 đơn vị đã gửi, 0 đơn vị quá hạn" in page.inner_text("#request-summary")
    page.click(f"#accept-{a.pk}")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã tiếp nhận" in page.inner_text(f"#unit-{world.org_a.pk}")
    page.fill(f"#comment-{b.pk}", "Bổ sung số liệu của từng chi bộ trực thuộc")
    _fits(page, device)
    shot(page, f"rr11-van-phong-tra-lai-{device}")
    page.click(f"#return-{b.pk}")
    page.wait_for_selector(".messages .msg-success")
    row_b = page.inner_text(f"#unit-{world.org_b.pk}")
    assert "Bị trả lại" in row_b and "Bổ sung số liệu của từng chi bộ trực thuộc" in row_b
    _fits(page, device)
    shot(page, f"rr12-van-phong-da-tiep-nhan-tra-lai-{device}")
    assert ReportRecipient.objects.get(pk=a.pk).status == "accepted"
    assert ReportRecipient.objects.get(pk=b.pk).status == "returned"

    _as(page, "canbo_b")
    page.click("#home-report-inbox-link")
    page.click("#inbox-table a")
    page.wait_for_selector("#versions")
    assert "Bổ sung số liệu của từng chi bộ trực thuộc" in page.inner_text("#versions")
    assert page.is_visible("#submit-report")
    _fits(page, device)
    shot(page, f"rr13-co-so-bi-tra-lai-{device}")

    _as(page, "canbo_a")
    page.click("#home-report-inbox-link")
    page.click("#inbox-table a")
    page.wait_for_selector("#accepted-note")
    assert page.locator("#submit-report").count() == 0
    _fits(page, device)
    shot(page, f"rr14-co-so-da-duoc-tiep-nhan-{device}")
