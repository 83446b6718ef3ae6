"""Reads of discipline decisions, always limited to a scope.

A decision is visible where the user holds `right` over the unit the subject belonged to on the
decision date, or over the subject's current unit (so a member's new cell still sees the decision
taken in the old one when it rates the member). Viewing decisions needs `view_discipline`; the
rating work reads them as facts with `view_members` (the cell knows its members' disciplines).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.dates import add_months, add_years
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import AppealResult, DisciplineState
from .models import Discipline
from .params import DisciplineRules
from .rules import RulesByDate


def disciplines_for(
    scope: Scope, *, right: str = Right.VIEW_DISCIPLINE, include_annulled: bool = False
) -> QuerySet[Discipline]:
    """The decisions in the scope. A decision annulled on appeal never applied: it is left out (the rating facts,
    the yearly lists) unless `include_annulled` (the discipline pages, which show it as annulled)."""
    q = (
        scope.path_q(right, "organization_at_decision__path")
        | scope.path_q(right, "member__organization__path")
        | scope.path_q(right, "organization__path")
    )
    qs = Discipline.objects.filter(q)
    return qs if include_annulled else qs.exclude(appeal_result=AppealResult.ANNULLED)


def _year_range(year: int) -> Q:
    return Q(decision_date__gte=dt.date(year, 1, 1), decision_date__lte=dt.date(year, 12, 31))


def disciplines_in_year(
    scope: Scope,
    *,
    year: int,
    member: Member | None = None,
    organization: Organization | None = None,
    right: str = Right.VIEW_DISCIPLINE,
) -> QuerySet[Discipline]:
    """Decisions taken in `year` (by decision date) against one member or one organization itself."""
    if (member is None) == (organization is None):
        raise DomainError("Cần chọn đúng một đảng viên hoặc một tổ chức đảng.")
    subject = Q(member=member) if member is not None else Q(organization=organization)
    return disciplines_for(scope, right=right).filter(subject & _year_range(year)).order_by("decision_date", "id")


def disciplines_under_in_year(
    scope: Scope, *, organization: Organization, year: int, right: str = Right.VIEW_DISCIPLINE
) -> QuerySet[Discipline]:
    """Decisions taken in `year` against members or organizations that were inside `organization`'s
    subtree on the decision date (the organization itself included): the facts a collective's rating reads."""
    return (
        disciplines_for(scope, right=right)
        .filter(_year_range(year), organization_at_decision__path__startswith=organization.path)
        .select_related("organization_at_decision")
        .order_by("decision_date", "id")
    )


# --- Limitation, lapse and the decisions in force -------------------------------------------------------------


def limitation_ends(
    violation_date: dt.date,
    violation_kind: str,
    form: str,
    rules: DisciplineRules,
    *,
    later_violations: Iterable[dt.date] = (),
) -> dt.date | None:
    """The last day within the limitation period of a violation committed on `violation_date` that warrants `form`
    (None: no limitation: the form has none, e.g. expulsion, or the kind is one of the named kinds).

    The period of N years starts the day after the violation and ends at the end of the same day N years later
    (Bộ luật Dân sự 2015, Điều 147–148; 29/02 ends on 28/02): a violation of 10/03/2020 warranting a reprimand
    (5 years) may still be concluded on 10/03/2025 and is past its limitation from 11/03/2025. A new violation by
    the same subject committed within the period restarts the clock from its own date (`later_violations`: the
    violation dates of the subject's other recorded decisions or open cases; earlier ones and those after the
    period ended are ignored)."""
    if violation_kind in rules.unlimited_kinds:
        return None
    years = rules.limitation_years.get(form)
    if years is None:
        return None
    start, end = violation_date, add_years(violation_date, years)
    for later in sorted(later_violations):
        if later <= start:
            continue
        if later > end:
            break
        start, end = later, add_years(later, years)
    return end


def later_violations_of(
    *, member: Member | None = None, organization: Organization | None = None, after: dt.date
) -> list[dt.date]:
    """The violation dates after `after` of the subject's recorded decisions (annulled ones left out)."""
    subject = Q(member=member) if member is not None else Q(organization=organization)
    return list(
        Discipline.objects.filter(subject, violation_date__gt=after)
        .exclude(appeal_result=AppealResult.ANNULLED)
        .values_list("violation_date", flat=True)
    )


def _first_day_lapsed(d: Discipline, later: Sequence[Discipline], rules_by_date: RulesByDate) -> dt.date | None:
    """The first day `d` no longer applies, or None (never lapses, annulled, appeal pending, no rules)."""
    if d.appeal_result == AppealResult.ANNULLED or d.appeal_pending:
        return None
    rules = rules_by_date.on(d.decision_date)
    if rules is None or d.form in rules.never_lapse:
        return None
    base = d.appeal_decided_on if d.appeal_result else d.decision_date
    assert base is not None
    first_day = add_months(base, rules.lapse_months) + dt.timedelta(days=1)
    for e in later:  # a new violation before the lapse: `d` lapses no earlier than the later decision does
        if d.decision_date <= e.violation_date < first_day:
            lapse_e = getattr(e, "_lapse", None)
            if lapse_e is None:
                return None
            first_day = max(first_day, lapse_e)
    return first_day


