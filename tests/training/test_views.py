"""The training pages for each persona: the propaganda officer of the bloc and the grassroots officer manage, the
cell secretary reads their cell, a member sees their own record on their page, an officer of another unit is
refused (404, logged). Every refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.training import courses
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Course, Enrollment, Qualification
from dangbo.training.qualifications import record_qualification

from ..conftest import login
from ..factories import make_member, make_user
from .helpers import counts, make_course, pass_with_certificate


@pytest.fixture
def propaganda(world):
    return login(make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc))


@pytest.fixture
def secretary(world):
    return login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))


def _denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def test_hub_lists_courses_and_needs_for_the_grassroots_officer(world, as_officer):
    make_course(world.org_a)
    html = as_officer.get(reverse("training:home")).content.decode()
    assert "Lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới 09/2025" in html
    assert 'id="course-new"' in html and 'id="needs-summary"' in html


def test_outsider_does_not_see_the_course_and_is_refused_with_404_and_logged(world, as_outsider):
    course = make_course(world.org_a)
    assert "đảng viên mới 09/2025" not in as_outsider.get(reverse("training:home")).content.decode()
    before = _denied()
    assert as_outsider.get(reverse("training:course", args=[course.pk])).status_code == 404
    assert _denied() == before + 1


def test_outsider_organization_filter_is_404_and_logged(world, as_officer):
    before = _denied()
    assert as_officer.get(reverse("training:home"), {"to_chuc": world.org_b.pk}).status_code == 404
    assert _denied() == before + 1


def test_member_without_rights_has_no_hub(world, as_member):
    assert as_member.get(reverse("training:home")).status_code == 403


def test_secretary_sees_only_their_cells_people_in_a_bloc_course(world, secretary):
    course = make_course(world.bloc)
    courses.enroll_member(actor=None, course=course, member=world.m1)
    courses.enroll_member(actor=None, course=course, member=world.m3)
    html = secretary.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "Nguyễn Văn Hùng" in html and "Trần Quốc Bảo" not in html
    assert 'id="course-edit"' not in html and 'id="ghi-danh"' not in html


def test_propaganda_officer_opens_a_course(world, propaganda):
    response = propaganda.post(reverse("training:course_new"), {
        "kind": CourseKind.SECRETARY_REFRESHER, "title": "Bồi dưỡng bí thư chi bộ 2025", "organizer": world.bloc.pk,
        "starts_on": "10/03/2025", "ends_on": "14/03/2025", "venue": "", "note": "",
    })  # fmt: skip
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training:course", args=[course.pk])


def test_course_form_refuses_an_end_before_the_start_and_writes_nothing(world, as_officer):
    before = counts()
    response = as_officer.post(reverse("training:course_new"), {
        "kind": CourseKind.NEW_MEMBER, "title": "Lớp", "organizer": world.org_a.pk, "starts_on": "10/03/2025",
        "ends_on": "01/03/2025",
    })  # fmt: skip
    assert "Ngày bế giảng (01/03/2025) không được trước ngày khai giảng (10/03/2025)." in response.content.decode()
    assert counts() == before


def test_course_form_refuses_an_absurd_date(world, as_officer):
    before = counts()
    response = as_officer.post(reverse("training:course_new"), {
        "kind": CourseKind.NEW_MEMBER, "title": "Lớp", "organizer": world.org_a.pk, "starts_on": "10/03/0001",
        "ends_on": "01/03/2025",
    })  # fmt: skip
    assert response.status_code == 200 and "Ngày không được trước 03/02/1930." in response.content.decode()
    assert counts() == before


def test_outsider_cannot_open_a_course_for_another_unit(world, as_outsider):
    before = counts()
    response = as_outsider.post(reverse("training:course_new"), {
        "kind": CourseKind.NEW_MEMBER, "title": "Lớp", "organizer": world.org_a.pk, "starts_on": "10/03/2025",
        "ends_on": "11/03/2025",
    })  # fmt: skip
    assert response.status_code == 200
    assert counts() == before
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").count() == 1


def test_enroll_members_of_a_cell_then_record_results(world, as_officer):
    course = make_course(world.org_a)
    url = reverse("training:enroll_members", args=[course.pk]) + f"?chi_bo={world.cell_a1.pk}"
    assert "Đặng Thị Lan" in as_officer.get(url).content.decode()
    as_officer.post(url, {"members": [world.m1.pk, world.m2.pk]})
    assert Enrollment.objects.filter(course=course).count() == 2
    e1, e2 = Enrollment.objects.filter(course=course).order_by("member_id")
    data = {
        f"r{e1.pk}_version": e1.version, f"r{e1.pk}_result": Result.PASSED, f"r{e1.pk}_number": "ĐVM-01",
        f"r{e1.pk}_issued_on": "15/09/2025", f"r{e2.pk}_version": e2.version, f"r{e2.pk}_result": Result.ABSENT,
    }  # fmt: skip
    response = as_officer.post(reverse("training:results", args=[course.pk]), data)
    assert response.status_code == 302
    e1.refresh_from_db()
    assert e1.result == Result.PASSED and e1.certificate.number == "ĐVM-01"


def test_enrolling_a_member_out_of_scope_is_404_and_logged(world, as_officer):
    course = make_course(world.org_a)
    url = reverse("training:enroll_members", args=[course.pk]) + f"?chi_bo={world.cell_a1.pk}"
    before, denied = counts(), _denied()
    assert as_officer.post(url, {"members": [world.m3.pk]}).status_code == 404
    assert counts() == before and _denied() == denied + 1


def test_cell_out_of_scope_in_the_enroll_address_is_404_and_logged(world, as_officer):
    course = make_course(world.org_a)
    denied = _denied()
    url = reverse("training:enroll_members", args=[course.pk]) + f"?chi_bo={world.cell_b1.pk}"
    assert as_officer.get(url).status_code == 404
    assert _denied() == denied + 1


def test_results_with_a_stale_version_are_409_and_nothing_written(world, as_officer):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    response = as_officer.post(reverse("training:results", args=[course.pk]),
                               {f"r{e.pk}_version": e.version + 1, f"r{e.pk}_result": Result.PASSED})  # fmt: skip
    assert response.status_code == 409
    assert "Bản ghi đã được người khác sửa" in response.content.decode()
    assert counts() == before


def test_a_certificate_after_its_expiry_is_refused_on_the_page(world, as_officer):
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    response = as_officer.post(reverse("training:results", args=[course.pk]), {
        f"r{e.pk}_version": e.version, f"r{e.pk}_result": Result.PASSED, f"r{e.pk}_number": "BT-1",
        f"r{e.pk}_issued_on": "20/09/2025", f"r{e.pk}_valid_until": "19/09/2025",
    })  # fmt: skip
    assert response.status_code == 400
    assert ("Nguyễn Văn Hùng: giấy chứng nhận cấp ngày 20/09/2025, sau ngày hết hạn (19/09/2025)."
            in response.content.decode())  # fmt: skip
    assert counts() == before


def test_html_in_names_reaches_the_page_escaped(world, as_officer):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS, title="<script>alert(1)</script>")
    response = as_officer.post(reverse("training:enroll_person", args=[course.pk]), {
        "full_name": "<b>Lê</b> =HYPERLINK(\"x\")", "birth_date": "01/03/2000", "citizen_id": "",
        "organization": world.cell_a1.pk,
    })  # fmt: skip
    assert response.status_code == 302
    html = as_officer.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Lê</b>" not in html and "&lt;b&gt;Lê&lt;/b&gt;" in html


def test_member_sees_their_own_training_panel(world, as_member):
    e = courses.enroll_member(actor=None, course=make_course(world.org_a), member=world.m1)
    pass_with_certificate(e, number="ĐVM-77")
    html = as_member.get(reverse("members:detail", args=[world.m1.pk])).content.decode()
    assert 'id="training-panel"' in html and "ĐVM-77" in html
    assert 'id="record-qualification"' not in html


def test_officer_records_a_qualification_from_the_member_page(world, as_officer):
    html = as_officer.get(reverse("members:detail", args=[world.m2.pk])).content.decode()
    assert 'id="record-qualification"' in html
    response = as_officer.post(reverse("training:qualification_new", args=[world.m2.pk]), {
        "version": world.m2.version, "level": "intermediate", "certificate_number": "TC-2019-55",
        "issued_on": "20/06/2019", "institution": "Trường Chính trị tỉnh",
    })  # fmt: skip
    assert response.status_code == 302
    world.m2.refresh_from_db()
    assert world.m2.political_theory_level == "intermediate"


def test_qualification_for_a_member_out_of_scope_is_404_and_logged(world, as_officer):
    before, denied = counts(), _denied()
    response = as_officer.post(reverse("training:qualification_new", args=[world.m3.pk]), {
        "version": world.m3.version, "level": "elementary", "certificate_number": "SC-1", "issued_on": "01/06/2019",
        "institution": "Trung tâm chính trị",
    })  # fmt: skip
    assert response.status_code == 404
    assert counts() == before and _denied() == denied + 1
    assert not Qualification.objects.exists()


def test_needs_lists_explain_each_row(world, as_officer):
    world.m2.admission_decision_date = dt.date(2025, 1, 10)
    world.m2.save(update_fields=["admission_decision_date"])
    html = as_officer.get(reverse("training:needs", args=["dang-vien-moi"]), {"ngay": "16/03/2026"}).content.decode()
    assert "Đặng Thị Lan" in html and "Kết nạp ngày 10/01/2025" in html
    assert "Quy định 54-QĐ/TW (1999)" in html


def test_report_and_export(world, as_officer):
    make_course(world.org_a, title="=1+1")
    html = as_officer.get(reverse("training:report"), {"ngay": "31/12/2025"}).content.decode()
    assert 'id="training-report"' in html
    response = as_officer.get(reverse("training:report_export"), {"ngay": "31/12/2025"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="training.report.exported").count() == 1


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _qualify(member, level, number) -> None:
    member.refresh_from_db()
    record_qualification(actor=None, member=member, expected_version=member.version, level=level,
                         certificate_number=number, issued_on=dt.date(2015, 1, 1), institution="Trường")  # fmt: skip


def test_list_pages_cost_the_same_for_one_row_and_three(world, as_officer):
    pages = [(reverse("training:home"), None), (reverse("training:qualifications"), None),
             (reverse("training:needs", args=["ly-luan"]), {"ngay": "16/03/2026"})]  # fmt: skip
    make_course(world.org_a, title="Lớp 1")
    _qualify(world.m1, "elementary", "SC-1")
    make_member(organization=world.cell_a1, given_name="Một")
    one = [_queries(as_officer, url, params) for url, params in pages]
    make_course(world.org_a, title="Lớp 2")
    make_course(world.org_a, title="Lớp 3")
    _qualify(world.m1, "intermediate", "TC-1")
    _qualify(world.m2, "elementary", "SC-2")
    make_member(organization=world.cell_a1, given_name="Hai")
    make_member(organization=world.cell_a2, given_name="Ba")
    assert [_queries(as_officer, url, params) for url, params in pages] == one


def test_the_hub_in_english(world, as_officer):
    as_officer.cookies["django_language"] = "en"
    html = as_officer.get(reverse("training:home")).content.decode()
    assert "Who needs which course" in html and "Open a course" in html
