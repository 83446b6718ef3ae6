"""The demo's training records: a qualification behind every level on the sheets, the candidates' awareness
certificates exactly as their candidacies hold them (and found by the admission step), new members and cell
secretaries who still need their course in the lists, courses of 2024–2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.admissions import workflow
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import Candidate
from dangbo.admissions.selectors import awareness_certificate_of
from dangbo.demo.generator import build_demo
from dangbo.members.enums import ON_ROLLS, TheoryLevel
from dangbo.members.models import Member
from dangbo.training import needs
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Certificate, Course, Enrollment, Qualification
from dangbo.training.report import coverage_report
from dangbo.training.rules import rules_in_force

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=600, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_every_level_on_a_sheet_has_its_qualification(built):
    trained = Member.objects.exclude(political_theory_level=TheoryLevel.NONE)
    have = set(Qualification.objects.values_list("member_id", "level"))
    assert trained.exists()
    assert all((m.pk, m.political_theory_level) in have for m in trained)
    assert all(q.issued_on <= TODAY for q in Qualification.objects.all())


def test_courses_cover_2024_to_2026_and_every_kind(built):
    years = {d.year for d in Course.objects.values_list("starts_on", flat=True)}
    assert years == {2024, 2025, 2026}
    assert set(Course.objects.values_list("kind", flat=True)) >= {
        CourseKind.AWARENESS, CourseKind.NEW_MEMBER, CourseKind.SECRETARY_REFRESHER, CourseKind.THEORY_ELEMENTARY,
        CourseKind.OTHER,
    }  # fmt: skip
    assert not Certificate.objects.exclude(enrollment__result=Result.PASSED).exists()
    for cert in Certificate.objects.select_related("enrollment__course"):
        assert cert.enrollment.course.ends_on <= cert.issued_on <= TODAY
        assert cert.valid_until is None or cert.valid_until >= cert.issued_on


def test_candidacies_certificates_are_the_training_records(built):
    recorded = Candidate.objects.filter(course_passed_on__gte=dt.date(2024, 1, 1)).exclude(certificate_number="")
    assert recorded.exists()
    for c in recorded:
        assert Certificate.objects.filter(
            enrollment__course__kind=CourseKind.AWARENESS, number=c.certificate_number, issued_on=c.course_passed_on,
            enrollment__search_name__isnull=False,
        ).exists()  # fmt: skip


def test_proposed_candidates_take_the_course_step_from_the_training_record(built):
    assert built.training.awareness_for_proposed
    candidate = Candidate.objects.get(pk=built.training.awareness_for_proposed[0])
    found = awareness_certificate_of(candidate, on=TODAY)
    assert found is not None
    with transaction.atomic():
        done = workflow.perform(actor=None, candidate=candidate, step=Step.COURSE,
                                expected_version=candidate.version, data={}, today=TODAY)  # fmt: skip
        assert (done.stage, done.certificate_number, done.course_passed_on) == (
            Stage.COURSE_PASSED, found.number, found.issued_on,
        )  # fmt: skip
        transaction.set_rollback(True)


def test_the_lists_hold_who_still_needs_a_course(built):
    rules = rules_in_force(TODAY)
    path = built.bloc.path
    listed = set(needs.new_members_query(path, TODAY, rules).values_list("pk", flat=True))
    recent_missing = {
        pk for pk in built.training.new_members_without_course
        if Member.objects.filter(pk=pk, admission_decision_date__gt=dt.date(2024, 11, 27), status__in=ON_ROLLS,
                                 organization__path__startswith=path).exists()
    }  # fmt: skip
    assert recent_missing and recent_missing <= listed
    seats = set(needs.secretaries_query(path, TODAY).values_list("member_id", flat=True))
    unrefreshed = Member.objects.filter(pk__in=built.training.secretaries_not_refreshed,
                                        organization__path__startswith=path)  # fmt: skip
    assert set(unrefreshed.values_list("pk", flat=True)) <= seats
    assert needs.theory_query(path, rules).exists()


def test_the_report_counts_the_demo(built):
    report = coverage_report(built.bloc, day=TODAY, rules=rules_in_force(TODAY))
    total = report.total
    in_bloc = Member.objects.filter(status__in=ON_ROLLS, organization__path__startswith=built.bloc.path)
    assert total.on_rolls == in_bloc.count()
    assert sum(n for _, n in total.level_counts()) == total.on_rolls
    assert 0 < total.secretaries_refreshed < total.secretaries
    assert total.courses > 0 and total.enrolled >= total.passed > 0
    assert 0 < total.new_on_time <= total.new_due
    assert Enrollment.objects.filter(result=Result.PENDING).exists()
