"""What the operations work shows the officers, by clicking only from their home page, on a desktop and on a
390 px phone: an export whose job failed is run again with the "Chạy lại" button and downloaded; the audit log of
a year archived is found again by ticking "Kể cả nhật ký đã lưu trữ"."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import openpyxl
import pytest
from django.utils import timezone

from dangbo.core import jobs
from dangbo.core.audit import log_action
from dangbo.core.audit_archive import archive_year
from dangbo.core.models import AuditArchive, BackgroundJob
from dangbo.members.exports import JOB_KIND

from .accessibility import serious_violations
from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _open_menu_link(page: Any, name: str) -> None:
    page.locator("nav.mainnav").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_a_failed_export_is_run_again_from_its_page(page: Any, world: Any, settings: Any, device: str) -> None:
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 0  # every export goes through a job
    handler = jobs._HANDLERS[JOB_KIND]
    calls = {"n": 0}

    def fails_once(job: BackgroundJob, progress: jobs.JobProgress) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("ổ đĩa tạm thời không ghi được")
        return handler(job, progress)

    page.set_viewport_size(VIEWPORTS[device])
    with mock.patch.dict(jobs._HANDLERS, {JOB_KIND: fails_once}):
        log_in(page, "canbo_a")
        _open_menu_link(page, "Đảng viên")
        page.click("text=Xuất Excel")
        page.click("text=Bắt đầu xuất")
        page.wait_for_selector("button:has-text('Chạy lại')")
        failed = BackgroundJob.objects.get(kind=JOB_KIND)
        assert failed.state == BackgroundJob.State.FAILED
        _fits(page, device)
        assert serious_violations(page) == [], page.url
        shot(page, f"van-hanh-01-xuat-loi-{device}")
        page.click("button:has-text('Chạy lại')")
        with page.expect_download() as info:
            page.click("text=Tải tệp kết quả")
    again = BackgroundJob.objects.exclude(pk=failed.pk).get(kind=JOB_KIND)
    assert again.state == BackgroundJob.State.DONE and again.params == failed.params and calls["n"] == 2
    with open(info.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    names = {str(row[2].value) for row in sheet.iter_rows() if row[2].value}
    assert {"Hùng", "Lan"} <= names, names
    _fits(page, device)
    shot(page, f"van-hanh-02-xuat-lai-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_an_archived_year_is_found_again_in_the_audit_log(page: Any, world: Any, device: str) -> None:
    when = timezone.make_aware(dt.datetime(2024, 5, 10, 9, 0), timezone.get_default_timezone())
    with mock.patch("django.utils.timezone.now", return_value=when):
        log_action(
            "members.member.viewed", actor=world.officer, object_type="member", object_id=world.m1.pk,
            object_repr="Nguyễn Văn Hùng", scope_path=world.cell_a1.path, data={"path": "/dang-vien/"},
        )  # fmt: skip
    assert archive_year(year=2024, today=dt.date(2026, 3, 10)) == 1
    assert AuditArchive.objects.count() == 1

    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    _open_menu_link(page, "Nhật ký")
    page.fill("#id_since", "01/05/2024")
    page.fill("#id_until", "31/05/2024")
    page.click("button:has-text('Lọc')")
    page.wait_for_selector("text=Nhật ký đến hết ngày 10/05/2024 đã được lưu trữ")  # its last archived entry
    assert page.locator("table.audit").count() == 0
    page.check("#id_archived")
    page.click("button:has-text('Lọc')")
    page.wait_for_selector("table.audit >> text=đã lưu trữ")
    assert "10/05/2024" in page.inner_text("table.audit") and "Nguyễn Văn Hùng" in page.inner_text("table.audit")
    shot(page, f"van-hanh-03-nhat-ky-luu-tru-{device}")
    _fits(page, device)
    assert serious_violations(page) == [], page.url
    shot(page, f"van-hanh-03-nhat-ky-luu-tru-{device}")