def lapse_days(decisions: Iterable[Discipline], rules_by_date: RulesByDate | None = None) -> dict[int, dt.date | None]:
    """The first day each decision no longer applies (None: it never lapses, or not yet known), computed from the
    decisions given (each subject's decisions should all be there: a later one can hold an earlier one in force).
    No query besides the rule sets."""
    rules_by_date = rules_by_date or RulesByDate()
    by_subject: dict[tuple[str, int], list[Discipline]] = defaultdict(list)
    for d in decisions:
        key = ("m", d.member_id) if d.member_id is not None else ("o", d.organization_id)
        by_subject[key].append(d)  # type: ignore[index]
    out: dict[int, dt.date | None] = {}
    for items in by_subject.values():
        items.sort(key=lambda d: (d.decision_date, d.pk))
        counted = [d for d in items if d.appeal_result != AppealResult.ANNULLED]
        for i in range(len(items) - 1, -1, -1):  # latest first: a later decision's lapse is known when needed
            d = items[i]
            later = [e for e in counted if (e.decision_date, e.pk) > (d.decision_date, d.pk)]
            d._lapse = _first_day_lapsed(d, later, rules_by_date)  # type: ignore[attr-defined]
            out[d.pk] = d._lapse  # type: ignore[attr-defined]
    return out


def lapses_on(discipline: Discipline, *, as_of: dt.date | None = None) -> dt.date | None:
    """The first day the decision no longer applies: one year (the rule set's `lapse.months`) after the decision
    date, or after the appeal was settled when there was one; later if the subject committed a new violation
    before that day that was disciplined (then it lapses with the later decision). None: expulsion and dissolution
    never lapse; an annulled decision never applied; an appeal still pending leaves the day unknown. `as_of` counts
    only the decisions taken by that day. Two queries (the subject's decisions, the rule sets)."""
    subject = (
        Q(member_id=discipline.member_id) if discipline.member_id else Q(organization_id=discipline.organization_id)
    )
    qs = Discipline.objects.filter(subject)
    if as_of is not None:
        qs = qs.filter(decision_date__lte=as_of)
    decisions = [d for d in qs if d.pk != discipline.pk] + [discipline]
    return lapse_days(decisions).get(discipline.pk)


def state_on(discipline: Discipline, on: dt.date, lapse: dt.date | None) -> str:
    """Where the decision stands on `on`, given its `lapse` day (from `lapse_days` or `lapses_on`)."""
    if discipline.annulled:
        return DisciplineState.ANNULLED
    if (
        discipline.appealed_on is not None
        and discipline.appealed_on <= on
        and (not discipline.appeal_result or (discipline.appeal_decided_on and discipline.appeal_decided_on > on))
    ):
        return DisciplineState.APPEALED
    if lapse is not None and on >= lapse:
        return DisciplineState.LAPSED
    return DisciplineState.IN_FORCE


_IN_LIMIT = 900  # ids put in the query itself; beyond that the candidates are filtered here


def in_force_on(*, on: dt.date, member_ids: Iterable[int] | None = None) -> dict[int, list[Discipline]]:
    """The member decisions in force on `on` (decided by then, not annulled, not lapsed), by member id: only the
    members with one appear. Set-based: one query whatever the number of members (plus the rule sets).

    Decisions are rare beside members, so the query does not carry a long id list: it takes the members who have a
    decision that may still apply on `on` (a form that never lapses, decided or settled within the longest lapse
    period, or an appeal pending) and all their decisions taken by `on` (an older one can be held in force by a
    later violation); `member_ids` then narrows the result here."""
    rules_by_date = RulesByDate()
    months = max((r.lapse_months for r in rules_by_date.all()), default=12) + 1
    never = {f for r in rules_by_date.all() for f in r.never_lapse}
    horizon = add_months(on, -months)
    wanted = None if member_ids is None else set(member_ids)
    base = Discipline.objects.filter(member__isnull=False, decision_date__lte=on).exclude(
        appeal_result=AppealResult.ANNULLED
    )
    if wanted is not None and len(wanted) <= _IN_LIMIT:
        base = base.filter(member_id__in=wanted)
    maybe = base.filter(
        Q(form__in=sorted(never))
        | Q(decision_date__gte=horizon)
        | Q(appeal_decided_on__gte=horizon)
        | Q(appealed_on__isnull=False, appeal_result="")
    )
    decisions = list(base.filter(member_id__in=maybe.values("member_id")).select_related("member"))
    for d in decisions:  # as of `on`: an appeal filed or settled later is not known yet
        if d.appealed_on is not None and d.appealed_on > on:
            d.appealed_on, d.appeal_result, d.appeal_decided_on = None, "", None
        elif d.appeal_decided_on is not None and d.appeal_decided_on > on:
            d.appeal_result, d.appeal_decided_on = "", None
    lapse = lapse_days(decisions, rules_by_date)
    out: dict[int, list[Discipline]] = defaultdict(list)
    for d in decisions:
        if wanted is not None and d.member_id not in wanted:
            continue
        if state_on(d, on, lapse[d.pk]) in (DisciplineState.IN_FORCE, DisciplineState.APPEALED):
            out[d.member_id].append(d)  # type: ignore[index]
    return dict(out)
