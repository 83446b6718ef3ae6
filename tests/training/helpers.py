"""Training records made through the real services, on fixed past days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.core.models import AuditEntry
from dangbo.organizations.models import Organization
from dangbo.training import courses, results
from dangbo.training.enums import CourseKind, Result
from dangbo.training.models import Certificate, Course, Enrollment, Qualification

TODAY = dt.date(2026, 3, 16)


def make_course(
    organizer: Organization, *, kind: str = CourseKind.NEW_MEMBER, starts_on: dt.date = dt.date(2025, 9, 8),
    ends_on: dt.date = dt.date(2025, 9, 12), title: str | None = None, **extra: Any,
) -> Course:  # fmt: skip
    return courses.create_course(
        actor=None, kind=kind, title=title or f"Lớp {CourseKind(kind).label.lower()} {starts_on:%m/%Y}",
        organizer=organizer, starts_on=starts_on, ends_on=ends_on, today=TODAY, **extra,
    )  # fmt: skip


def pass_with_certificate(
    enrollment: Enrollment, *, number: str = "CN-001", issued_on: dt.date | None = None, **extra: Any
) -> Certificate:
    enrollment.refresh_from_db()
    results.record_results(
        actor=None, course=enrollment.course, today=TODAY,
        rows=[results.ResultRow(enrollment.pk, enrollment.version, Result.PASSED, certificate_number=number,
                                issued_on=issued_on or enrollment.course.ends_on, **extra)],
    )  # fmt: skip
    return Certificate.objects.get(enrollment=enrollment)


def counts() -> tuple[int, int, int, int, int]:
    """Rows that a refused write must leave as they were."""
    return (
        Course.objects.count(), Enrollment.objects.count(), Certificate.objects.count(),
        Qualification.objects.count(), AuditEntry.objects.exclude(action="core.access.denied").count(),
    )  # fmt: skip
