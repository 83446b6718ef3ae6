"""Reads of the residence liaison (Quy định 213-QĐ/TW), always limited to a scope or to given members.

A working member is one on a cell's rolls on a day (`CellMembership`) with a probationary or full status that day
(`MemberStatusPeriod`): both from the dated history, so a past year is answered as it stood. The yearly feedback is
due on the day the movement rule set in force at the end of the year names (`residence.feedback_day` and
`residence.feedback_month`, 15/11 when no rule set covers the year). For a year, each working member of a cell is in
one of four states (`ResidenceState`): not introduced; introduced with the feedback received; introduced and not yet
due; introduced and overdue (missing). The lists and counts are a few grouped queries whatever the unit's size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.rule_params import Source
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .models import MovementRuleSet, ResidenceFeedback, ResidenceIntroduction
from .rules import rules_of

WORKING_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)
DEFAULT_DUE = (15, 11)  # day, month: Quy định 213-QĐ/TW, used when no rule set covers the year
DEFAULT_SOURCE = Source("Quy định 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị")


def covering(day: dt.date, prefix: str = "") -> Q:
    """Dated history rows in force on `day` (they end exclusive)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


@dataclass(frozen=True)
class FeedbackDue:
    """The day a year's residence feedback is due, and the rule it comes from."""

    year: int
    day: dt.date
    source: Source

    def explain(self) -> str:
        return self.source.cite(f"Nhận xét của chi bộ nơi cư trú năm {self.year} hạn ngày {self.day:%d/%m/%Y}")


def feedback_due(year: int) -> FeedbackDue:
    """The due day of `year`'s feedback from the rule set in force on 31/12 of that year (15/11 without one)."""
    rule_set = MovementRuleSet.objects.in_force_on(dt.date(year, 12, 31)).first()
    if rule_set is None:
        return FeedbackDue(year, dt.date(year, DEFAULT_DUE[1], DEFAULT_DUE[0]), DEFAULT_SOURCE)
    rules = rules_of(rule_set)
    return FeedbackDue(year, rules.residence_feedback_due(year), rules.residence_source)


def introductions_for(scope: Scope, *, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[ResidenceIntroduction]:
    """Introductions made by cells in the subtrees where the user holds `right`."""
    return ResidenceIntroduction.objects.filter(scope.path_q(right))


def feedback_for(scope: Scope, *, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[ResidenceFeedback]:
    """Feedback recorded for introductions made in the subtrees where the user holds `right`."""
    return ResidenceFeedback.objects.filter(scope.path_q(right))


def open_introduction(member_id: int) -> ResidenceIntroduction | None:
    return ResidenceIntroduction.objects.filter(member_id=member_id, ended_on__isnull=True).first()


def introduction_for_year(member_id: int, year: int) -> ResidenceIntroduction | None:
    """The member's latest introduction made by the end of `year` and not ended before it began."""
    return (
        ResidenceIntroduction.objects.filter(member_id=member_id, introduced_on__lte=dt.date(year, 12, 31))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=dt.date(year, 1, 1)))
        .order_by("-introduced_on", "-id")
        .first()
    )


def working_memberships_on(day: dt.date, path: str) -> QuerySet[CellMembership]:
    """The cell memberships in force on `day` under `path` of members working that day (probationary or full)."""
    cells = Organization.objects.filter(path__startswith=path).values("id")
    working = MemberStatusPeriod.objects.filter(
        covering(day), member_id=OuterRef("member_id"), status__in=WORKING_STATUSES
    )
    return CellMembership.objects.filter(covering(day), organization_id__in=cells).filter(Exists(working)).order_by()


def _introduced_on(day: dt.date, ref: str = "member_id") -> Exists:
    """An introduction of the member (`ref` names the outer member id) in force on `day`: made by then, not ended
    before it."""
    return Exists(
        ResidenceIntroduction.objects.filter(member_id=OuterRef(ref), introduced_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )
    )


def _has_feedback(year: int) -> Exists:
    return Exists(ResidenceFeedback.objects.filter(member_id=OuterRef("member_id"), year=year))


class ResidenceState:
    NOT_INTRODUCED = "not_introduced"
    RECEIVED = "received"
    WAITING = "waiting"
    MISSING = "missing"

    LABELS = {
        NOT_INTRODUCED: _("Chưa giới thiệu về nơi cư trú"),
        RECEIVED: _("Đã có nhận xét"),
        WAITING: _("Chưa đến hạn nhận xét"),
        MISSING: _("Quá hạn, chưa có nhận xét"),
    }


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day a year's working members are counted on: 31/12 of a past year, today for the current one."""
    return min(today, dt.date(year, 12, 31))


def _state(introduced: bool, received: bool, overdue: bool) -> str:
    if received:
        return ResidenceState.RECEIVED
    if not introduced:
        return ResidenceState.NOT_INTRODUCED
    return ResidenceState.MISSING if overdue else ResidenceState.WAITING


