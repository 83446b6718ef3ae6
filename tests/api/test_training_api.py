"""The training API: the same scopes, refusals and audit as the pages. Every refusal answers the Vietnamese
message and writes nothing; an id outside the scope (URL, filter, body) is 404 and logged."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.training import courses
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Enrollment, Qualification

from ..factories import make_user
from ..training.helpers import counts, make_course

BASE = "/api/v1/training"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def officer(world):
    return client_for(world.officer)


@pytest.fixture
def outsider(world):
    return client_for(world.outsider)


def _denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


def _error(response) -> str:
    body = response.json()
    return body.get("detail") or str(body)


def test_courses_list_is_scoped(world, officer, outsider):
    course = make_course(world.org_a)
    assert [c["id"] for c in officer.get(f"{BASE}/courses/").json()["results"]] == [course.pk]
    assert outsider.get(f"{BASE}/courses/").json()["results"] == []
    denied = _denied()
    assert outsider.get(f"{BASE}/courses/{course.pk}/").status_code == 404
    assert _denied() == denied + 1


def test_open_a_course_and_refuse_dates_out_of_order(world, officer):
    ok = officer.post(
        f"{BASE}/courses/",
        {
            "kind": "new_member",
            "title": "Lớp ĐVM",
            "organizer": world.org_a.pk,
            "starts_on": "2025-09-08",
            "ends_on": "2025-09-12",
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "new_member"
    before = counts()
    bad = officer.post(
        f"{BASE}/courses/",
        {
            "kind": "new_member",
            "title": "Lớp",
            "organizer": world.org_a.pk,
            "starts_on": "2025-09-08",
            "ends_on": "2025-09-01",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "Ngày bế giảng (01/09/2025) không được trước ngày khai giảng (08/09/2025)." in _error(bad)
    assert counts() == before


def test_organizer_out_of_scope_in_the_body_is_404_and_logged(world, outsider):
    before, denied = counts(), _denied()
    response = outsider.post(
        f"{BASE}/courses/",
        {
            "kind": "other",
            "title": "Lớp",
            "organizer": world.org_a.pk,
            "starts_on": "2025-09-08",
            "ends_on": "2025-09-12",
        },
        format="json",
    )
    assert response.status_code == 404
    assert counts() == before and _denied() == denied + 1


def test_enroll_twice_is_refused(world, officer):
    course = make_course(world.org_a)
    assert (
        officer.post(f"{BASE}/enrollments/", {"course": course.pk, "member": world.m1.pk}, format="json").status_code
        == 201
    )
    before = counts()
    again = officer.post(f"{BASE}/enrollments/", {"course": course.pk, "member": world.m1.pk}, format="json")
    assert again.status_code == 400 and "Đảng viên Nguyễn Văn Hùng đã có tên trong lớp này." in _error(again)
    assert counts() == before


def test_member_out_of_scope_in_the_body_is_404_and_logged(world, officer):
    course = make_course(world.org_a)
    before, denied = counts(), _denied()
    response = officer.post(f"{BASE}/enrollments/", {"course": course.pk, "member": world.m3.pk}, format="json")
    assert response.status_code == 404
    assert counts() == before and _denied() == denied + 1


def test_results_for_someone_not_enrolled_are_refused(world, officer):
    course, other = make_course(world.org_a), make_course(world.org_a, title="Lớp khác")
    stranger = courses.enroll_member(actor=None, course=other, member=world.m2)
    before = counts()
    response = officer.post(
        f"{BASE}/courses/{course.pk}/results/",
        {"rows": [{"enrollment": stranger.pk, "expected_version": stranger.version, "result": "passed"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "Dòng 1: người này không có tên trong danh sách học viên của lớp" in _error(response)
    assert counts() == before


def test_results_with_a_certificate_after_its_expiry_are_refused(world, officer):
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    response = officer.post(
        f"{BASE}/courses/{course.pk}/results/",
        {
            "rows": [
                {
                    "enrollment": e.pk,
                    "expected_version": e.version,
                    "result": "passed",
                    "certificate_number": "BT-1",
                    "issued_on": "2025-09-20",
                    "valid_until": "2025-09-19",
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "giấy chứng nhận cấp ngày 20/09/2025, sau ngày hết hạn (19/09/2025)." in _error(response)
    assert counts() == before


def test_results_saved_and_stale_version_is_409(world, officer):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = {"enrollment": e.pk, "expected_version": e.version, "result": "passed", "certificate_number": "Đ-1",
           "issued_on": "2025-09-15"}  # fmt: skip
    ok = officer.post(f"{BASE}/courses/{course.pk}/results/", {"rows": [row]}, format="json")
    assert ok.status_code == 200 and ok.json()[0]["certificate"]["number"] == "Đ-1"
    assert Enrollment.objects.get().result == Result.PASSED
    before = counts()
    stale = officer.post(f"{BASE}/courses/{course.pk}/results/", {"rows": [{**row, "result": "failed"}]},
                         format="json")  # fmt: skip
    assert stale.status_code == 409 and counts() == before


def test_read_only_officer_cannot_write(world):
    course = make_course(world.org_a)
    bloc = client_for(world.bloc_officer)  # the organization board sees members but does not manage training
    assert bloc.get(f"{BASE}/courses/{course.pk}/").status_code == 200
    response = bloc.patch(f"{BASE}/courses/{course.pk}/", {"title": "x", "expected_version": 1}, format="json")
    assert response.status_code == 403


def test_propaganda_officer_records_a_qualification_and_the_level_rises(world):
    client = client_for(make_user("tg", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc))
    response = client.post(
        f"{BASE}/qualifications/",
        {
            "member": world.m3.pk,
            "expected_version": world.m3.version,
            "level": "advanced",
            "certificate_number": "CC-2020-9",
            "issued_on": "2020-12-30",
            "institution": "Học viện Chính trị khu vực I",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["level"] == "advanced"
    world.m3.refresh_from_db()
    assert world.m3.political_theory_level == "advanced"
    stale = client.post(
        f"{BASE}/qualifications/",
        {
            "member": world.m3.pk,
            "expected_version": 1,
            "level": "elementary",
            "certificate_number": "SC",
            "issued_on": "2010-12-30",
            "institution": "Trung tâm",
        },
        format="json",
    )
    assert stale.status_code == 409
    assert Qualification.objects.count() == 1


def test_qualification_filters_out_of_scope_member_is_404_and_logged(world, officer):
    denied = _denied()
    assert officer.get(f"{BASE}/qualifications/", {"member": world.m3.pk}).status_code == 404
    assert _denied() == denied + 1


def test_absurd_dates_are_refused(world, officer):
    before = counts()
    response = officer.post(
        f"{BASE}/courses/",
        {
            "kind": "other",
            "title": "Lớp",
            "organizer": world.org_a.pk,
            "starts_on": "1800-01-01",
            "ends_on": "1800-01-02",
        },
        format="json",
    )
    assert response.status_code == 400 and "Ngày khai giảng không được trước ngày 03/02/1930." in _error(response)
    assert counts() == before
    assert dt.date(1800, 1, 1) < dt.date(1930, 2, 3)


def test_course_edit_with_a_stale_version_is_409_and_nothing_written(world, officer):
    course = make_course(world.org_a)
    ok = officer.patch(f"{BASE}/courses/{course.pk}/", {"title": "Lớp mới", "expected_version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    before = counts()
    stale = officer.patch(f"{BASE}/courses/{course.pk}/", {"title": "Lớp cũ", "expected_version": 1}, format="json")
    assert stale.status_code == 409 and counts() == before


def test_remove_an_enrollment_only_while_it_has_no_result(world, officer):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    assert officer.post(f"{BASE}/enrollments/{e.pk}/remove/", {"expected_version": e.version},
                        format="json").status_code == 200  # fmt: skip
    assert not Enrollment.objects.exists()


def test_a_person_with_an_absurd_birth_date_is_refused(world, officer):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS)
    before = counts()
    response = officer.post(f"{BASE}/enrollments/", {"course": course.pk, "full_name": "<b>Lê</b>",
                                                     "birth_date": "1800-01-01", "organization": world.cell_a1.pk},
                            format="json")  # fmt: skip
    assert response.status_code == 400 and "Ngày sinh không được trước 01/01/1900." in _error(response)
    assert counts() == before
