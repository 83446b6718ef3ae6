"""Standing records in the browser, by clicking only from the home page, on a desktop and a 390×844 phone: the
cell secretary records a temporary attachment and an exemption; the grassroots officer approves an application
to go abroad. No sideways scrolling on the phone; dates typed dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements import abroad
from dangbo.movements.models import Movement
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _to_standing(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("nav.mainnav").get_by_role("link", name="Biến động đảng viên", exact=True).click()
    page.click("#standing-link")
    page.wait_for_selector("#standing-new")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_secretary_records_a_temporary_attachment_and_an_exemption(page, world, device):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    _to_standing(page)
    _fits(page, device)
    shot(page, f"95-bithu-bien-dong-{device}")
    page.click("#new-tam-thoi-di")
    page.select_option("#id_member", str(world.m1.pk))
    page.select_option("#id_purpose", "study")
    page.fill("#id_start", "01/09/2025")
    page.fill("#id_planned_end", "31/05/2026")
    page.select_option("#id_to_organization", str(world.cell_b1.pk))
    page.fill("#id_decision_number", "15-GGT/CB")
    _fits(page, device)
    shot(page, f"96-bithu-sinh-hoat-tam-thoi-{device}")
    page.click("#submit")
    page.wait_for_selector("#standing-summary")
    assert "từ 01/09/2025 đến 31/05/2026" in page.locator("#standing-summary").inner_text()
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.TEMP_TRANSFERRED_OUT
    page.locator(".breadcrumb").get_by_role("link", name="Sinh hoạt tạm thời, miễn, đi nước ngoài, đình chỉ").click()
    page.click("#new-mien")
    page.select_option("#id_member", str(world.m2.pk))
    page.fill("#id_applied_on", "03/03/2025")
    page.fill("#id_decision_number", "05-NQ/CB")
    page.fill("#id_decision_date", "10/03/2025")
    page.fill("#id_reason", "Sức khỏe yếu, điều trị dài ngày")
    page.click("#submit")
    page.wait_for_selector("#step-bao-cao-cap-tren")
    assert "miễn công tác và sinh hoạt đảng từ 10/03/2025" in page.locator("#standing-summary").inner_text()
    page.fill("#id_bao-cao-cap-tren-on", "12/03/2025")
    page.click("#submit-bao-cao-cap-tren")
    page.wait_for_selector("#step-tro-lai")
    assert "12/03/2025" in page.locator("#standing-facts").inner_text()
    _fits(page, device)
    shot(page, f"97-bithu-mien-sinh-hoat-{device}")
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.EXEMPT


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_approves_going_abroad(page, world, device):  # type: ignore[no-untyped-def]
    m = abroad.apply_abroad(actor=None, member=world.m2, applied_on=dt.date(2025, 8, 1), country="Nhật Bản",
                            planned_start=dt.date(2025, 9, 1), planned_end=dt.date(2025, 10, 15))  # fmt: skip
    abroad.record_abroad_opinion(actor=None, movement=m, opinion_on=dt.date(2025, 8, 5), expected_version=1)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    _to_standing(page)
    page.locator("#pending-abroad").get_by_role("link", name="Đặng Thị Lan").click()
    page.wait_for_selector("#step-dong-y")
    page.fill("#id_dong-y-on", "12/08/2025")
    page.fill("#id_dong-y-decision_number", "88-CV/ĐU")
    _fits(page, device)
    shot(page, f"98-canbo-dong-y-di-nuoc-ngoai-{device}")
    page.click("#submit-dong-y")
    page.wait_for_selector("#step-xuat-canh")
    assert "12/08/2025" in page.locator("#standing-facts").inner_text()
    assert Movement.objects.get(pk=m.pk).approved_on == dt.date(2025, 8, 12)
    _fits(page, device)
    shot(page, f"99-canbo-da-dong-y-{device}")
