"""Who still needs which course on a day, under an organization: three lists, each row with the sentence that
explains it and names its rule (the training rule set in force that day).

- New members: on the rolls, admitted within the rule set's `lookback_months` before the day, without a passed
  new-member course that has ended by the day (the row says when it was due, and the course they are in, if any).
- Cell secretaries: the member in an open secretary seat (`organizations.CommitteeSeat`, on the day) of the
  committee of a cell (chi bộ trực thuộc or chi bộ cơ sở) under the organization, without a refresher
  certificate valid on the day.
- Political theory: members on the rolls whose sheet level is below the rule set's `min_level`.

Set-based: one query per list whatever the size (plus one for the courses being studied), paginated by the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet

from dangbo.core.dates import add_months
from dangbo.members.enums import ON_ROLLS, TheoryLevel
from dangbo.members.models import Member
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, CommitteePosition
from dangbo.organizations.models import CommitteeSeat

from .enums import LEVEL_RANK, CourseKind, Result
from .models import Certificate, Enrollment
from .params import TrainingRules
from .rules import new_member_reason, refresher_reason, theory_reason

NEW_MEMBERS, SECRETARIES, THEORY = "dang-vien-moi", "bi-thu", "ly-luan"
LISTS = {
    NEW_MEMBERS: CourseKind.NEW_MEMBER.label,
    SECRETARIES: CourseKind.SECRETARY_REFRESHER.label,
    THEORY: "Lý luận chính trị",
}


@dataclass(frozen=True)
class NeedRow:
    member: Member
    reason: str
    overdue: bool = False


def _passed(kind: str, on: dt.date) -> Exists:
    return Exists(
        Enrollment.objects.filter(
            member_id=OuterRef("pk"), course__kind=kind, result=Result.PASSED, course__ends_on__lte=on
        )
    )


def new_members_query(path: str, on: dt.date, rules: TrainingRules) -> QuerySet[Member]:
    since = add_months(on, -rules.new_member_lookback_months)
    return (
        Member.objects.filter(
            organization__path__startswith=path, status__in=ON_ROLLS,
            admission_decision_date__gt=since, admission_decision_date__lte=on,
        )
        .filter(~_passed(CourseKind.NEW_MEMBER, on))
        .select_related("organization__parent")
        .order_by("admission_decision_date", "sort_key", "pk")
    )  # fmt: skip


def new_member_rows(members: list[Member], on: dt.date, rules: TrainingRules) -> list[NeedRow]:
    """The explained rows of one page of `new_members_query`; one query for the courses they are in."""
    studying = {
        e.member_id: e.course.title
        for e in Enrollment.objects.filter(
            member__in=members, course__kind=CourseKind.NEW_MEMBER, result=Result.PENDING
        ).select_related("course")
    }
    rows = []
    for m in members:
        due = add_months(m.admission_decision_date, rules.new_member_due_months)
        reason = new_member_reason(rules, admitted_on=m.admission_decision_date, on=on, studying=studying.get(m.pk))
        rows.append(NeedRow(m, reason, overdue=on >= due))
    return rows


def secretary_seats_on(path: str, on: dt.date) -> QuerySet[CommitteeSeat]:
    return CommitteeSeat.objects.filter(
        position=CommitteePosition.SECRETARY,
        committee__organization__kind__in=sorted(MEMBER_HOLDING_KINDS),
        committee__organization__path__startswith=path,
        start__lte=on,
    ).filter(Q(end__isnull=True) | Q(end__gt=on))


def secretaries_query(path: str, on: dt.date) -> QuerySet[CommitteeSeat]:
    valid = Certificate.objects.filter(
        enrollment__member_id=OuterRef("member_id"), enrollment__course__kind=CourseKind.SECRETARY_REFRESHER,
        enrollment__result=Result.PASSED, issued_on__lte=on,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))  # fmt: skip
    last = Certificate.objects.filter(
        enrollment__member_id=OuterRef("member_id"), enrollment__course__kind=CourseKind.SECRETARY_REFRESHER,
        enrollment__result=Result.PASSED, issued_on__lte=on,
    ).values("enrollment__member_id").annotate(last=Max("valid_until")).values("last")  # fmt: skip
    return (
        secretary_seats_on(path, on)
        .filter(~Exists(valid))
        .annotate(last_valid_until=last)
        .select_related("member__organization__parent", "committee__organization")
        .order_by("committee__organization__sort_key", "pk")
    )


def secretary_rows(seats: list[CommitteeSeat], on: dt.date, rules: TrainingRules) -> list[NeedRow]:
    return [
        NeedRow(
            s.member,
            refresher_reason(
                rules,
                cell=s.committee.organization.name,
                since=s.start,
                last_valid_until=getattr(s, "last_valid_until", None),
                on=on,
            ),
            overdue=True,
        )
        for s in seats
    ]


def below_level(min_level: str) -> list[str]:
    return [level for level, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[min_level]]


def theory_query(path: str, rules: TrainingRules) -> QuerySet[Member]:
    return (
        Member.objects.filter(
            organization__path__startswith=path, status__in=ON_ROLLS,
            political_theory_level__in=below_level(rules.theory_min_level),
        )
        .select_related("organization__parent")
        .order_by(F("sort_key").asc(), "pk")
    )  # fmt: skip


def theory_rows(members: list[Member], rules: TrainingRules) -> list[NeedRow]:
    min_label = str(TheoryLevel(rules.theory_min_level).label).lower()
    return [
        NeedRow(
            m, theory_reason(rules, level_label=m.get_political_theory_level_display().lower(), min_label=min_label)
        )
        for m in members
    ]
