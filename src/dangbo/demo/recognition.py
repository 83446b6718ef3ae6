"""The demo's party badges and commendations (issue 10, item 4).

    facts = prepare_recognition(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))  # before the ratings
    result = build_recognition(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6), result=facts)

- The facts the badge lists read: a few members whose next milestone falls within the early window are certified
  seriously ill; one member dies a few months before reaching a milestone (posthumous award); a few members whose
  milestone falls in 2025–2026 are disciplined shortly before their award date (blocked), one of them confirmed
  improved by the cell after the wait and the lapse (carried over and awarded later), one not (still blocked).
- For every award date from 2024 to `today`, in order, the list of the bloc (`recognition.badge_list.compute`):
  every row that may be proposed is proposed a month before and awarded by the province's standing committee ten
  days before; of the last past date a few stay proposed (carried over). Half of the next date's rows are proposed.
- Commendations: for the years of the locked rating rounds, the members and grassroots organizations the
  suggestions list (rated excellent the kind's years in a row) proposed, most decided, a few refused; without
  ratings, a few members and organizations chosen at random.

The registry's side (the death) goes through `members.services.change_status` without audit entries; disciplines
through `discipline.services.record_discipline`; badges and commendations are written in bulk. Same seed, same
`today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangbo.core.dates import add_months, add_years
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from dangbo.members import services as registry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.seniority import party_age_reached
from dangbo.organizations.models import CommitteeSeat, Organization
from dangbo.recognition import badge_list
from dangbo.recognition import commendations as commendation_rules
from dangbo.recognition.enums import PROPOSABLE, BadgeState, CommendationState
from dangbo.recognition.models import Badge, Commendation, CommendationKind, ImprovementConfirmation, SeriousIllness
from dangbo.recognition.rules import BadgeRules, rules_in_force

from .rows import insert_models

FIRST_YEAR = 2024
AUTHORITY = "Ban Thường vụ Tỉnh ủy Thái Bình"
LEFT_PROPOSED = 3  # of the last past award date's rows, left waiting for the decision (carried over)


@dataclass
class RecognitionResult:
    ill: list[int] = field(default_factory=list)
    deceased: list[int] = field(default_factory=list)
    disciplined: list[int] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)
    awarded: int = 0
    proposed: int = 0
    commendations: int = 0


POOL = 400  # members read for each pick, whatever the size of the demo
UNTOUCHED = [MemberStatus.FULL, MemberStatus.PROBATIONARY]  # the statuses of a member admitted and left alone


def _eligible(bloc: Organization) -> QuerySet[Member]:
    """Full members of the bloc holding no seat and no account whose history no other part of the demo changed
    (never anything but probationary and full, no discipline), in id order (the people the demo may change: a
    death or a discipline dated in the past must not precede a later status period)."""
    seated = CommitteeSeat.objects.values("member_id")
    changed = MemberStatusPeriod.objects.exclude(status__in=UNTOUCHED).values("member_id")
    disciplined = Discipline.objects.filter(member_id=OuterRef("pk"))
    return (Member.objects.filter(organization__path__startswith=bloc.path, status=MemberStatus.FULL,
                                  user__isnull=True).exclude(pk__in=seated).exclude(pk__in=changed)
            .exclude(Exists(disciplined))
            .select_related("organization__parent").order_by("pk"))  # fmt: skip


def _pick(bloc: Organization, rng: random.Random, rules: BadgeRules, *, low: dt.date, high: dt.date,
          taken: set[int], n: int) -> list[tuple[Member, int, dt.date]]:  # fmt: skip
    """Up to `n` members not yet taken whose milestone falls in (low, high]: read from the admission ranges of the
    milestones, the exact day checked here."""
    ranges = Q()
    for years in rules.milestones:
        ranges |= Q(admission_decision_date__gt=add_years(low, -years) - dt.timedelta(days=3),
                    admission_decision_date__lte=add_years(high, -years))  # fmt: skip
    pool = list(_eligible(bloc).filter(ranges).exclude(pk__in=sorted(taken))[:POOL])
    found = []
    for m in rng.sample(pool, len(pool)):
        for years in rules.milestones:
            day = party_age_reached(admission_decision_date=m.admission_decision_date, periods=(), years=years)
            if low < day <= high:
                found.append((m, years, day))
                taken.add(m.pk)
                break
        if len(found) == n:
            break
    return found


# Disciplines shortly before a milestone's award date: (milestone after, milestone by, decided, form, confirmed).
DISCIPLINE_PLAN = [
    (dt.date(2025, 2, 4), dt.date(2025, 5, 19), dt.date(2025, 3, 14), "warning", True),
    (dt.date(2025, 2, 4), dt.date(2025, 5, 19), dt.date(2025, 3, 20), "warning", False),
    (dt.date(2026, 5, 20), dt.date(2026, 9, 2), dt.date(2026, 8, 3), "reprimand", False),
]


def _ill_and_deceased(bloc: Organization, rng: random.Random, rules: BadgeRules, taken: set[int],
                      result: RecognitionResult) -> None:  # fmt: skip
    for m, _years, reached in _pick(bloc, rng, rules, low=dt.date(2025, 9, 2), high=dt.date(2026, 8, 31),
                                    taken=taken, n=2):  # fmt: skip
        SeriousIllness.objects.create(member=m, certified_on=dt.date(2025, 7, 1), certified_by="Bệnh viện tỉnh",
                                      note=f"Đủ tuổi đảng ngày {reached:%d/%m/%Y}")  # fmt: skip
        result.ill.append(m.pk)
    death = dt.date(2025, 6, 20)
    for m, _years, _reached in _pick(bloc, rng, rules, low=add_months(death, 2), high=add_months(death, 10),
                                     taken=taken, n=1):  # fmt: skip
        registry.change_status(actor=None, member=m, status=MemberStatus.DECEASED, on=death, reason="Từ trần",
                               audit=False)  # fmt: skip
        result.deceased.append(m.pk)


def _disciplines(bloc: Organization, rng: random.Random, rules: BadgeRules, taken: set[int], today: dt.date,
                 result: RecognitionResult) -> None:  # fmt: skip
    for number, (low, high, decided, form, confirmed) in enumerate(DISCIPLINE_PLAN, start=1):
        if decided > today:
            continue
        for m, _years, _reached in _pick(bloc, rng, rules, low=low - dt.timedelta(days=1), high=high, taken=taken,
                                         n=1):  # fmt: skip
            try:
                decision = record_discipline(
                    actor=None, form=form, violation_date=decided - dt.timedelta(days=40), decision_date=decided,
                    decision_number=f"{number:02d}-QĐ/CB", deciding_organization=m.organization, member=m,
                    note="Vi phạm quy định về những điều đảng viên không được làm (ghi từ hồ sơ giấy)", today=today,
                )  # fmt: skip
            except DomainError:
                continue
            result.disciplined.append(m.pk)
            confirm_on = add_years(decided, 1) + dt.timedelta(days=30)
            if confirmed and confirm_on <= today:
                ImprovementConfirmation.objects.create(member=m, discipline=decision, confirmed_on=confirm_on,
                                                       resolution="Nghị quyết chi bộ")  # fmt: skip
                result.confirmed.append(m.pk)


def _badge(
    row: badge_list.BadgeRow, day: dt.date, *, proposed_on: dt.date, number: int | None, parents: dict[int, int]
) -> Badge:
    person = row.person
    awarded = number is not None
    grassroots_id = parents.get(person.cell_id)
    return Badge(
        member_id=person.id, milestone=row.years, milestone_day=row.reached, kind=row.kind or "regular", award_date=day,
        state=BadgeState.AWARDED if awarded else BadgeState.PROPOSED, proposed_on=proposed_on,
        proposing_organization_id=grassroots_id or person.cell_id, unit_id=person.cell_id, unit_path=person.cell_path,
        explanation=row.reason[:1000], decision_number=f"{number}-QĐ/TU" if awarded else "",
        decision_date=day - dt.timedelta(days=10) if awarded else None, deciding_authority=AUTHORITY if awarded else "",
    )  # fmt: skip


def _badges(bloc: Organization, rng: random.Random, today: dt.date, result: RecognitionResult) -> None:
    days = [d for year in range(FIRST_YEAR, today.year + 2) for d in rules_in_force(dt.date(year, 1, 1))
            .award_dates_in(year)]  # fmt: skip
    past = [d for d in days if d < today]
    upcoming = next((d for d in days if d >= today), None)
    number = 100
    parents = dict(Organization.objects.filter(path__startswith=bloc.path, parent__isnull=False)
                   .values_list("pk", "parent_id"))  # fmt: skip
    for day in [*past, *([upcoming] if upcoming else [])]:
        rows = [r for r in badge_list.compute(path=bloc.path, award_date=day, rules=rules_in_force(day)).rows
                if r.verdict in PROPOSABLE]  # fmt: skip
        if day == upcoming:
            chosen = rows[: len(rows) // 2]
            soon = today - dt.timedelta(days=3)
            insert_models([_badge(r, day, proposed_on=soon, number=None, parents=parents) for r in chosen])
            result.proposed += len(chosen)
            continue
        waiting = set(rng.sample(range(len(rows)), min(LEFT_PROPOSED, len(rows)))) if day == past[-1] else set()
        made: list[Badge] = []
        for i, r in enumerate(rows):
            number += 1
            award = None if i in waiting else number
            made.append(_badge(r, day, proposed_on=day - dt.timedelta(days=30), number=award, parents=parents))
        insert_models(made)
        result.awarded += len(made) - len(waiting)
        result.proposed += len(waiting)


def _commendations(bloc: Organization, rng: random.Random, today: dt.date, result: RecognitionResult) -> None:
    made: list[Commendation] = []
    for kind in CommendationKind.objects.filter(active=True).prefetch_related("levels").order_by("code"):
        level = kind.levels.order_by("rank").first()
        if level is None:
            continue
        for year in range(today.year - 2, today.year):
            for s in commendation_rules.suggestions(kind=kind, year=year, path=bloc.path)[:12]:
                unit = s.member.organization if s.member else s.organization
                assert unit is not None
                decider = commendation_rules.competent_organization(unit=unit, level=level,
                                                                    include_self=s.member is not None)  # fmt: skip
                if decider is None:
                    continue
                state = rng.choices([CommendationState.DECIDED, CommendationState.PROPOSED, CommendationState.REFUSED],
                                    weights=[8, 1, 1])[0]  # fmt: skip
                proposed_on = dt.date(year + 1, 1, 20)
                made.append(Commendation(
                    kind=kind, level=level, member=s.member, organization=s.organization, year=year,
                    achievement=s.reason[:1000], state=state, proposed_on=proposed_on,
                    proposing_organization=unit.parent or unit, unit_path=unit.path, deciding_organization=decider,
                    decision_number=f"{len(made) + 1}-QĐ/{'ĐUK' if decider.parent is None else 'ĐU'}"
                    if state == CommendationState.DECIDED else "",
                    decided_on=proposed_on + dt.timedelta(days=20) if state != CommendationState.PROPOSED else None,
                    refusal_reason="Chưa tiêu biểu so với đơn vị khác" if state == CommendationState.REFUSED else "",
                ))  # fmt: skip
    if not made:  # no rating rounds: a few chosen at random
        made = _chosen_commendations(bloc, rng, today)
    insert_models(made)
    result.commendations = len(made)


def _chosen_commendations(bloc: Organization, rng: random.Random, today: dt.date) -> list[Commendation]:
    year, made = today.year - 1, []
    kinds = {k.code: k for k in CommendationKind.objects.prefetch_related("levels")}
    member_kind, org_kind = kinds.get("dv-xuat-sac-nam"), kinds.get("tccsd-xuat-sac-nam")
    people = list(_eligible(bloc)[:POOL])
    grassroots = list(Organization.objects.filter(path__startswith=bloc.path, parent=bloc).order_by("pk"))
    subjects: list[tuple[CommendationKind | None, Member | None, Organization | None]] = [
        *((member_kind, m, None) for m in rng.sample(people, min(4, len(people)))),
        *((org_kind, None, o) for o in rng.sample(grassroots, min(2, len(grassroots)))),
    ]
    for i, (kind, member, org) in enumerate(subjects):
        level = kind.levels.order_by("rank").first() if kind else None
        unit = member.organization if member else org
        if kind is None or level is None or unit is None:
            continue
        decider = commendation_rules.competent_organization(unit=unit, level=level, include_self=member is not None)
        if decider is None:
            continue
        decided = i % 3 != 2
        made.append(Commendation(
            kind=kind, level=level, member=member, organization=org, year=year, state=CommendationState.DECIDED
            if decided else CommendationState.PROPOSED, proposed_on=dt.date(year + 1, 1, 20),
            proposing_organization=unit.parent or unit, unit_path=unit.path, deciding_organization=decider,
            decision_number=f"{i + 1}-QĐ/ĐU" if decided else "",
            decided_on=dt.date(year + 1, 2, 10) if decided else None,
        ))  # fmt: skip
    return made


def prepare_recognition(*, bloc: Organization, seed: int, today: dt.date) -> RecognitionResult:
    """The facts the badge lists read (illness, a death, disciplines): before the ratings, which read them too."""
    rng = random.Random(seed * 31 + 10)
    result = RecognitionResult()
    taken, rules = set[int](), rules_in_force(dt.date(2025, 9, 2))
    _ill_and_deceased(bloc, rng, rules, taken, result)
    _disciplines(bloc, rng, rules, taken, today, result)
    return result


def build_recognition(*, bloc: Organization, seed: int, today: dt.date, result: RecognitionResult) -> RecognitionResult:
    """The badges of every award date and the commendations (after the ratings, which the suggestions read)."""
    rng = random.Random(seed * 31 + 11)
    _badges(bloc, rng, today, result)
    _commendations(bloc, rng, today, result)
    return result
