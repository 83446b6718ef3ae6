"""Each persona who works on admissions, by clicking only from the home page, on a desktop and on a 390 px phone:
the cell secretary records the awareness course of a candidate of their cell; the grassroots officer follows the
home card of admission deadlines to an overdue ceremony and records it; the bloc organization officer picks the
candidates awaiting a decision by their stage count and records the decision; the inspection officer reads the
list and a candidacy without any step to take. Each page leaves a screenshot."""

from __future__ import annotations

import pytest

from dangbo.accounts.enums import RoleKind
from tests.admissions.view_helpers import advanced, proposed
from tests.factories import make_user

from .conftest import log_in, shot
from .test_admissions_journey import VIEWPORTS, _no_sideways_scroll, _open_admissions, _save_step

pytestmark = pytest.mark.browser


def _open_candidate(page, name: str = "Lý Thu Hà") -> None:  # type: ignore[no-untyped-def]
    page.locator("table.candidates").get_by_role("link", name=name).click()
    page.wait_for_selector(f"h1:has-text('{name}')")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_cell_secretary_records_the_course(page, world, device):
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    proposed(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    assert page.locator("#home-admissions").is_visible()
    assert page.locator("#home-admissions-quotas").count() == 0  # quotas are the grassroots organization's
    shot(page, f"80-bi-thu-trang-chu-ket-nap-{device}")
    page.click("#home-admissions-link")
    page.wait_for_selector("h1:has-text('Kết nạp đảng viên')")
    assert page.locator("#quotas-link").count() == 0
    shot(page, f"81-bi-thu-danh-sach-ket-nap-{device}")
    _no_sideways_scroll(page, device)
    _open_candidate(page)
    assert "Cần có" in page.locator("#next-step").inner_text()
    assert page.locator("#next-checks li[data-rule='age'][data-ok='1']").is_visible()
    shot(page, f"82-bi-thu-ho-so-{device}")
    _no_sideways_scroll(page, device)
    _save_step(page, "course", {"certificate_number": "GCN-7/2024", "course_passed_on": "15/01/2024"},
               "Đã học lớp bồi dưỡng")  # fmt: skip
    assert "Còn thiếu" in page.locator("#dossier-certificate").inner_text()
    shot(page, f"83-bi-thu-da-ghi-lop-boi-duong-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_grassroots_officer_follows_the_home_card_to_an_overdue_ceremony(page, world, device):
    advanced(world, proposed(world), 7)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    card = page.locator("#home-admissions")
    assert "Lý Thu Hà" in card.inner_text() and "Đã quá hạn" in card.inner_text()
    shot(page, f"84-canbo-the-viec-ket-nap-{device}")
    page.click("#home-admissions-deadlines")
    page.wait_for_selector("h1:has-text('Việc kết nạp đến hạn')")
    assert "Lý Thu Hà" in page.locator("#overdue").inner_text()
    shot(page, f"85-canbo-viec-den-han-{device}")
    _no_sideways_scroll(page, device)
    page.locator("#overdue").get_by_role("link", name="Lý Thu Hà").click()
    page.wait_for_selector("h1:has-text('Lý Thu Hà')")
    _save_step(page, "ceremony", {"ceremony_on": "15/04/2024"}, "Đảng viên dự bị")
    assert page.locator("#member-link").is_visible()
    shot(page, f"86-canbo-da-ghi-le-ket-nap-{device}")
    _no_sideways_scroll(page, device)
    _quotas_from_home(page, device, "canbo", "Đảng bộ Sở Tài chính")


def _quotas_from_home(page, device: str, who: str, unit: str) -> None:  # type: ignore[no-untyped-def]
    """From any page: the brand link home, then the admission card's link to the quota page."""
    page.locator("a.brand").click()
    page.click("#home-admissions-quotas")
    page.wait_for_selector("h1:has-text('Chỉ tiêu kết nạp đảng viên')")
    assert unit in page.locator("#theo-don-vi").inner_text()
    shot(page, f"8q-{who}-chi-tieu-ket-nap-{device}")
    _no_sideways_scroll(page, device)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_bloc_officer_decides_a_candidate_found_by_stage(page, world, device):
    advanced(world, proposed(world), 6)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    _open_admissions(page)
    page.locator(".stage-counts").get_by_role("link", name="Đảng ủy cơ sở đã đề nghị").click()
    page.wait_for_selector(".stage-counts a[aria-current]")
    shot(page, f"87-ban-to-chuc-loc-giai-doan-{device}")
    _no_sideways_scroll(page, device)
    _open_candidate(page)
    _save_step(page, "decision", {"decided_on": "01/04/2024", "decision_number": "345-QĐ/ĐUK",
                                  "decision_received_on": "03/04/2024"}, "Đã có quyết định kết nạp")  # fmt: skip
    shot(page, f"88-ban-to-chuc-da-quyet-dinh-{device}")
    _no_sideways_scroll(page, device)
    _quotas_from_home(page, device, "ban-to-chuc", "Đảng bộ Công ty Điện lực")
    page.locator("a.brand").click()
    page.click("#home-admissions-deadlines")
    page.wait_for_selector("h1:has-text('Việc kết nạp đến hạn')")
    assert "Chi bộ Phòng Ngân sách — Đảng bộ Sở Tài chính" in page.locator("main").inner_text()
    shot(page, f"8r-ban-to-chuc-viec-den-han-{device}")
    _no_sideways_scroll(page, device)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_inspection_officer_reads_without_steps(page, world, device):
    make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    proposed(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "kiemtra")
    _open_admissions(page)
    assert page.locator("#propose-link").count() == 0
    _open_candidate(page)
    assert page.locator("form.step-form").count() == 0
    assert page.locator("#dossier-upload").count() == 0
    shot(page, f"89-kiem-tra-doc-ho-so-{device}")
    _no_sideways_scroll(page, device)
