"""Reading training records: the certificate lookups other apps use (the admission pipeline reads the awareness
certificate here), lists within a reader's scope, and the training rule set in force."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q

from dangbo.core.text import normalize_search

from .enums import CourseKind, Result
from .models import Certificate

if TYPE_CHECKING:
    from dangbo.members.models import Member


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
        who |= Q(enrollment__search_name=key, enrollment__birth_date=birth_date)
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
        if cert.issued_on <= on and (cert.valid_until is None or on <= cert.valid_until):
            return cert
    return None
