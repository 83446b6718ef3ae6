"""Discipline in the browser, by clicking only from the home page, on a desktop and a 390×844 phone: the bloc
inspection officer records a warning (member picked as one types) and the appeal, then reads the report; the
grassroots inspection officer settles the appeal; the grassroots officer is refused a dismissal for a member
holding no post; the cell secretary records a reprimand in their cell and sees only its decisions; a member has no
discipline entry. No sideways scrolling on the phone; dates typed dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_appeal, record_discipline
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _to_discipline(page: Any, device: str) -> None:
    page.set_viewport_size(VIEWPORTS[device])
    page.locator("nav.mainnav").get_by_role("link", name="Kiểm tra, kỷ luật", exact=True).click()
    page.click("#oversight-discipline")
    page.wait_for_selector("#discipline-filters")


def _decision(world: Any, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": None, "member": world.m2, "form": "warning", "violation_date": dt.date(2025, 5, 5),
        "decision_date": dt.date(2025, 6, 2), "decision_number": "21-QĐ/ĐU", "deciding_organization": world.org_a,
        "votes_for": 8, "voters_entitled": 11, "received_on": dt.date(2025, 6, 3),
        "note": "Vi phạm quy định về những điều đảng viên không được làm.",
    }  # fmt: skip
    data.update(overrides)
    return record_discipline(**data)


def _fill(
    page: Any, *, search: str, member: Any, form: str, deciding: Any, votes: tuple[int, int], number: str
) -> None:
    """The record form: the member picked by typing, the form, the deciding level, the dates, the vote and the
    number (typed last: a click right after leaving a number box may only move the focus on a phone)."""
    page.click("#discipline-record-link")
    page.fill("#id_dang_vien_tim", search)
    page.wait_for_selector(f"input[name=dang_vien][value='{member.pk}']")
    page.check(f"input[name=dang_vien][value='{member.pk}']")
    page.select_option("#id_form", form)
    page.select_option("#id_deciding_organization", str(deciding.pk))
    page.fill("#id_violation_date", "03/03/2025")
    page.fill("#id_decision_date", "12/05/2025")
    page.fill("#id_votes_for", str(votes[0]))
    page.fill("#id_voters_entitled", str(votes[1]))
    page.fill("#id_decision_number", number)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_bloc_inspection_officer_records_a_warning_and_the_appeal(page, world, device):  # type: ignore[no-untyped-def]
    make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    log_in(page, "ubkt_khoi")
    _to_discipline(page, device)
    _fill(page, search="nguyen van hung", member=world.m1, form="warning", deciding=world.org_a, votes=(8, 11),
          number="15-QĐ/ĐU")  # fmt: skip
    page.fill("#id_received_on", "13/05/2025")
    page.fill("#id_note", "Vi phạm quy chế làm việc <b>cơ quan</b>")
    _fits(page, device)
    shot(page, f"ky-luat-01-ubkt-ghi-quyet-dinh-{device}")
    page.click("#record-submit")
    page.wait_for_selector("#discipline-verdicts")
    verdicts = page.locator("#discipline-verdicts").inner_text()
    assert "8/11 thành viên có quyền biểu quyết tán thành" in verdicts
    assert "Hạn khiếu nại: ngày 24/06/2025" in verdicts
    assert "<b>cơ quan</b>" in page.locator("#discipline-note").inner_text()
    _fits(page, device)
    shot(page, f"ky-luat-02-ubkt-quyet-dinh-{device}")
    page.fill("#id_filed_on", "20/05/2025")
    page.click("#appeal-form-submit")
    page.wait_for_selector("#settle-form")
    assert page.locator("#discipline-state").inner_text() in ("Đang khiếu nại", "Đang có hiệu lực")
    assert Discipline.objects.get(decision_number="15-QĐ/ĐU").appealed_on == dt.date(2025, 5, 20)
    page.locator(".breadcrumb").get_by_role("link", name="Kỷ luật đảng").click()
    page.click("#discipline-report-link")
    page.fill("#id_nam", "2025")
    page.click("#report-submit")
    page.wait_for_selector("#report-total")
    assert "Đảng bộ Sở Tài chính" in page.locator("#discipline-report").inner_text()
    _fits(page, device)
    shot(page, f"ky-luat-03-ubkt-bao-cao-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_inspection_officer_settles_an_appeal(page, world, device):  # type: ignore[no-untyped-def]
    d = _decision(world)
    record_appeal(actor=None, discipline=d, filed_on=dt.date(2025, 6, 10), expected_version=1)
    make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a)
    log_in(page, "ubkt_a")
    _to_discipline(page, device)
    page.select_option("#id_tinh_trang", "appealed")
    page.click("#discipline-filter-submit")
    page.locator("#discipline-table").get_by_role("link", name="Đặng Thị Lan").click()
    page.wait_for_selector("#settle-form")
    page.check("input[name=result][value=changed]")
    page.select_option("#id_new_form", "reprimand")
    page.fill("#id_decided_on", "04/08/2025")
    page.fill("#id_decision_number", "05-QĐ/UBKT")
    _fits(page, device)
    shot(page, f"ky-luat-04-ubkt-co-so-giai-quyet-{device}")
    page.click("#settle-form-submit")
    page.wait_for_selector("#discipline-state")
    assert "ban đầu: Cảnh cáo" in page.locator("#discipline-facts").inner_text()
    d.refresh_from_db()
    assert (d.form, d.original_form) == ("reprimand", "warning")
    _fits(page, device)
    shot(page, f"ky-luat-05-ubkt-co-so-da-giai-quyet-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_is_refused_a_dismissal_without_a_post(page, world, device):  # type: ignore[no-untyped-def]
    log_in(page, "canbo_a")
    _to_discipline(page, device)
    _fill(page, search="dang thi lan", member=world.m2, form="dismissal", deciding=world.org_a, votes=(9, 11),
          number="16-QĐ/ĐU")  # fmt: skip
    page.click("#record-submit")
    page.wait_for_selector(".errorlist")
    assert "không giữ chức vụ nào" in page.locator("#record-form").inner_text()
    assert not Discipline.objects.exists()
    _fits(page, device)
    shot(page, f"ky-luat-06-canbo-cach-chuc-bi-tu-choi-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_cell_secretary_records_a_reprimand_in_their_cell(page, world, device):  # type: ignore[no-untyped-def]
    _decision(world, member=world.m3, deciding_organization=world.org_b, decision_number="9-QĐ/ĐU")
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    log_in(page, "bithu_a1")
    _to_discipline(page, device)
    assert "Trần Quốc Bảo" not in page.locator("main").inner_text()
    page.click("#discipline-record-link")
    page.fill("#id_dang_vien_tim", "tran")
    page.wait_for_selector("#member-picker-results .muted")
    assert "Trần Quốc Bảo" not in page.locator("#member-picker-results").inner_text()
    page.locator(".breadcrumb").get_by_role("link", name="Kỷ luật đảng").click()
    _fill(page, search="lan", member=world.m2, form="reprimand", deciding=world.cell_a1, votes=(5, 7),
          number="02-QĐ/CB")  # fmt: skip
    _fits(page, device)
    shot(page, f"ky-luat-07-bithu-ghi-khien-trach-{device}")
    page.click("#record-submit")
    page.wait_for_selector("#discipline-verdicts")
    assert (
        "Chi bộ trực thuộc “Chi bộ Phòng Ngân sách” quyết định khiển trách, cảnh cáo"
        in page.locator("#verdict-competence").inner_text()
    )
    page.locator(".breadcrumb").get_by_role("link", name="Kỷ luật đảng").click()
    page.wait_for_selector("#discipline-table")
    assert page.locator("#discipline-table tbody tr").count() == 1
    _fits(page, device)
    shot(page, f"ky-luat-08-bithu-danh-sach-{device}")


def test_a_member_has_no_discipline_entry(page, world):  # type: ignore[no-untyped-def]
    _decision(world, member=world.m1)
    log_in(page, "dangvien_m1")
    assert page.locator("nav.mainnav").get_by_role("link", name="Kiểm tra, kỷ luật", exact=True).count() == 0
    page.goto(page.base_url + "/ky-luat/")
    assert "Nguyễn Văn Hùng" not in page.content()
