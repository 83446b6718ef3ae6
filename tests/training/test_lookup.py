"""Who sees which course, and the awareness certificate lookup admissions reads: by citizen id (on the enrollment
or the enrolled member's sheet), by member, by name and birth date; only a certificate valid on the day."""

from __future__ import annotations

import datetime as dt

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.training import courses
from dangbo.training.enums import CourseKind
from dangbo.training.selectors import awareness_certificate, courses_for, enrollments_shown

from ..factories import make_user
from .helpers import TODAY, make_course, pass_with_certificate

ISSUED = dt.date(2025, 9, 15)


def _awareness(world, **person):
    course = make_course(world.org_a, kind=CourseKind.AWARENESS)
    data = {"full_name": "Lê Thị Mai", "birth_date": dt.date(2000, 3, 1), "citizen_id": "001200000009", **person}
    e = courses.enroll_person(actor=None, course=course, organization=world.cell_a1, today=TODAY, **data)
    return pass_with_certificate(e, issued_on=ISSUED)


def test_found_by_citizen_id_and_valid_to_the_day_before_sixty_months(world):
    cert = _awareness(world)
    assert awareness_certificate(citizen_id="001200000009", on=ISSUED) == cert
    assert awareness_certificate(citizen_id="001200000009", on=dt.date(2030, 9, 14)) == cert
    assert awareness_certificate(citizen_id="001200000009", on=dt.date(2030, 9, 15)) is None
    assert awareness_certificate(citizen_id="001200000009", on=ISSUED - dt.timedelta(days=1)) is None


def test_found_by_name_and_birth_date_without_tone_marks(world):
    cert = _awareness(world, citizen_id=None)
    assert awareness_certificate(full_name="LE THI MAI", birth_date=dt.date(2000, 3, 1), on=TODAY) == cert
    assert awareness_certificate(full_name="Lê Thị Mai", birth_date=dt.date(2000, 3, 2), on=TODAY) is None
    assert awareness_certificate(on=TODAY) is None


def test_a_course_of_another_kind_is_not_an_awareness_certificate(world):
    e = courses.enroll_member(actor=None, course=make_course(world.org_a), member=world.m1)
    pass_with_certificate(e)
    assert awareness_certificate(member=world.m1, citizen_id=world.m1.citizen_id, on=TODAY) is None


def test_secretary_sees_a_bloc_course_only_through_their_members(world):
    secretary = make_user("bt", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2)
    scope = scope_for(secretary)
    course = make_course(world.bloc)
    assert not courses_for(scope).filter(pk=course.pk).exists()
    member = courses.enroll_member(actor=None, course=course, member=world.m1)
    assert not courses_for(scope).filter(pk=course.pk).exists()  # m1 is in A1, not A2
    assert list(enrollments_shown(scope_for(world.officer), course)) == [member]