@dataclass(frozen=True)
class ResidenceRow:
    """One working member of a cell for a year: their introduction in force, the year's feedback, the state."""

    member: Member
    cell_id: int
    introduction: ResidenceIntroduction | None
    feedback: ResidenceFeedback | None
    state: str

    @property
    def state_label(self) -> str:
        return str(ResidenceState.LABELS[self.state])


def cell_rows(cell: Organization, year: int, *, today: dt.date) -> list[ResidenceRow]:
    """The working members of `cell` on the year's reference day, in Vietnamese order, each with their
    introduction in force and the year's feedback (three queries)."""
    day = reference_day(year, today)
    due = feedback_due(year)
    ids = working_memberships_on(day, cell.path).filter(organization_id=cell.pk).values("member_id")
    members = list(Member.objects.filter(pk__in=ids).order_by("sort_key", "pk"))
    pks = [m.pk for m in members]
    intros: dict[int, ResidenceIntroduction] = {}
    for intro in (
        ResidenceIntroduction.objects.filter(member_id__in=pks, introduced_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("introduced_on", "id")
    ):
        intros[intro.member_id] = intro
    feedback = {f.member_id: f for f in ResidenceFeedback.objects.filter(member_id__in=pks, year=year)}
    overdue = today > due.day
    return [
        ResidenceRow(m, cell.pk, intros.get(m.pk), feedback.get(m.pk),
                     _state(m.pk in intros, m.pk in feedback, overdue))
        for m in members
    ]  # fmt: skip


@dataclass(frozen=True)
class CellTally:
    """A cell's working members for a year by residence state."""

    working: int = 0
    not_introduced: int = 0
    received: int = 0
    waiting: int = 0
    missing: int = 0

    @property
    def to_chase(self) -> int:
        """What the cell still has to do: introduce, or obtain the overdue feedback."""
        return self.not_introduced + self.missing


def tallies_by_cell(year: int, path: str, *, today: dt.date) -> dict[int, CellTally]:
    """Each cell under `path` (by id) with its working members by state (one query)."""
    day = reference_day(year, today)
    overdue = today > feedback_due(year).day
    rows = (
        working_memberships_on(day, path)
        .annotate(introduced=_introduced_on(day), received=_has_feedback(year))
        .values_list("organization_id", "introduced", "received")
    )
    counts: dict[int, Counter[str]] = {}
    for org_id, introduced, received in rows:
        counts.setdefault(org_id, Counter())[_state(introduced, received, overdue)] += 1
    return {
        org_id: CellTally(sum(c.values()), c[ResidenceState.NOT_INTRODUCED], c[ResidenceState.RECEIVED],
                          c[ResidenceState.WAITING], c[ResidenceState.MISSING])
        for org_id, c in counts.items()
    }  # fmt: skip


def missing_feedback(year: int, path: str, *, today: dt.date) -> QuerySet[Member]:
    """Working members under `path` still to chase for `year`: not introduced, or introduced and without the year's
    feedback once its due day has passed. Annotated `introduced`; in cell then Vietnamese order."""
    day = reference_day(year, today)
    memberships = working_memberships_on(day, path).annotate(
        introduced=_introduced_on(day), received=_has_feedback(year)
    )
    chase = Q(introduced=False)
    if today > feedback_due(year).day:
        chase |= Q(introduced=True, received=False)
    ids = memberships.filter(chase).values("member_id")
    return (
        Member.objects.filter(pk__in=ids)
        .annotate(introduced=_introduced_on(day, "pk"))
        .select_related("organization__parent")
        .order_by("organization__sort_key", "sort_key", "pk")
    )


@dataclass(frozen=True)
class ResidenceFact:
    """What the rating round is told about a member's residence feedback for its year."""

    year: int
    received_on: dt.date | None = None
    assessment: str = ""
    assessment_label: str = ""
    content: str = ""

    @property
    def received(self) -> bool:
        return self.received_on is not None

    def sentence(self) -> str:
        if self.received_on is None:
            return str(_("Chưa có nhận xét nơi cư trú năm %(year)s") % {"year": self.year})
        return str(
            _("Nhận xét nơi cư trú năm %(year)s: %(assessment)s (nhận ngày %(day)s)")
            % {"year": self.year, "assessment": self.assessment_label, "day": f"{self.received_on:%d/%m/%Y}"}
        )


def feedback_facts(year: int, member_ids: Iterable[int]) -> dict[int, ResidenceFact]:
    """Each member's residence feedback for `year` (members without one get an empty fact). One query."""
    ids = list(member_ids)
    out = {pk: ResidenceFact(year) for pk in ids}
    for f in ResidenceFeedback.objects.filter(year=year, member_id__in=ids):
        out[f.member_id] = ResidenceFact(year, f.received_on, f.assessment, str(f.get_assessment_display()),
                                         f.content)  # fmt: skip
    return out
