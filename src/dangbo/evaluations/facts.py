"""From database records to the verdict engine's input (`SubjectFacts`), a whole unit at a time.

`facts_for_ratings(campaign, ratings)` builds the facts of many ratings with a fixed number of
queries, whatever their number: two for the members' standing (status and cell) on the round's
reference date from the dated history (`standing_on`), one for the disciplines of all the members,
one for the disciplines
of and under all the collectives, one for their subordinate units and one for the committee seats of
disciplined members. The inputs that no record holds yet (sick-leave months, degeneration, share of
targets met, the 100-point sheet) are entered on the rating sheet and stored in `Rating.score_sheet`
(`RatingInputs`). One more query counts each member's tasks of the year by result (`assignments.selectors.
task_tallies`): under the 100-point rules those figures replace the ones typed on the sheet (`rules._tasks_note`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.assignments.selectors import TaskTally, task_tallies
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import disciplines_for
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.movements.residence_selectors import feedback_facts
from dangbo.movements.selectors import describe, exempt_on, suspended_on
from dangbo.organizations.models import CommitteeSeat, Organization

from .enums import RatingMethod, SubjectKind
from .models import Rating, RatingCampaign
from .params import RuleSetData
from .rules import DisciplineFact, ScoreSheet, SubjectFacts, TaskFacts, sheet_from_scores


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise DomainError(f"{what} phải là một số.") from exc
    if not number.is_finite():
        raise DomainError(f"{what} phải là một số.")
    return number


@dataclass(frozen=True)
class RatingInputs:
    """What the rating sheet records: the 100-point scores (rules from 2025) and the facts no record holds."""

    scores: dict[str, Decimal] = field(default_factory=dict)
    on_time_pct: Decimal | None = None
    exceeding_pct: Decimal | None = None
    late_pct: Decimal | None = None
    sick_leave_months: Decimal = Decimal(0)
    degeneration: bool = False
    targets_met_pct: Decimal | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> RatingInputs:
        raw = raw or {}
        scores = {str(k): Decimal(str(v)) for k, v in (raw.get("scores") or {}).items()}
        return cls(
            scores=scores,
            on_time_pct=_decimal(raw.get("on_time_pct"), "Tỷ lệ đúng tiến độ"),
            exceeding_pct=_decimal(raw.get("exceeding_pct"), "Tỷ lệ vượt mức"),
            late_pct=_decimal(raw.get("late_pct"), "Tỷ lệ chậm tiến độ"),
            sick_leave_months=_decimal(raw.get("sick_leave_months"), "Số tháng nghỉ ốm") or Decimal(0),
            degeneration=bool(raw.get("degeneration", False)),
            targets_met_pct=_decimal(raw.get("targets_met_pct"), "Tỷ lệ hoàn thành chỉ tiêu"),
        )

    def as_json(self) -> dict[str, Any]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "scores": {k: str(v) for k, v in self.scores.items()},
            "on_time_pct": text(self.on_time_pct),
            "exceeding_pct": text(self.exceeding_pct),
            "late_pct": text(self.late_pct),
            "sick_leave_months": str(self.sick_leave_months),
            "degeneration": self.degeneration,
            "targets_met_pct": text(self.targets_met_pct),
        }

    @property
    def has_scores(self) -> bool:
        return bool(self.scores)

    def score_sheet(self, rule_set: RuleSetData, kind: SubjectKind) -> ScoreSheet | None:
        """The checked 100-point sheet under the 2025 rules (None when nothing is scored yet).

        Raises `DomainError` for a criterion over its weight, a total outside 0–100, or scores given
        under the four-level rules."""
        if not self.has_scores:
            return None
        if rule_set.method != RatingMethod.SCORE_100:
            raise DomainError(f"Bộ quy tắc {rule_set.code} xếp loại bằng cách chọn mức, không chấm điểm.")
        return sheet_from_scores(
            rule_set,
            kind,
            self.scores,
            on_time_pct=self.on_time_pct if self.on_time_pct is not None else Decimal(0),
            exceeding_pct=self.exceeding_pct if self.exceeding_pct is not None else Decimal(0),
            late_pct=self.late_pct,
        )


def campaign_scope(campaign: RatingCampaign) -> Scope:
    """The round reads the facts of its whole tree, whoever is acting, so a verdict never depends on the reader."""
    return Scope(user_id=None, member_id=None, paths_by_right={Right.VIEW_MEMBERS: (campaign.organization.path,)})


def _year_q(year: int) -> Q:
    return Q(decision_date__gte=dt.date(year, 1, 1), decision_date__lte=dt.date(year, 12, 31))


def _fact(d: Discipline) -> DisciplineFact:
    return DisciplineFact(decision_date=d.decision_date, form=d.form, violation_date=d.violation_date)


def _minimal_paths(paths: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


@dataclass(frozen=True)
class Standing:
    """A member's status and cell on one day, from the dated history."""

    status: str
    cell_id: int | None


