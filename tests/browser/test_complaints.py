"""Complaints and denunciations in the browser, by clicking only from the home page, on a desktop and a 390×844
phone: the bloc's inspection officer opens an overdue letter and its confidential writer; the grassroots
inspection officer receives a denunciation, extends it and sees the writer; the grassroots committee's officer
follows letters and records a notice without ever being offered the writer (the identity's address answers 404).
No sideways scrolling on the phone."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.complaints import services
from dangbo.complaints.enums import Channel, ComplaintKind
from dangbo.complaints.models import Complaint, Notice
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PERSON = {"full_name": "Lê Văn Tố", "address": "12 Lý Thường Kiệt", "phone": "0912 345 678", "email": "",
          "citizen_id": "001080012345"}  # fmt: skip


def _fits(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _to_complaints(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("nav.mainnav").get_by_role("link", name="Kiểm tra, kỷ luật", exact=True).click()
    page.click("#oversight-complaints")
    page.wait_for_selector("#complaints-list")


def _letter(world, **over):  # type: ignore[no-untyped-def]
    data = dict(actor=None, kind=ComplaintKind.DENUNCIATION, received_on=dt.date(2025, 9, 3), channel=Channel.POST,
                handling_organization=world.org_a, summary="Tố cáo kê khai tài sản không trung thực",
                identity=dict(PERSON), subject_member=world.m1, today=dt.date(2025, 9, 30))  # fmt: skip
    data.update(over)
    return services.receive_complaint(**data)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_bloc_inspector_opens_an_overdue_letter_and_its_writer(page, world, device):  # type: ignore[no-untyped-def]
    make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    letter = _letter(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "ubkt_khoi")
    _to_complaints(page)
    assert "90 ngày làm việc" in page.locator("#complaints-overdue").inner_text()
    _fits(page, device)
    shot(page, f"c01-ubkt-khoi-khieu-nai-{device}")
    page.locator("#complaints-overdue").get_by_role("link", name=str(letter)).click()
    page.wait_for_selector("#letter-facts")
    assert PERSON["full_name"] not in page.content()
    _fits(page, device)
    shot(page, f"c02-ubkt-khoi-don-{device}")
    page.click("#link-identity")
    page.wait_for_selector("#identity")
    assert PERSON["full_name"] in page.locator("#identity").inner_text()
    _fits(page, device)
    shot(page, f"c03-ubkt-khoi-nguoi-gui-{device}")
    page.locator(".breadcrumb").get_by_role("link", name="Khiếu nại, tố cáo").click()
    page.click("#link-report")
    page.wait_for_selector("#complaint-report")
    _fits(page, device)
    shot(page, f"c04-ubkt-khoi-bao-cao-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_inspector_receives_and_extends_a_denunciation(page, world, device):  # type: ignore[no-untyped-def]
    make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "ubkt_a")
    _to_complaints(page)
    page.click("#new-letter")
    page.wait_for_selector("#reception-form")
    page.select_option("#id_kind", "denunciation")
    page.fill("#id_received_on", "02/03/2026")
    page.select_option("#id_channel", "email")
    page.select_option("#id_subject_member", str(world.m2.pk))
    page.fill("#id_summary", "Tố cáo sử dụng xe công vào việc riêng")
    page.fill("#id_full_name", PERSON["full_name"])
    page.fill("#id_address", PERSON["address"])
    page.fill("#id_citizen_id", PERSON["citizen_id"])
    _fits(page, device)
    shot(page, f"c05-ubkt-coso-tiep-nhan-{device}")
    page.click("#submit")
    page.wait_for_selector("#letter-deadline")
    assert "Hạn giải quyết: 09/07/2026" in page.locator("#letter-deadline").inner_text()
    page.fill("#id_gia-han-working_days", "20")
    page.fill("#id_gia-han-granted_on", "01/06/2026")
    page.fill("#id_gia-han-reason", "Cần xác minh thêm tại cơ quan")
    page.click("#submit-gia-han")
    page.wait_for_selector("#letter-deadline")
    assert "đã gia hạn 20 ngày làm việc" in page.locator("#letter-deadline").inner_text()
    _fits(page, device)
    shot(page, f"c06-ubkt-coso-gia-han-{device}")
    page.click("#link-identity")
    page.wait_for_selector("#identity")
    assert PERSON["citizen_id"] in page.locator("#identity").inner_text()
    assert Complaint.objects.get().extended_days == 20


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_follows_letters_without_the_writer(page, world, device):  # type: ignore[no-untyped-def]
    letter = _letter(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    _to_complaints(page)
    page.locator("#complaint-table").get_by_role("link", name="03/09/2025").click()
    page.wait_for_selector("#letter-facts")
    assert page.locator("#link-identity").count() == 0 and PERSON["full_name"] not in page.content()
    _fits(page, device)
    shot(page, f"c07-canbo-don-khong-danh-tinh-{device}")
    response = page.goto(page.base_url + f"/khieu-nai-to-cao/{letter.pk}/danh-tinh/")
    assert response is not None and response.status == 404
    page.goto(page.base_url + "/")
    _to_complaints(page)
    page.click("#link-notices")
    page.click("#new-notice")
    page.select_option("#id_direction", "to_party")
    page.select_option("#id_event", "suspension")
    page.select_option("#id_member", str(world.m2.pk))
    page.fill("#id_other_body", "Sở Tài chính")
    page.fill("#id_event_date", "02/03/2026")
    page.fill("#id_notice_date", "12/03/2026")
    _fits(page, device)
    page.click("#submit")
    page.wait_for_selector("#late-notices")
    assert "(chậm)" in page.locator("#late-notices").inner_text()
    _fits(page, device)
    shot(page, f"c08-canbo-thong-bao-{device}")
    assert Notice.objects.count() == 1
