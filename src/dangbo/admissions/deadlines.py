"""Deadlines of the admission pipeline, counted in working days by the one calendar (`core.calendar`).

- ceremony: the 30th working day after the cell receives the admission decision (the decision date when the
  day of receipt was not recorded);
- recognition vote: the 30th working day after the probation's 12 months end;
- escalation: after three recognition votes without 2/3 either way, the committee above decides; the system
  gives it the same 30 working days from the third vote (an assumption: no period was found in the rules).
Each `Deadline` carries the Vietnamese sentence of the rule that set it (with its source). The numbers come
from the rule set in force on the day the period starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from dangbo.core.calendar import add_working_days

from .enums import Stage, VoteKind
from .models import AdmissionRuleSet, Candidate
from .rules import AdmissionRules, ParamsError, rules_of

AddDays = Callable[[dt.date, int], dt.date]  # `add_working_days`, or a memo of it


@dataclass(frozen=True)
class Deadline:
    candidate: Candidate
    kind: str  # "ceremony", "recognition", "escalation"
    label: str  # what is due, in Vietnamese
    due: dt.date
    rule: str  # the rule that set the date, in Vietnamese, with its source
    overdue: bool


class _Rules:
    """The rule sets, read once per call and picked by day."""

    def __init__(self) -> None:
        self.sets: list[AdmissionRules] = []
        for rule_set in AdmissionRuleSet.objects.order_by("-effective_from"):
            try:
                self.sets.append(rules_of(rule_set))
            except ParamsError:
                continue

    def shortest_period(self) -> int:
        """The fewest working days any rule set gives (a deadline is at least that many calendar days after the
        day its period starts)."""
        return min((min(r.ceremony_working_days, r.recognition_working_days) for r in self.sets), default=0)

    def on(self, day: dt.date) -> AdmissionRules | None:
        for rules in self.sets:
            if rules.effective_from <= day and (rules.effective_to is None or day <= rules.effective_to):
                return rules
        return None


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _ceremony(c: Candidate, rules: AdmissionRules, add: AddDays = add_working_days) -> tuple[dt.date, str]:
    assert c.decided_on is not None
    start = c.decision_received_on or c.decided_on
    n = rules.ceremony_working_days
    since = "chi bộ nhận quyết định" if c.decision_received_on else "quyết định (chưa ghi ngày chi bộ nhận)"
    rule = rules.deadline_source.cite(
        f"Lễ kết nạp phải tổ chức trong {n} ngày làm việc kể từ ngày {since} {_d(start)}; tổ chức muộn hơn phải "
        "được cấp ủy cấp trên trực tiếp đồng ý."
    )
    return add(start, n), rule


def _recognition(c: Candidate, rules: AdmissionRules, add: AddDays = add_working_days) -> tuple[dt.date, str]:
    assert c.probation_ends_on is not None
    n = rules.recognition_working_days
    rule = rules.deadline_source.cite(
        f"Chi bộ xét công nhận đảng viên chính thức trong {n} ngày làm việc sau khi hết {rules.probation_months} "
        f"tháng dự bị ({_d(c.probation_ends_on)}); đảng viên được công nhận là chính thức từ ngày hết dự bị, kể cả "
        "khi biểu quyết muộn."
    )
    return add(c.probation_ends_on, n), rule


def _escalation(
    last_vote: dt.date, votes: int, rules: AdmissionRules, add: AddDays = add_working_days
) -> tuple[dt.date, str]:
    n = rules.recognition_working_days
    rule = rules.probation_source.cite(
        f"Sau {votes} lần biểu quyết không đạt {rules.vote_fraction} tán thành hoặc không tán thành, cấp ủy cấp trên "
        f"quyết định; hạn {n} ngày làm việc kể từ lần biểu quyết cuối ({_d(last_vote)}) là giả định của hệ thống."
    )
    return add(last_vote, n), rule


def deadlines(candidates: QuerySet[Candidate], *, today: dt.date, until: dt.date | None = None) -> list[Deadline]:
    """Open deadlines of these candidacies, overdue first, then by date; only those due by `until` if given."""
    sets = _Rules()
    add = cache(add_working_days)  # many candidacies share a start day; the calendar is read once per call
    rows = (
        candidates.filter(Q(stage=Stage.DECIDED) | Q(stage=Stage.PROBATION))
        .select_related("cell__parent")
        .annotate(
            recognition_votes=Count("votes", filter=Q(votes__kind=VoteKind.RECOGNITION)),
            last_vote=Max("votes__held_on", filter=Q(votes__kind=VoteKind.RECOGNITION)),
        )
    )
    if until is not None:  # a deadline falls at least `shortest` calendar days after its period starts
        bound = until - dt.timedelta(days=sets.shortest_period())
        rows = rows.annotate(decision_start=Coalesce("decision_received_on", "decided_on")).filter(
            Q(stage=Stage.DECIDED, decision_start__lte=bound)
            | Q(stage=Stage.PROBATION, probation_ends_on__lte=bound)
            | Q(stage=Stage.PROBATION, last_vote__lte=bound)
        )
    out: list[Deadline] = []
    for c in rows:
        if c.stage == Stage.DECIDED and c.decided_on is not None:
            rules = sets.on(c.decision_received_on or c.decided_on)
            if rules is None:
                continue
            due, rule = _ceremony(c, rules, add)
            kind, label = "ceremony", "Tổ chức lễ kết nạp"
        elif c.stage == Stage.PROBATION and c.probation_ends_on is not None:
            rules = sets.on(c.probation_ends_on)
            if rules is None:
                continue
            votes: int = c.recognition_votes
            if votes >= rules.max_inconclusive_votes:
                due, rule = _escalation(c.last_vote, votes, rules, add)
                kind, label = "escalation", "Cấp ủy cấp trên quyết định công nhận đảng viên chính thức"
            else:
                due, rule = _recognition(c, rules, add)
                kind = "recognition"
                label = "Chi bộ xét công nhận đảng viên chính thức" + (f" (lần {votes + 1})" if votes else "")
        else:
            continue
        if until is not None and due > until:
            continue
        out.append(Deadline(candidate=c, kind=kind, label=label, due=due, rule=rule, overdue=due < today))
    out.sort(key=lambda d: (not d.overdue, d.due, d.candidate.sort_key, d.candidate.pk))
    return out