def _covering(day: dt.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))  # periods end exclusive


def standing_on(day: dt.date, *, members: Q) -> dict[int, Standing]:
    """The status and cell on `day` of each member matched by `members` (a Q over the history rows'
    `member__…` fields), from `MemberStatusPeriod` and `CellMembership` (two queries). A member whose
    history does not cover the day is absent: callers fall back to the member's current record."""
    status: dict[int, str] = {}
    rows = MemberStatusPeriod.objects.filter(members, _covering(day)).order_by("member_id", "start", "id")
    for member_id, value in rows.values_list("member_id", "status"):
        status[member_id] = value  # the latest period starting on or before the day wins
    cells: dict[int, int] = {}
    spans = CellMembership.objects.filter(members, _covering(day)).order_by("member_id", "start", "id")
    for member_id, org_id in spans.values_list("member_id", "organization_id"):
        cells[member_id] = org_id
    return {pk: Standing(status[pk], cells.get(pk)) for pk in status}


@dataclass(frozen=True)
class Records:
    """The records that take a member out of the rating on a day, each in one sentence (empty: none)."""

    suspended_by: str = ""
    exempt_by: str = ""

    def facts(self) -> dict[str, Any]:
        return {"suspended": bool(self.suspended_by), "suspended_by": self.suspended_by, "exempt_by": self.exempt_by}


def records_on(day: dt.date, member_ids: Iterable[int] | None = None) -> dict[int, Records]:
    """Members suspended or exempt on `day` by a movement record (`None`: every member), two queries."""
    suspended, exempt = suspended_on(day, member_ids), exempt_on(day, member_ids)
    return {
        pk: Records(describe(suspended[pk]) if pk in suspended else "", describe(exempt[pk]) if pk in exempt else "")
        for pk in suspended.keys() | exempt.keys()
    }


def _task_facts(tally: TaskTally | None) -> TaskFacts | None:
    """The member's tasks of the year given by the cell (`assignments`), as the verdict engine reads them."""
    if tally is None:
        return None
    return TaskFacts(tally.assigned, tally.on_time, tally.exceeded, tally.late, tally.not_done)


def member_task_facts(year: int, member_ids: Iterable[int]) -> dict[int, TaskFacts]:
    """Each member's tasks of `year` by result (members without a task are absent): for the rating forms, which
    show these figures instead of asking for them. One query."""
    return {pk: TaskFacts(t.assigned, t.on_time, t.exceeded, t.late, t.not_done) for pk, t in
            task_tallies(year, member_ids).items()}  # fmt: skip


def residence_lines(year: int, member_ids: Iterable[int]) -> dict[int, str]:
    """Each member's residence cell feedback for `year` as the line the cell's review shows ("Nhận xét nơi cư trú
    năm 2025: … (nhận ngày …)" or "Chưa có nhận xét nơi cư trú năm 2025"). A fact shown to the cell, not weighed by
    the verdict engine: no rule names it (decision 0032). One query."""
    return {pk: fact.sentence() for pk, fact in feedback_facts(year, member_ids).items()}


