"""Reading training records: the certificate lookups other apps use (the admission pipeline reads the awareness
certificate here), lists within a reader's scope, and the training rule set in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.text import normalize_search
from dangbo.members.models import Member

from .enums import CourseKind, Result
from .models import Certificate, Course, Enrollment, Qualification


def person_certificates(
    *,
    kind: str,
    citizen_id: str | None = None,
    member: Member | None = None,
    full_name: str | None = None,
    birth_date: dt.date | None = None,
) -> list[Certificate]:
    """The certificates of courses of `kind` given to one person, the latest issue first. The person is found by
    any of: the member, the citizen id (on the enrollment or on the enrolled member's sheet), or the name (as
    searched: without tone marks or case) together with the birth date. Nothing given: nothing found."""
    who = Q()
    if member is not None:
        who |= Q(enrollment__member=member)
    if citizen_id:
        who |= Q(enrollment__citizen_id=citizen_id) | Q(enrollment__member__citizen_id=citizen_id)
    if full_name and birth_date is not None and (key := normalize_search(full_name)):
        # The same name and birth date, unless the enrollment names another citizen id.
        same = Q(enrollment__search_name=key, enrollment__birth_date=birth_date)
        if citizen_id:
            same &= Q(enrollment__citizen_id__isnull=True) | Q(enrollment__citizen_id=citizen_id)
        who |= same
    if not who:
        return []
    return list(
        Certificate.objects.filter(who, enrollment__course__kind=kind, enrollment__result=Result.PASSED)
        .select_related("enrollment__course__organizer", "rule_set")
        .order_by("-issued_on", "-id")
    )


def awareness_certificate(
    *,
    citizen_id: str | None = None,
    member: Member | None = None,
    full_name: str | None = None,
    birth_date: dt.date | None = None,
    on: dt.date,
) -> Certificate | None:
    """The person's awareness-course certificate ("bồi dưỡng nhận thức về Đảng") issued by `on` and still valid on
    `on` (the latest such), or None. Found by citizen id, member, or name and birth date (see
    `person_certificates`)."""
    for cert in person_certificates(
        kind=CourseKind.AWARENESS, citizen_id=citizen_id, member=member, full_name=full_name, birth_date=birth_date
    ):
        if is_valid_on(cert, on):
            return cert
    return None


# Lists within a reader's scope. Viewing training records needs `view_members` over the person's cell (or over
# the course's organizer, for the whole list of a course); changing them needs `manage_training`.


def courses_for(scope: Scope) -> QuerySet[Course]:
    """Courses the user may open: organized within their view scope, or with someone from it enrolled."""
    if not scope.has_right(Right.VIEW_MEMBERS):
        return Course.objects.none()
    mine = Enrollment.objects.filter(scope.path_q(Right.VIEW_MEMBERS), course_id=OuterRef("pk"))
    return Course.objects.filter(scope.path_q(Right.VIEW_MEMBERS) | Q(Exists(mine)))


def enrollments_shown(scope: Scope, course: Course) -> QuerySet[Enrollment]:
    """The people of `course` the user may see: everyone when the organizer is in their view scope, otherwise
    those whose cell is."""
    qs = course.enrollments.all()
    if not scope.covers_path(Right.VIEW_MEMBERS, course.path):
        qs = qs.filter(scope.path_q(Right.VIEW_MEMBERS))
    return qs.select_related("member", "organization__parent", "certificate").order_by("sort_key", "pk")


def enrollments_for(scope: Scope) -> QuerySet[Enrollment]:
    """Enrollments of people in the user's view scope, and every enrollment of courses organized in it."""
    if not scope.has_right(Right.VIEW_MEMBERS):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(
        scope.path_q(Right.VIEW_MEMBERS) | scope.path_q(Right.VIEW_MEMBERS, "course__path")
    )


def may_manage(scope: Scope, course: Course) -> bool:
    return scope.covers_path(Right.MANAGE_TRAINING, course.path)


def filter_courses(qs: QuerySet[Course], data: dict[str, Any]) -> QuerySet[Course]:
    """The course list's filters: kind, year (the start's), organizer's subtree, words of the title."""
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("year"):
        qs = qs.filter(starts_on__year=data["year"])
    if data.get("to_chuc"):
        qs = qs.filter(path__startswith=data["to_chuc"].path)
    if data.get("q"):
        for word in str(data["q"]).split():
            qs = qs.filter(title__icontains=word)
    return qs


def with_counts(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.annotate(
        enrolled=Count("enrollments", distinct=True),
        passed=Count("enrollments", filter=Q(enrollments__result=Result.PASSED), distinct=True),
    )


def qualifications_for(scope: Scope) -> QuerySet[Qualification]:
    """Qualifications of members in the user's view scope (a member's own through `member_record`)."""
    if not scope.has_right(Right.VIEW_MEMBERS):
        return Qualification.objects.none()
    return Qualification.objects.filter(scope.path_q(Right.VIEW_MEMBERS, "member__organization__path"))


@dataclass(frozen=True)
class MemberRecord:
    """What the member's page shows of training: qualifications, and courses with their certificates."""

    qualifications: list[Qualification]
    enrollments: list[Enrollment]


def member_record(member: Member) -> MemberRecord:
    """One member's training record. Two queries."""
    return MemberRecord(
        qualifications=list(member.theory_qualifications.order_by("issued_on", "pk")),
        enrollments=list(
            Enrollment.objects.filter(member=member)
            .select_related("course__organizer", "certificate")
            .order_by("-course__starts_on", "-pk")
        ),
    )


def is_valid_on(certificate: Certificate, on: dt.date) -> bool:
    return certificate.issued_on <= on and (certificate.valid_until is None or on <= certificate.valid_until)
