"""Training in the browser, by clicking only from the home page, on a desktop and on a 390 px phone: the bloc's
propaganda officer opens a course, enrolls a cell's members and enters the results; the grassroots officer enrolls
a candidate in the awareness course, enters the certificate, and the candidacy's course step then reads it; the
cell secretary sees who in the cell still needs which course, and why; a member sees their own training record on
their page. Each page leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.training import courses
from dangbo.training.enums import CourseKind
from dangbo.training.models import Enrollment
from tests.admissions.view_helpers import proposed
from tests.factories import make_member, make_user
from tests.training.helpers import make_course, pass_with_certificate

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _open_training(page: Any) -> None:
    page.click("#nav-training")
    page.wait_for_selector("h1:has-text('Đào tạo, bồi dưỡng')")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_propaganda_officer_opens_a_course_and_enters_results(page: Any, world: Any, device: str) -> None:
    make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "tuyengiao")
    _open_training(page)
    shot(page, f"t01-tuyen-giao-dao-tao-{device}")
    page.click("#course-new")
    page.select_option("#id_kind", CourseKind.SECRETARY_REFRESHER)
    page.fill("#id_title", "Bồi dưỡng nghiệp vụ cho bí thư chi bộ 2025")
    page.select_option("#id_organizer", str(world.bloc.pk))
    page.fill("#id_starts_on", "10/03/2025")
    page.fill("#id_ends_on", "14/03/2025")
    page.fill("#id_venue", "Trung tâm Chính trị Khối")
    _fits(page, device)
    shot(page, f"t02-tuyen-giao-mo-lop-{device}")
    page.click("#course-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Bồi dưỡng nghiệp vụ cho bí thư chi bộ 2025')")
    page.select_option("#id_chi_bo", str(world.cell_a1.pk))
    page.click("#enroll-cell button[type=submit]")
    page.wait_for_selector("#enroll-form")
    page.check("label:has-text('Nguyễn Văn Hùng') input")
    shot(page, f"t03-tuyen-giao-ghi-danh-{device}")
    page.click("#enroll-form button[type=submit]")
    page.wait_for_selector("#results-table")
    e = Enrollment.objects.get(member=world.m1)
    page.select_option(f"#id_r{e.pk}_result", "passed")
    page.fill(f"#id_r{e.pk}_number", "BT-2025/001")
    page.fill(f"#id_r{e.pk}_issued_on", "17/03/2025")
    _fits(page, device)
    shot(page, f"t04-tuyen-giao-nhap-ket-qua-{device}")
    page.click("#save-results")
    page.wait_for_selector(".messages .msg-success")
    assert "có giá trị 60 tháng kể từ ngày cấp 17/03/2025, đến hết ngày 16/03/2030" in page.inner_text(
        f"#validity-{e.pk}"
    )
    _fits(page, device)
    shot(page, f"t05-tuyen-giao-da-luu-ket-qua-{device}")
    page.goto(page.base_url + "/")
    _open_training(page)
    page.click("#tab-report")
    page.fill("#id_ngay", "31/12/2025")
    page.click("#report-filters button[type=submit]")
    page.wait_for_selector("#training-report")
    _fits(page, device)
    shot(page, f"t06-tuyen-giao-bao-cao-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_grassroots_officer_records_an_awareness_certificate_that_the_admission_reads(
    page: Any, world: Any, device: str
) -> None:
    candidate = proposed(world)
    make_course(world.org_a, kind=CourseKind.AWARENESS, title="Lớp bồi dưỡng nhận thức về Đảng khóa 1/2025",
                starts_on=dt.date(2025, 4, 7), ends_on=dt.date(2025, 4, 11))  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "canbo_a")
    _open_training(page)
    page.get_by_role("link", name="Lớp bồi dưỡng nhận thức về Đảng khóa 1/2025").click()
    page.wait_for_selector("#enroll-person")
    page.fill("#id_full_name", candidate.full_name)
    page.fill("#id_birth_date", f"{candidate.birth_date:%d/%m/%Y}")
    page.fill("#id_citizen_id", candidate.citizen_id or "")
    page.select_option("#id_organization", str(world.cell_a1.pk))
    shot(page, f"t10-co-so-ghi-danh-quan-chung-{device}")
    page.click("#enroll-person button[type=submit]")
    page.wait_for_selector("#results-table")
    e = Enrollment.objects.get(citizen_id=candidate.citizen_id)
    page.select_option(f"#id_r{e.pk}_result", "passed")
    page.fill(f"#id_r{e.pk}_number", "NT-2025/015")
    page.fill(f"#id_r{e.pk}_issued_on", "14/04/2025")
    page.click("#save-results")
    page.wait_for_selector(".messages .msg-success")
    _fits(page, device)
    shot(page, f"t11-co-so-cap-giay-chung-nhan-{device}")
    page.locator("nav.mainnav").get_by_role("link", name="Kết nạp", exact=True).click()
    page.locator("table.candidates").get_by_role("link", name=candidate.full_name).click()
    page.wait_for_selector("#certificate-lookup")
    assert "Tìm thấy trong hồ sơ đào tạo: giấy chứng nhận số NT-2025/015" in page.inner_text("#certificate-lookup")
    assert page.input_value("#step-course [name='course-certificate_number']") == "NT-2025/015"
    _fits(page, device)
    shot(page, f"t12-co-so-ho-so-ket-nap-doc-giay-chung-nhan-{device}")
    page.click("#step-course button[type=submit]")
    page.wait_for_selector("#current-stage:has-text('Đã học lớp bồi dưỡng')")
    assert "Lấy từ hồ sơ đào tạo" in page.inner_text("#history")
    shot(page, f"t13-co-so-da-ghi-buoc-boi-duong-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_cell_secretary_sees_who_still_needs_which_course(page: Any, world: Any, device: str) -> None:
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    newcomer = make_member(organization=world.cell_a1, family_name="Phạm", middle_name="Thu", given_name="Trang",
                           admission_decision_date=dt.date(2025, 6, 10), ceremony_date=dt.date(2025, 6, 20),
                           full_membership_date=None, birth_date=dt.date(1999, 2, 2))  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bithu_a1")
    _open_training(page)
    assert page.locator("#course-new").count() == 0
    page.click("#tab-needs")
    page.fill("#id_ngay", "16/03/2026")
    page.click("#needs-filters button[type=submit]")
    page.wait_for_selector(f"#need-{newcomer.pk}")
    assert "Kết nạp ngày 10/06/2025" in page.inner_text(f"#need-{newcomer.pk}")
    _fits(page, device)
    shot(page, f"t20-bi-thu-can-hoc-dang-vien-moi-{device}")
    page.click("#list-ly-luan")
    page.wait_for_selector("#needs-table")
    _fits(page, device)
    shot(page, f"t21-bi-thu-can-hoc-ly-luan-{device}")
    page.click(f"#need-{newcomer.pk} a")
    page.wait_for_selector("#training-panel")
    assert page.locator("#record-qualification").count() == 0
    shot(page, f"t22-bi-thu-trang-dang-vien-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_member_sees_their_own_training_record(page: Any, world: Any, device: str) -> None:
    e = courses.enroll_member(actor=None, course=make_course(world.org_a), member=world.m1)
    pass_with_certificate(e, number="ĐVM-2025/077", issued_on=dt.date(2025, 9, 15))
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "dangvien_m1")
    assert page.locator("#nav-training").count() == 0
    page.locator("nav.mainnav").get_by_role("link", name="Hồ sơ của tôi").click()
    page.wait_for_selector("#training-panel")
    assert "ĐVM-2025/077" in page.inner_text("#training-courses")
    _fits(page, device)
    shot(page, f"t30-dang-vien-ho-so-dao-tao-{device}")
