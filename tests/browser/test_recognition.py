"""Party badges and commendations in headless Chromium, by clicking only from the home page, on a desktop and a
390×844 phone: the grassroots officer proposes the due members of an award date and opens the report; the bloc
organization officer records the award, sees it on the bloc's stored list and computes that list again; the cell
secretary records the cell's confirmation of improvement for a member held back by a discipline, who then becomes
due; a member sees their seniority and badges on their own page. No sideways scrolling on the phone; each step
leaves a screenshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.recognition import services
from dangbo.recognition.enums import BadgeState
from dangbo.recognition.models import Badge, ImprovementConfirmation
from tests.factories import make_user
from tests.recognition.conftest import admitted, discipline

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
D = dt.date


def _fits(page, device: str) -> None:  # type: ignore[no-untyped-def]
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _to_list(page, day: str) -> None:  # type: ignore[no-untyped-def]
    page.click("#nav-recognition")
    page.wait_for_selector("#award-dates")
    page.click(f"#date-{day}")
    page.wait_for_selector("#verdict-counts")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_proposes_the_due_members(page, world, device):  # type: ignore[no-untyped-def]
    due = admitted(world.cell_a1, D(1995, 5, 1), given_name="Đạt")
    blocked = admitted(world.cell_a2, D(1995, 3, 1), given_name="Bình")
    discipline(blocked, form="warning", decided=D(2025, 1, 10))
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    _to_list(page, "2025-05-19")
    row = page.locator(f"#row-{due.pk}-30")
    assert "30 năm 0 tháng 18 ngày" in row.inner_text() and "Đủ điều kiện" in row.inner_text()
    assert "đang chịu kỷ luật cảnh cáo" in page.locator(f"#row-{blocked.pk}-30").inner_text()
    _fits(page, device)
    shot(page, f"a0-huy-hieu-danh-sach-co-so-{device}")
    page.check(f"#row-{due.pk}-30 input[name=chon]")
    page.click("#propose-selected")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã đề nghị" in page.locator(f"#row-{due.pk}-30").inner_text()
    assert Badge.objects.get(member=due).state == BadgeState.PROPOSED
    _fits(page, device)
    shot(page, f"a1-huy-hieu-da-de-nghi-{device}")
    page.click("#nav-recognition")
    page.click("#open-report")
    page.fill("#id_nam", "2025")
    page.click("#report-filters button")
    page.wait_for_selector("#report-2025-05-19")
    _fits(page, device)
    shot(page, f"a2-huy-hieu-bao-cao-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_bloc_officer_records_the_award(page, world, device):  # type: ignore[no-untyped-def]
    m = admitted(world.cell_b1, D(1995, 5, 1), given_name="Tâm")
    services.propose_badge(actor=None, member=m, years=30, award_date=D(2025, 5, 19),
                           proposing_organization=world.org_b, today=D(2025, 5, 1))  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    _to_list(page, "2025-05-19")
    assert "Đã đề nghị, chờ quyết định" in page.locator(f"#row-{m.pk}-30").inner_text()
    shot(page, f"a3-huy-hieu-danh-sach-khoi-{device}")
    page.click("#open-award")
    page.wait_for_selector(f"#pending-{Badge.objects.get().pk}")
    page.fill("#id_decision_number", "125-QĐ/TU")
    page.fill("#id_decision_date", "15/05/2025")
    _fits(page, device)
    shot(page, f"a4-huy-hieu-ghi-quyet-dinh-{device}")
    page.click("#submit")
    page.wait_for_selector(".messages .msg-success")
    assert Badge.objects.get().state == BadgeState.AWARDED
    shot(page, f"a5-huy-hieu-da-ghi-{device}")
    # The bloc's list is the stored one: the award reached it once committed; it can be computed again.
    _to_list(page, "2025-05-19")
    assert "Đã tặng" in page.locator(f"#row-{m.pk}-30").inner_text()
    assert "được tính sẵn lúc" in page.locator("#list-computed").inner_text()
    page.click("#store-again")
    page.wait_for_selector("#list-stored .job")
    assert "Hoàn thành" in page.locator("#list-stored .job").inner_text()
    _fits(page, device)
    shot(page, f"a5b-huy-hieu-tinh-lai-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_cell_secretary_confirms_improvement_and_the_member_becomes_due(page, world, device):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    m = admitted(world.cell_a1, D(1995, 3, 1), given_name="Khang")
    discipline(m, form="warning", decided=D(2025, 1, 10))
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    _to_list(page, "2026-02-03")
    row = page.locator(f"#row-{m.pk}-30")
    assert "chi bộ chưa công nhận" in row.inner_text()
    _fits(page, device)
    shot(page, f"a6-huy-hieu-cho-cong-nhan-{device}")
    row.locator(".confirm-link").click()
    page.wait_for_selector("#member-form")
    page.fill("#id_confirmed_on", "20/01/2026")
    page.fill("#id_resolution", "Nghị quyết chi bộ tháng 01/2026")
    _fits(page, device)
    shot(page, f"a7-huy-hieu-cong-nhan-{device}")
    page.click("#submit")
    page.wait_for_selector("#member-recognition")
    assert ImprovementConfirmation.objects.filter(member=m).exists()
    _to_list(page, "2026-02-03")
    text = page.locator(f"#row-{m.pk}-30").inner_text()
    assert "Đủ điều kiện" in text and "Chuyển từ đợt 19/05/2025" in text
    _fits(page, device)
    shot(page, f"a8-huy-hieu-het-chan-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_member_sees_seniority_and_badges_on_their_page(page, world, device):  # type: ignore[no-untyped-def]
    Badge.objects.create(
        member=world.m1, milestone=30, milestone_day=D(2035, 5, 19), state=BadgeState.PROPOSED,
        award_date=D(2035, 5, 19), proposed_on=timezone.localdate(), proposing_organization=world.org_a,
        unit=world.cell_a1, unit_path=world.cell_a1.path,
    )  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    page.locator("nav.mainnav").get_by_role("link", name="Hồ sơ của tôi", exact=True).click()
    page.wait_for_selector("#member-recognition")
    seniority = page.locator("#member-seniority").inner_text()
    assert " năm " in seniority and " tháng " in seniority and seniority.split("(")[0].strip().endswith("ngày")
    assert "Mốc tiếp theo: Huy hiệu 40 năm tuổi đảng" in page.locator("#member-recognition").inner_text()
    assert "30 năm tuổi đảng" in page.locator("#member-badges").inner_text()
    assert page.locator("#nav-recognition").count() == 0
    _fits(page, device)
    shot(page, f"a9-huy-hieu-cua-toi-{device}")
