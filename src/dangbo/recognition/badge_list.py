"""The badge list of an award date: who is due, early, posthumous, blocked, proposed or awarded, under a unit.

Set-based, for a tree of a million members (decision 0038): one read of the members whose admission decision
falls in each milestone's range for the award date (an index on `admission_decision_date`; gaps only move a
milestone later, so members with a gap period are read beside them, from the index on the status periods), plus
the few others that may be listed (seriously ill members, members who died since the previous award date, open
proposals, members with a recent discipline). Then the exact milestone day with the gaps
(`members.seniority.months_reached`) for those candidates only, one `discipline.selectors.in_force_on` for all of
them, and the pure verdicts of `verdicts.py`. Sentences and seniority figures are made only for the rows shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q

from dangbo.core.dates import add_months, add_years, full_months_between
from dangbo.core.text import full_name
from dangbo.members.enums import ON_ROLLS, SENIORITY_GAP_STATUSES, MemberStatus
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.seniority import Period, SeniorityYMD, months_reached, seniority_ymd
from dangbo.organizations.models import Organization

from .blocks import Block, DisciplineFact, block_of, discipline_facts, recent_decisions
from .enums import BadgeKind, BadgeState, Verdict
from .models import Badge, SeriousIllness
from .params import BadgeRules
from .verdicts import Facts, eligibility, listed

LISTED_STATUSES = sorted({*ON_ROLLS, MemberStatus.DECEASED})
SLACK = dt.timedelta(days=3)  # month-end clamps move a milestone by a day; the exact check follows
MEMBER_FIELDS = ("id", "family_name", "middle_name", "given_name", "sort_key", "admission_decision_date", "status",
                 "organization_id", "organization__name", "organization__path")  # fmt: skip


@dataclass
class Person:
    id: int
    name: str
    sort_key: str
    admitted: dt.date
    status: str
    cell_id: int
    cell_name: str
    cell_path: str
    gaps: list[Period] = field(default_factory=list)
    death: dt.date | None = None
    ill_on: dt.date | None = None

    def reached(self, years: int) -> dt.date | None:
        """The day the seniority reaches `years` years (None: a gap without an end keeps it below)."""
        return months_reached(admission_decision_date=self.admitted, periods=self.gaps, months=years * 12)


@dataclass(frozen=True)
class BadgeRef:
    """A badge record as the list shows it."""

    id: int
    state: str
    kind: str
    award_date: dt.date
    proposed_on: dt.date
    decision_number: str
    decision_date: dt.date | None
    version: int


@dataclass
class BadgeRow:
    person: Person
    years: int
    reached: dt.date
    award_date: dt.date
    verdict: Verdict
    kind: BadgeKind | None
    reason: str
    rules: BadgeRules
    block: Block | None = None
    badge: BadgeRef | None = None
    carried_from: dt.date | None = None

    @cached_property
    def seniority(self) -> SeniorityYMD:
        """On the award date (on the day of death for a member who died before it)."""
        on = min(self.award_date, self.person.death) if self.person.death else self.award_date
        return seniority_ymd(admission_decision_date=self.person.admitted, periods=self.person.gaps, on=on)

    @property
    def blocked_until(self) -> dt.date | None:
        return self.block.until if self.block else None

    @property
    def block_discipline_id(self) -> int | None:
        return self.block.fact.pk if self.block else None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.block is not None and self.block.awaiting_confirmation

    @cached_property
    def explanation(self) -> str:
        parts = []
        if self.verdict == Verdict.AWARDED and self.badge is not None:
            parts.append(f"Đã tặng theo Quyết định số {self.badge.decision_number} ngày "
                         f"{self.badge.decision_date:%d/%m/%Y}")  # fmt: skip
        if self.block is not None:
            parts.append(self.block.sentence(self.rules))
        if self.verdict == Verdict.PROPOSED and self.badge is not None:
            parts.append(f"Đã đề nghị ngày {self.badge.proposed_on:%d/%m/%Y}, chờ quyết định")
        if self.carried_from is not None:
            parts.append(f"Chuyển từ đợt {self.carried_from:%d/%m/%Y}")
        parts.append(self.reason)
        return ". ".join(p.rstrip(".") for p in parts) + "."


@dataclass
class BadgeList:
    award_date: dt.date
    previous: dt.date
    rules: BadgeRules
    rows: list[BadgeRow]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(Verdict.values, 0)
        for row in self.rows:
            out[row.verdict] += 1
        return out


def _ranges(rules: BadgeRules, after: dt.date, on: dt.date, *, field: str = "admission_decision_date") -> Q:
    """Members whose milestone may fall in (after, on] without a gap (`field`: the admission date's lookup)."""
    q = Q()
    for years in rules.milestones:
        q |= Q(**{f"{field}__gt": add_years(after, -years) - SLACK, f"{field}__lte": add_years(on, -years) + SLACK})
    return q


def _near(admitted: dt.date, gaps: list[Period], rules: BadgeRules, *, after: dt.date, until: dt.date) -> bool:
    """Whether a member with gaps may reach a milestone in (after, until]: each milestone moved by the gaps'
    whole months, give or take a month (the exact day is computed for the candidates)."""
    months = sum(full_months_between(start, end) for _status, start, end in gaps if end is not None)
    return any(add_months(after, -1) < add_months(admitted, years * 12 + months) <= add_months(until, 1)
               for years in rules.milestones)  # fmt: skip


def _people(rows: Iterable[dict[str, Any]]) -> dict[int, Person]:
    return {
        r["id"]: Person(
            id=r["id"],
            name=full_name(family_name=r["family_name"], middle_name=r["middle_name"], given_name=r["given_name"]),
            sort_key=r["sort_key"],
            admitted=r["admission_decision_date"],
            status=r["status"],
            cell_id=r["organization_id"],
            cell_name=r["organization__name"],
            cell_path=r["organization__path"],
        )
        for r in rows
    }


def _badges(member_filter: Q, years: Collection[int]) -> dict[tuple[int, int], BadgeRef]:
    qs = Badge.objects.filter(member_filter, state__in=[BadgeState.PROPOSED, BadgeState.AWARDED],
                              milestone__in=sorted(years))  # fmt: skip
    fields = ("id", "member_id", "milestone", "state", "kind", "award_date", "proposed_on", "decision_number",
              "decision_date", "version")  # fmt: skip
    return {(r[1], r[2]): BadgeRef(r[0], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in qs.values_list(*fields)}


@dataclass
class _Loaded:
    people: dict[int, Person]
    facts: dict[int, list[DisciplineFact]]
    badges: dict[tuple[int, int], BadgeRef]


FEW_ORGANIZATIONS = 2000  # a subtree this small is named by its ids: the planner then starts from its members


def _cells(path: str) -> Q:
    """The members of the cells under `path`: by the organizations' ids, listed for a small subtree (a grassroots
    organization: the planner then reads its members by the organization index, where a subquery let it scan the
    date ranges of the whole table), else as a subquery (as `members_for` does); never a join on the path."""
    under = Organization.objects.filter(path__startswith=path).values_list("id", flat=True)
    ids = list(under[: FEW_ORGANIZATIONS + 1])
    return Q(organization_id__in=ids if len(ids) <= FEW_ORGANIZATIONS else under)


def _late_deaths(rules: BadgeRules, previous: dt.date) -> Q:
    """Among the deceased members whose plain milestone falls in the window, those the list may show: who died late
    enough for a posthumous badge (a milestone after `previous` reached at most `posthumous_months` after the
    death), or with a badge awarded late enough to bear on this window (early or posthumous awards come at most
    their window before the milestone)."""
    died = MemberStatusPeriod.objects.filter(
        member_id=OuterRef("pk"), status=MemberStatus.DECEASED,
        start__gt=add_months(previous, -rules.posthumous_months) - SLACK,
    )  # fmt: skip
    ahead = max(rules.early_months, rules.early_long_months, rules.posthumous_months)
    awarded = Badge.objects.filter(
        member_id=OuterRef("pk"), state=BadgeState.AWARDED, award_date__gt=add_months(previous, -ahead) - SLACK
    )
    # Correlated: a small subtree probes the indexes for its few members instead of hashing every recent death.
    return Q(status=MemberStatus.DECEASED) & (Exists(died) | Exists(awarded))


def _load(
    *, path: str, on: dt.date, previous: dt.date, rules: BadgeRules, member_ids: Collection[int] | None
) -> _Loaded:
    """The candidates under `path` (or only `member_ids`) with their gaps, death, illness, decisions and badges."""
    lowest = min(rules.milestones)
    cells = _cells(path)
    under = cells & Q(status__in=LISTED_STATUSES)
    latest_admission = add_years(add_months(on, max(rules.early_months, rules.early_long_months)), -lowest) + SLACK
    gap_rows = MemberStatusPeriod.objects.filter(
        Q(member_id__in=Member.objects.filter(under, admission_decision_date__lte=latest_admission).values("id")),
        status__in=sorted(SENIORITY_GAP_STATUSES),
    ).values_list("member_id", "member__admission_decision_date", "status", "start", "end")  # fmt: skip
    if member_ids is not None:
        gap_rows = gap_rows.filter(member_id__in=list(member_ids))
    gaps: dict[int, list[Period]] = defaultdict(list)
    admitted: dict[int, dt.date] = {}
    for member_id, admission, status, start, end in gap_rows:
        gaps[member_id].append((status, start, end))
        admitted[member_id] = admission
    look_back = add_months(on, -rules.carry_over_months)
    latest = add_months(on, max(rules.early_months, rules.early_long_months))
    near_gaps = {m for m, g in gaps.items() if _near(admitted[m], g, rules, after=look_back, until=latest)}
    # Decisions that may bear on a milestone reached within the look-back (or still to come): a decision ends at
    # the latest a year or two after it, so those taken since two years before the look-back.
    concerned = _ranges(rules, look_back, latest, field="member__admission_decision_date") | Q(
        member_id__in=sorted(near_gaps)
    )
    if member_ids is not None:
        concerned = Q(member_id__in=list(member_ids))
    recent = recent_decisions(on=on, since=add_months(look_back, -24), path=path, among=concerned)
    in_tree = Q(member_id__in=Member.objects.filter(cells).values("id"))
    if member_ids is not None:
        wanted = Q(pk__in=list(member_ids))
        ill = SeriousIllness.objects.filter(member_id__in=list(member_ids), certified_on__lte=on)
    else:
        ill = SeriousIllness.objects.filter(in_tree, certified_on__lte=on)
        died = MemberStatusPeriod.objects.filter(in_tree, status=MemberStatus.DECEASED, start__gt=previous,
                                                 start__lte=on)  # fmt: skip
        carried = Badge.objects.filter(state=BadgeState.PROPOSED, award_date__lt=on, unit_path__startswith=path)
        extra = {*near_gaps, *died.values_list("member_id", flat=True), *carried.values_list("member_id", flat=True),
                 *(d.member_id for d in recent), *ill.values_list("member_id", flat=True)}  # fmt: skip
        wanted = (_ranges(rules, previous, on) & Q(status__in=sorted(ON_ROLLS))) | Q(pk__in=sorted(extra))
    ill_on: dict[int, dt.date] = {}
    for member_id, day in ill.order_by("certified_on").values_list("member_id", "certified_on"):
        ill_on.setdefault(member_id, day)
    people = _people(Member.objects.filter(under & wanted).values(*MEMBER_FIELDS))
    if member_ids is None:  # deceased members apart: an OR with their subqueries would spoil the plan above
        dead = Member.objects.filter(under & _ranges(rules, previous, on) & _late_deaths(rules, previous))
        people = _people(dead.values(*MEMBER_FIELDS)) | people
    dead_ids = [p.id for p in people.values() if p.status == MemberStatus.DECEASED]
    deaths = MemberStatusPeriod.objects.filter(status=MemberStatus.DECEASED, member_id__in=dead_ids)
    for member_id, start in deaths.values_list("member_id", "start"):
        people[member_id].death = start
    for person in people.values():
        person.gaps = gaps.get(person.id, [])
        person.ill_on = ill_on.get(person.id)
    facts = discipline_facts(on=on, member_ids=list(people), recent=recent)
    return _Loaded(people, facts, _badges(Q(member_id__in=list(people)), rules.milestones))


def _milestones(person: Person, rules: BadgeRules, *, previous: dt.date, latest: dt.date, plain: bool,
                badged: Collection[int]) -> list[int]:  # fmt: skip
    """The milestones `_row` may list for `person`, by the year of admission alone (a plain milestone day is within
    a day of `admitted + years`): none beyond the early window; for a member with nothing that carries a badge
    over (`plain`: no gap, death or decision), none before the previous award date either, but those with a badge
    (`badged`)."""
    high = latest.year - person.admitted.year + 1
    low = previous.year - person.admitted.year - 1 if plain else 0
    return [years for years in rules.milestones if (low <= years or years in badged) and years <= high]


def compute(
    *, path: str, award_date: dt.date, rules: BadgeRules, member_ids: Collection[int] | None = None
) -> BadgeList:
    """The list of `award_date` for the members whose cell lies under `path` (or only `member_ids`)."""
    on, previous = award_date, rules.previous_award_date(award_date)
    loaded = _load(path=path, on=on, previous=previous, rules=rules, member_ids=member_ids)
    latest = add_months(on, max(rules.early_months, rules.early_long_months))
    badged: dict[int, set[int]] = defaultdict(set)
    for member_id, years in loaded.badges:
        badged[member_id].add(years)
    rows = []
    for person in loaded.people.values():
        plain = not person.gaps and person.death is None and person.id not in loaded.facts
        near = _milestones(person, rules, previous=previous, latest=latest, plain=plain,
                           badged=badged.get(person.id, ()))  # fmt: skip
        for years in near:
            row = _row(person, years, on=on, previous=previous, rules=rules, facts=loaded.facts.get(person.id, ()),
                       badge=loaded.badges.get((person.id, years)))  # fmt: skip
            if row is not None:
                rows.append(row)
    rows.sort(key=lambda r: (r.person.cell_path, r.person.sort_key, r.person.id, r.years))
    return BadgeList(award_date=on, previous=previous, rules=rules, rows=rows)


@dataclass(frozen=True)
class Assessment:
    """One member's badge of one milestone on one award date, whether listed or not: what a proposal or an award
    checks. `kind` None: it may not be given (`reason` says why)."""

    person: Person | None
    reached: dt.date | None
    kind: BadgeKind | None
    reason: str
    block: Block | None
    badge: BadgeRef | None


def assess(*, member: Member, years: int, on: dt.date, rules: BadgeRules) -> Assessment:
    """The verdict the list would give, for one member and milestone, without the list's window."""
    path = member.organization.path
    loaded = _load(path=path, on=on, previous=rules.previous_award_date(on), rules=rules, member_ids=[member.pk])
    person = loaded.people.get(member.pk)
    if person is None:
        return Assessment(None, None, None, "Đảng viên không còn trong danh sách đảng viên của đảng bộ.", None, None)
    badge = loaded.badges.get((member.pk, years))
    reached = person.reached(years)
    if reached is None:
        reason = rules.milestones_source.cite(
            f"Chưa đủ {years} năm tuổi đảng: đảng viên đang trong thời gian gián đoạn"
        )
        return Assessment(person, None, None, reason, None, badge)
    facts = Facts(reached=reached, death=person.death, ill_on=person.ill_on, on_rolls=person.status in ON_ROLLS)
    kind, reason = eligibility(facts, years=years, on=on, rules=rules)
    block = block_of(loaded.facts.get(member.pk, ()), reached=reached, on=on, rules=rules)
    return Assessment(person, reached, kind, reason, block, badge)


def _row(
    person: Person, years: int, *, on: dt.date, previous: dt.date, rules: BadgeRules,
    facts: Iterable[DisciplineFact], badge: BadgeRef | None,
) -> BadgeRow | None:  # fmt: skip
    """The row of one member and one milestone on the list of `on`, or None when the list does not show it. A
    badge proposed for or awarded in a later round is not known yet on this list."""
    if badge is not None and badge.award_date > on:
        badge = None
    latest = add_months(on, rules.early_window_months(years))
    plain = add_years(person.admitted, years)  # the milestone without gaps, within a day
    if plain > latest + SLACK:
        return None  # not near yet: no exact computation
    if plain + SLACK <= previous and not person.gaps and badge is None and not facts and person.death is None:
        return None  # reached before the previous award date, with nothing that carries it over
    reached = person.reached(years)
    if reached is None or reached > latest:
        return None
    f = Facts(reached=reached, death=person.death, ill_on=person.ill_on, on_rolls=person.status in ON_ROLLS)
    kind, reason = eligibility(f, years=years, on=on, rules=rules)
    if badge is not None and badge.state == BadgeState.AWARDED:
        if badge.award_date == on or previous < reached <= on:
            return BadgeRow(person, years, reached, on, Verdict.AWARDED, BadgeKind(badge.kind), reason, rules,
                            badge=badge)  # fmt: skip
        return None
    if kind is None:
        return None
    block = block_of(facts, reached=reached, on=on, rules=rules)
    carried_from = None
    if badge is not None and badge.award_date < on:
        carried_from = badge.award_date
    elif previous >= reached > add_months(on, -rules.carry_over_months):
        own = rules.next_award_date(reached)  # held back by a discipline on its own award date?
        if block_of(facts, reached=reached, on=own, rules=rules, in_force_known=False) is not None:
            carried_from = own
    if not listed(f, kind=kind, previous=previous, on=on, carried=carried_from is not None):
        return None
    if block is not None:
        verdict = Verdict.BLOCKED
    elif badge is not None:
        verdict = Verdict.PROPOSED
    else:
        verdict = {BadgeKind.REGULAR: Verdict.DUE, BadgeKind.EARLY: Verdict.EARLY}.get(kind, Verdict.POSTHUMOUS)
    return BadgeRow(person, years, reached, on, verdict, kind, reason, rules, block=block, badge=badge,
                    carried_from=carried_from)  # fmt: skip
