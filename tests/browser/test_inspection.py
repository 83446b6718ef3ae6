"""Inspection and supervision in the browser, by clicking from the home page, on a desktop and a 390×844 phone:
the bloc's inspection officer draws up the year's programme and adds a party-finance inspection of a grassroots
organization; the grassroots inspection officer finds an overdue case and concludes it with a warning (decided
through the discipline service); the grassroots officer sets a follow-up task, records it done and closes the
case; the cell secretary adds a supervision of a member to the cell's own plan. No sideways scrolling on the
phone; dates typed dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.discipline.models import Discipline
from dangbo.inspection import services, steps
from dangbo.inspection.conclusion import conclude
from dangbo.inspection.enums import Body, CaseKind, CaseState, ConclusionResult, Stage
from dangbo.inspection.models import Case, Programme
from dangbo.inspection.services import Decision
from tests.factories import make_user
from tests.inspection.conftest import TODAY, advance

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _to_hub(page: Any) -> None:
    page.locator("nav.mainnav").get_by_role("link", name="Kiểm tra, kỷ luật", exact=True).click()
    page.click("#oversight-inspection")
    page.wait_for_selector("#case-filters")


def _programme(world: Any, organization: Any, body: str = Body.INSPECTION_COMMISSION) -> Programme:
    return services.create_programme(actor=None, organization=organization, body=body, year=2026,
                                     number="01-CTr", approved_on=dt.date(2026, 1, 5),
                                     title="Chương trình kiểm tra, giám sát năm 2026", today=TODAY)  # fmt: skip


def _violation_case(world: Any) -> Case:
    return services.open_case(
        actor=None, organization=world.org_a, body=Body.INSPECTION_COMMISSION, kind=CaseKind.SUSPECTED_VIOLATION,
        content="Kiểm tra dấu hiệu vi phạm về tiếp khách", member=world.m1, programme=_programme(world, world.org_a),
        decision=Decision(number="05-QĐ/UBKT", date=dt.date(2026, 3, 2), violation_date=dt.date(2025, 12, 1),
                          violation_form="warning"), today=TODAY,
    )  # fmt: skip


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_bloc_inspector_draws_up_the_programme_and_adds_a_case(page, world, device):  # type: ignore[no-untyped-def]
    make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "ubkt_khoi")
    _to_hub(page)
    _fits(page, device)
    shot(page, f"inspection-01-ubkt-khoi-hub-{device}")
    page.click("#new-programme")
    page.select_option("#id_organization", str(world.bloc.pk))
    page.select_option("#id_body", Body.INSPECTION_COMMISSION)
    page.fill("#id_year", "2026")
    page.fill("#id_number", "01-CTr/UBKTĐUK")
    page.fill("#id_approved_on", "05/01/2026")
    page.fill("#id_title", "Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra Đảng ủy Khối")
    _fits(page, device)
    shot(page, f"inspection-02-ubkt-khoi-lap-chuong-trinh-{device}")
    page.click("#submit")
    page.wait_for_selector("#programme-facts")
    page.click("#add-case")
    page.select_option("#id_kind", CaseKind.PARTY_FINANCE)
    page.select_option("#id_subject_organization", str(world.org_b.pk))
    page.fill("#id_content", "Kiểm tra việc thu, nộp, quản lý đảng phí năm 2025")
    page.select_option("#id_planned_month", "3")
    page.fill("#id_decision_number", "12-QĐ/UBKTĐUK")
    page.fill("#id_decision_date", "02/03/2026")
    _fits(page, device)
    shot(page, f"inspection-03-ubkt-khoi-them-cuoc-{device}")
    page.click("#submit")
    page.wait_for_selector("#case-stages")
    assert "Đảng bộ Công ty Điện lực" in page.locator("h1").inner_text()
    page.fill("#id_thong-bao-on", "04/03/2026")
    page.click("#submit-thong-bao")
    page.wait_for_selector("#step-bao-cao")
    assert "xong ngày 04/03/2026" in page.locator("#stage-notice").inner_text()
    _fits(page, device)
    shot(page, f"inspection-04-ubkt-khoi-cuoc-{device}")
    case = Case.objects.get()
    assert (case.kind, case.state, case.notice_on) == (CaseKind.PARTY_FINANCE, CaseState.IN_PROGRESS,
                                                        dt.date(2026, 3, 4))  # fmt: skip
    page.locator(".breadcrumb").get_by_role("link", name="Kiểm tra, giám sát", exact=True).click()
    page.click("#report-link")
    page.fill("#id_ngay", "31/12/2026")
    page.locator("#report-filters").get_by_role("button").click()
    page.wait_for_selector("#inspection-report")
    assert "1 / 0" in page.locator(f"#unit-{world.bloc.pk}").inner_text()
    _fits(page, device)
    shot(page, f"inspection-12-ubkt-khoi-bao-cao-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_inspector_concludes_an_overdue_case_with_a_warning(page, world, device):  # type: ignore[no-untyped-def]
    make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a)
    case = advance(_violation_case(world), until=Stage.VERIFICATION)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "ubkt_a")
    _to_hub(page)
    page.check("#id_qua_han")
    page.click("#filter-submit")
    page.wait_for_selector(f"#case-{case.pk}")
    _fits(page, device)
    shot(page, f"inspection-05-ubkt-co-so-qua-han-{device}")
    page.locator(f"#case-{case.pk}").get_by_role("link", name="Nguyễn Văn Hùng").click()
    page.wait_for_selector("#step-ket-qua")
    page.fill("#id_ket-qua-found_on", "20/03/2026")
    page.fill("#id_ket-qua-text", "Sử dụng xe công đưa đón gia đình 6 lần")
    page.check("#id_ket-qua-is_violation")
    page.click("#submit-ket-qua")
    page.wait_for_selector("#step-du-thao")
    page.fill("#id_du-thao-on", "27/03/2026")
    page.click("#submit-du-thao")
    page.wait_for_selector("#step-ket-luan")
    page.fill("#id_ket-luan-concluded_on", "01/04/2026")
    page.select_option("#id_ket-luan-result", ConclusionResult.DISCIPLINE)
    page.fill("#id_ket-luan-conclusion", "Đồng chí vi phạm quy định về sử dụng tài sản công; thi hành kỷ luật.")
    page.fill("#id_ket-luan-conclusion_number", "15-TB/UBKT")
    page.select_option("#id_ket-luan-form", "warning")
    page.fill("#id_ket-luan-decision_number", "16-QĐ/UBKT")
    page.fill("#id_ket-luan-votes_for", "5")
    page.fill("#id_ket-luan-voters_entitled", "7")
    _fits(page, device)
    shot(page, f"inspection-06-ubkt-co-so-ket-luan-{device}")
    page.click("#submit-ket-luan")
    page.wait_for_selector("#case-discipline")
    assert "Cảnh cáo: 16-QĐ/UBKT, 01/04/2026" in page.locator("#case-discipline").inner_text()
    _fits(page, device)
    shot(page, f"inspection-07-ubkt-co-so-da-ky-luat-{device}")
    assert Case.objects.get(pk=case.pk).discipline == Discipline.objects.get(member=world.m1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_grassroots_officer_follows_up_and_closes(page, world, device):  # type: ignore[no-untyped-def]
    case = advance(_violation_case(world), until=Stage.VERIFICATION)
    steps.add_finding(actor=None, case=case, found_on=dt.date(2026, 3, 20), text="Có vi phạm", is_violation=True,
                      expected_version=case.version, today=TODAY)  # fmt: skip
    case = advance(Case.objects.get(pk=case.pk), until=Stage.DRAFT)
    case = conclude(actor=None, case=case, expected_version=case.version, concluded_on=dt.date(2026, 4, 1),
                    result=ConclusionResult.REMEDY, conclusion="Yêu cầu khắc phục", today=TODAY)  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    _to_hub(page)
    page.locator(f"#case-{case.pk}").get_by_role("link", name="Nguyễn Văn Hùng").click()
    page.wait_for_selector("#step-thong-bao-ket-luan")
    page.fill("#id_thong-bao-ket-luan-on", "03/04/2026")
    page.click("#submit-thong-bao-ket-luan")
    page.wait_for_selector("#step-theo-doi")
    page.fill("#id_theo-doi-task", "Hoàn trả chi phí sử dụng xe, báo cáo chi bộ")
    page.fill("#id_theo-doi-owner", "Đồng chí Nguyễn Văn Hùng")
    page.fill("#id_theo-doi-due_on", "30/05/2026")
    page.click("#submit-theo-doi")
    page.wait_for_selector("#follow-up-table")
    item = case.follow_ups.get()
    page.fill(f"#done-{item.pk}", "25/05/2026")
    _fits(page, device)
    shot(page, f"inspection-08-co-so-theo-doi-{device}")
    page.click(f"#done-submit-{item.pk}")
    page.wait_for_selector("#step-hoan-thanh")
    page.fill("#id_hoan-thanh-on", "01/06/2026")
    page.click("#submit-hoan-thanh")
    page.wait_for_selector("#case-facts")
    assert "Đã hoàn thành" in page.locator("#case-facts").inner_text()
    _fits(page, device)
    shot(page, f"inspection-09-co-so-hoan-thanh-{device}")
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_cell_secretary_adds_a_supervision_to_the_cells_plan(page, world, device):  # type: ignore[no-untyped-def]
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    programme = _programme(world, world.cell_a1, Body.COMMITTEE)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    _to_hub(page)
    page.fill("#id_nam", "2026")
    page.click("#filter-submit")
    page.locator(f"#programme-{programme.pk}").get_by_role("link").click()
    page.wait_for_selector("#programme-facts")
    page.click("#add-case")
    page.select_option("#id_kind", CaseKind.ROUTINE_SUPERVISION)
    page.select_option("#id_member", str(world.m2.pk))
    page.fill("#id_content", "Giám sát việc thực hiện nhiệm vụ được phân công năm 2026")
    page.select_option("#id_planned_month", "6")
    _fits(page, device)
    shot(page, f"inspection-10-bi-thu-them-giam-sat-{device}")
    page.click("#submit")
    page.wait_for_selector("#step-quyet-dinh")
    assert "Đặng Thị Lan" in page.locator("h1").inner_text()
    _fits(page, device)
    shot(page, f"inspection-11-bi-thu-cuoc-{device}")
    case = Case.objects.get()
    assert (case.organization, case.state, case.planned_month) == (world.cell_a1, CaseState.PLANNED, 6)