def facts_for_ratings(campaign: RatingCampaign, ratings: Sequence[Rating]) -> dict[int, SubjectFacts]:
    """The facts of each rating (by rating id). Ratings should come with `member` and `organization` selected."""
    year, day = campaign.year, campaign.reference_date
    in_round = disciplines_for(campaign_scope(campaign), right=Right.VIEW_MEMBERS).filter(_year_q(year))
    out: dict[int, SubjectFacts] = {}

    members = [r for r in ratings if r.subject_kind == SubjectKind.MEMBER]
    by_member: dict[int, list[DisciplineFact]] = defaultdict(list)
    standing: dict[int, Standing] = {}
    tallies: dict[int, TaskTally] = {}
    records: dict[int, Records] = {}
    if members:
        # The rules judge the member as they stood on the reference date, not as they stand today.
        standing = standing_on(day, members=Q(member_id__in=[r.member_id for r in members]))
        for d in in_round.filter(member_id__in=[r.member_id for r in members]).order_by("decision_date", "id"):
            by_member[d.member_id].append(_fact(d))  # type: ignore[index]
        tallies = task_tallies(year, [r.member_id for r in members if r.member_id is not None])
        records = records_on(day, [r.member_id for r in members if r.member_id is not None])
    for r in members:
        inputs = RatingInputs.from_json(r.score_sheet)
        assert r.member is not None
        on_day = standing.get(r.member.pk)
        out[r.pk] = SubjectFacts(
            kind=SubjectKind.MEMBER,
            year=year,
            rating_date=day,
            status=on_day.status if on_day is not None else r.member.status,
            admitted_on=r.member.admission_decision_date,
            disciplines=tuple(by_member.get(r.member.pk, ())),
            sick_leave_months=inputs.sick_leave_months,
            targets_met_pct=inputs.targets_met_pct,
            degeneration=inputs.degeneration,
            tasks=_task_facts(tallies.get(r.member.pk)),
            **records.get(r.member.pk, Records()).facts(),
        )

    collectives = [r for r in ratings if r.subject_kind != SubjectKind.MEMBER]
    if collectives:
        out.update(_collective_facts(campaign, collectives, in_round))
    return out


def _collective_facts(campaign: RatingCampaign, ratings: Sequence[Rating], in_round: Any) -> dict[int, SubjectFacts]:
    orgs = {r.organization_id: r.organization for r in ratings if r.organization is not None}
    prefixes = _minimal_paths(o.path for o in orgs.values())
    under_q = reduce(or_, (Q(organization_at_decision__path__startswith=p) for p in prefixes))
    decisions = list(in_round.filter(under_q).select_related("organization", "organization_at_decision"))
    children = dict(
        Organization.objects.filter(
            parent_id__in=list(orgs), dissolved_on__isnull=True, founded_on__lte=campaign.reference_date
        )
        .values_list("parent_id")
        .annotate(n=Count("id"))
    )
    member_decisions = [d for d in decisions if d.member_id is not None]
    seats: dict[int, set[int]] = defaultdict(set)  # organization id -> disciplined members holding a seat there
    if member_decisions:
        year = campaign.year
        for org_id, member_id in (
            CommitteeSeat.objects.filter(
                committee__organization_id__in=list(orgs),
                member_id__in={d.member_id for d in member_decisions},
                start__lte=dt.date(year, 12, 31),
            )
            .filter(Q(end__isnull=True) | Q(end__gte=dt.date(year, 1, 1)))
            .values_list("committee__organization_id", "member_id")
        ):
            seats[org_id].add(member_id)

    out: dict[int, SubjectFacts] = {}
    for r in ratings:
        org = orgs[r.organization_id]
        own = [d for d in decisions if d.organization_id == org.pk]
        sub_units = {
            d.organization_id for d in decisions if d.organization is not None and d.organization.parent_id == org.pk
        }
        leaders = seats.get(org.pk, set())
        counted = [d for d in decisions if d.organization_id in sub_units or (d.member_id in leaders)]
        inputs = RatingInputs.from_json(r.score_sheet)
        units = int(children.get(org.pk, 0))
        out[r.pk] = SubjectFacts(
            kind=SubjectKind(r.subject_kind),
            year=campaign.year,
            rating_date=campaign.reference_date,
            founded_on=org.founded_on,
            disciplines=tuple(_fact(d) for d in own),
            targets_met_pct=inputs.targets_met_pct,
            degeneration=inputs.degeneration,
            leadership_disciplined=bool(own),
            leadership_members_disciplined=len(leaders),
            subordinate_units=max(units, len(sub_units)),
            subordinate_units_disciplined=len(sub_units),
            self_remedied=bool(counted) and all(d.self_remedied for d in counted),
        )
    return out
