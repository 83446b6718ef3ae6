"""Courses, enrollments, results and certificates through the services: what they write, what they refuse (with
the message, and nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.training import courses, results
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Enrollment
from dangbo.training.results import ResultRow

from .helpers import TODAY, counts, make_course, pass_with_certificate


def test_create_course_writes_one_audit_entry(world):
    course = make_course(world.org_a)
    assert course.path == world.org_a.path
    assert list(AuditEntry.objects.filter(action__startswith="training.").values_list("action", flat=True)) == [
        "training.course.created"
    ]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (dt.date(2025, 9, 8), dt.date(2025, 9, 1),
         "Ngày bế giảng (01/09/2025) không được trước ngày khai giảng (08/09/2025)."),
        (dt.date(1900, 1, 1), dt.date(1900, 1, 2), "Ngày khai giảng không được trước ngày 03/02/1930."),
        (dt.date(2099, 1, 1), dt.date(2099, 1, 2), "Ngày khai giảng không được sau ngày 16/03/2028."),
        (dt.date(2020, 1, 1), dt.date(2026, 1, 2), "Một lớp không kéo dài quá 5 năm."),
    ],
)  # fmt: skip
def test_absurd_course_dates_are_refused_and_nothing_written(world, starts_on, ends_on, message):
    before = counts()
    with pytest.raises(DomainError) as exc:
        make_course(world.org_a, starts_on=starts_on, ends_on=ends_on)
    assert exc.value.message == message
    assert counts() == before


def test_same_member_twice_in_a_course_is_refused(world):
    course = make_course(world.org_a)
    courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    with pytest.raises(DomainError) as exc:
        courses.enroll_member(actor=None, course=course, member=world.m1)
    assert exc.value.message == "Đảng viên Nguyễn Văn Hùng đã có tên trong lớp này."
    assert counts() == before


def test_same_candidate_twice_by_name_and_birth_date_is_refused(world):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS)
    courses.enroll_person(actor=None, course=course, full_name="Lê Thị Mai", birth_date=dt.date(2000, 3, 1),
                          citizen_id=None, organization=world.cell_a1, today=TODAY)  # fmt: skip
    before = counts()
    with pytest.raises(DomainError) as exc:
        courses.enroll_person(actor=None, course=course, full_name="  le thi   MAI ", birth_date=dt.date(2000, 3, 1),
                              citizen_id="001200000009", organization=world.cell_a1, today=TODAY)  # fmt: skip
    assert exc.value.message == "Lê Thị Mai, sinh ngày 01/03/2000, đã có tên trong lớp này."
    assert counts() == before


def test_candidate_with_a_members_citizen_id_is_refused(world):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS)
    before = counts()
    with pytest.raises(DomainError) as exc:
        courses.enroll_person(actor=None, course=course, full_name="Ai Đó", birth_date=dt.date(2000, 3, 1),
                              citizen_id=world.m1.citizen_id, organization=world.cell_a1, today=TODAY)  # fmt: skip
    assert exc.value.message == "Số CCCD 034080000001 là của đảng viên Nguyễn Văn Hùng: hãy ghi danh đảng viên."
    assert counts() == before


def test_member_in_the_awareness_course_is_refused(world):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS)
    with pytest.raises(DomainError) as exc:
        courses.enroll_member(actor=None, course=course, member=world.m1)
    assert exc.value.message.startswith("Lớp “Bồi dưỡng nhận thức về Đảng” dành cho quần chúng chưa vào Đảng")


def test_certificate_validity_comes_from_the_rule_set_with_its_source(world):
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    cert = pass_with_certificate(e, issued_on=dt.date(2025, 9, 15))
    assert cert.valid_until == dt.date(2030, 9, 14)
    assert cert.validity_note.startswith(
        "Giấy chứng nhận lớp “Bồi dưỡng nghiệp vụ công tác đảng cho bí thư, cấp ủy viên” có giá trị 60 tháng kể từ "
        "ngày cấp 15/09/2025, đến hết ngày 14/09/2030 (Quy định 54-QĐ/TW (1999) về chế độ học tập lý luận chính trị "
        "trong Đảng; giả định:"
    )
    assert AuditEntry.objects.filter(action="training.course.results_recorded").count() == 1


def test_new_member_certificate_has_no_end(world):
    e = courses.enroll_member(actor=None, course=make_course(world.org_a), member=world.m1)
    assert pass_with_certificate(e).valid_until is None


def _result_refused(course, rows, message):
    before = counts()
    with pytest.raises(DomainError) as exc:
        results.record_results(actor=None, course=course, rows=rows, today=TODAY)
    assert exc.value.message == message
    assert counts() == before
    assert not Enrollment.objects.exclude(result=Result.PENDING).exists()


def test_certificate_dated_after_its_expiry_is_refused(world):
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = ResultRow(e.pk, e.version, Result.PASSED, certificate_number="CN-9", issued_on=dt.date(2025, 9, 20),
                    valid_until=dt.date(2025, 9, 19))  # fmt: skip
    _result_refused(
        course, [row], "Nguyễn Văn Hùng: giấy chứng nhận cấp ngày 20/09/2025, sau ngày hết hạn (19/09/2025)."
    )


def test_certificate_issued_before_the_course_ended_is_refused(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = ResultRow(e.pk, e.version, Result.PASSED, certificate_number="CN-9", issued_on=dt.date(2025, 9, 10))
    _result_refused(
        course, [row], "Nguyễn Văn Hùng: giấy chứng nhận cấp ngày 10/09/2025, trước ngày bế giảng (12/09/2025)."
    )


def test_certificate_issued_in_the_future_is_refused(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = ResultRow(e.pk, e.version, Result.PASSED, certificate_number="CN-9", issued_on=dt.date(2026, 3, 17))
    _result_refused(course, [row], "Nguyễn Văn Hùng: ngày cấp giấy chứng nhận (17/03/2026) sau ngày hôm nay.")


def test_stated_validity_beyond_the_rule_is_refused(world):
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = ResultRow(e.pk, e.version, Result.PASSED, certificate_number="CN-9", issued_on=dt.date(2025, 9, 15),
                    valid_until=dt.date(2031, 1, 1))  # fmt: skip
    with pytest.raises(DomainError) as exc:
        results.record_results(actor=None, course=course, rows=[row], today=TODAY)
    assert exc.value.message.startswith("Nguyễn Văn Hùng: ngày hết hạn ghi trên giấy (01/01/2031) vượt thời hạn")


def test_result_for_someone_not_enrolled_is_refused(world):
    course, other = make_course(world.org_a), make_course(world.org_a, title="Lớp khác")
    stranger = courses.enroll_member(actor=None, course=other, member=world.m2)
    courses.enroll_member(actor=None, course=course, member=world.m1)
    _result_refused(
        course, [ResultRow(stranger.pk, stranger.version, Result.PASSED)],
        "Dòng 1: người này không có tên trong danh sách học viên của lớp “Lớp bồi dưỡng lý luận chính trị dành cho "
        "đảng viên mới 09/2025”.",
    )  # fmt: skip


def test_result_before_the_course_ends_is_refused(world):
    course = make_course(world.org_a, starts_on=dt.date(2026, 3, 10), ends_on=dt.date(2026, 3, 20))
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    _result_refused(course, [ResultRow(e.pk, e.version, Result.PASSED)],
                    "Lớp bế giảng ngày 20/03/2026: chưa ghi được kết quả của Nguyễn Văn Hùng.")  # fmt: skip


def test_certificate_for_a_failed_result_is_refused(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    row = ResultRow(e.pk, e.version, Result.FAILED, certificate_number="CN-1", issued_on=dt.date(2025, 9, 12))
    _result_refused(course, [row], "Nguyễn Văn Hùng: chỉ cấp giấy chứng nhận cho người có kết quả “Đạt, hoàn thành”.")


def test_stale_result_row_is_refused(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    with pytest.raises(ConcurrentEditError):
        results.record_results(actor=None, course=course, rows=[ResultRow(e.pk, e.version + 1, Result.ABSENT)],
                               today=TODAY)  # fmt: skip
    assert counts() == before


def test_taking_back_a_pass_removes_the_certificate_and_enrollment_with_result_stays(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    pass_with_certificate(e)
    e.refresh_from_db()
    assert results.record_results(actor=None, course=course, rows=[ResultRow(e.pk, e.version, Result.FAILED)],
                                  today=TODAY) == 1  # fmt: skip
    e.refresh_from_db()
    assert not hasattr(e, "certificate") or e.certificate is None
    with pytest.raises(DomainError) as exc:
        courses.remove_enrollment(actor=None, enrollment=e, expected_version=e.version)
    assert exc.value.message == "Nguyễn Văn Hùng đã có kết quả “Không đạt”: hãy sửa kết quả thay vì xóa tên."


def test_unchanged_rows_write_nothing(world):
    course = make_course(world.org_a)
    e = courses.enroll_member(actor=None, course=course, member=world.m1)
    before = counts()
    assert results.record_results(actor=None, course=course, rows=[ResultRow(e.pk, e.version, Result.PENDING)],
                                  today=TODAY) == 0  # fmt: skip
    assert counts() == before
