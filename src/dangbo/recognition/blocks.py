"""Discipline as it bears on a badge (rules.md §4, rules-2025 §7): a member under discipline is not proposed; the
badge waits until the decision has lapsed (`discipline.selectors`), the wait after the decision has passed (6, 9 or
12 months by form, [likely], the rule set's `discipline.wait_months`), and the cell has recognized that the member
mended their ways (`ImprovementConfirmation`). A decision that had ended before the milestone was reached does not
concern the badge.

`discipline_facts` reads, for the members of a list, the decisions that may bear on it: those in force on the award
date (`in_force_on`, once for all the members) and those decided within the look-back (their lapse days from
`lapse_days`, without a query per member), with the cell's confirmations. `block_of` is pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Q

from dangbo.core.dates import add_months
from dangbo.discipline.enums import AppealResult
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import in_force_on, lapse_days
from dangbo.organizations.models import Organization

from .models import ImprovementConfirmation
from .params import BadgeRules

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DisciplineFact:
    pk: int
    member_id: int
    form: str
    form_label: str
    decision_number: str
    decision_date: dt.date
    lapse: dt.date | None  # the first day it no longer applies (None: never, or not known yet)
    in_force: bool  # on the award date
    confirmed_on: dt.date | None
    resolution: str

    @property
    def named(self) -> str:
        decision = f"Quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"
        return f"kỷ luật {self.form_label.lower()} ({decision})"


@dataclass(frozen=True)
class Block:
    """Why a badge waits: the decision, the day it may be proposed again (None: not known yet), and whether only
    the cell's confirmation is missing."""

    fact: DisciplineFact
    until: dt.date | None
    awaiting_confirmation: bool
    in_force: bool = False

    def sentence(self, rules: BadgeRules) -> str:
        f = self.fact
        wait = rules.discipline_wait_months.get(f.form, 12)
        if self.awaiting_confirmation:
            text = (
                f"Chưa xét tặng: {f.named} đã hết hiệu lực và đã qua {wait} tháng, nhưng chi bộ chưa công nhận "
                "đảng viên sửa chữa tốt khuyết điểm"
            )
        else:
            until = f"{self.until:%d/%m/%Y}" if self.until else "khi quyết định hết hiệu lực"
            then = " và chi bộ công nhận sửa chữa tốt khuyết điểm" if rules.confirmation_required else ""
            state = "đang chịu" if self.in_force else "chưa đủ thời gian sau"
            text = (
                f"Chưa xét tặng: {state} {f.named}; được xét lại từ {until} (quyết định hết hiệu lực và đủ {wait} "
                f"tháng kể từ ngày quyết định){then}"
            )
        return rules.discipline_source.cite(text)


def recent_decisions(*, on: dt.date, since: dt.date, path: str, among: Q) -> list[Discipline]:
    """Member decisions of the subtree taken in (since, on] about the members `among` selects, annulled ones left
    out: the members they concern may carry a blocked badge over from an earlier award date."""
    return list(
        Discipline.objects.filter(
            among, member__isnull=False, decision_date__gt=since, decision_date__lte=on,
            member__organization_id__in=Organization.objects.filter(path__startswith=path).values("id"),
        ).exclude(appeal_result=AppealResult.ANNULLED)
    )  # fmt: skip


def discipline_facts(
    *, on: dt.date, member_ids: Collection[int], recent: Iterable[Discipline]
) -> dict[int, list[DisciplineFact]]:
    """The decisions bearing on the members' badges on award date `on`, by member id."""
    in_force = in_force_on(on=on, member_ids=member_ids)
    wanted = set(member_ids)
    decisions = {d.pk: d for d in recent if d.member_id in wanted}
    force_ids = {d.pk for items in in_force.values() for d in items}
    for items in in_force.values():
        for d in items:
            decisions.setdefault(d.pk, d)
    lapse = lapse_days(decisions.values())
    confirmations = {
        c.discipline_id: c
        for c in ImprovementConfirmation.objects.filter(discipline_id__in=list(decisions), confirmed_on__lte=on)
    }
    out: dict[int, list[DisciplineFact]] = defaultdict(list)
    for d in decisions.values():
        c = confirmations.get(d.pk)
        out[d.member_id].append(  # type: ignore[index]
            DisciplineFact(
                pk=d.pk, member_id=d.member_id, form=d.form, form_label=d.get_form_display(),  # type: ignore[arg-type]
                decision_number=d.decision_number, decision_date=d.decision_date, lapse=lapse.get(d.pk),
                in_force=d.pk in force_ids, confirmed_on=c.confirmed_on if c else None,
                resolution=c.resolution if c else "",
            )
        )  # fmt: skip
    return dict(out)


def wait_ends(form: str, decision_date: dt.date, rules: BadgeRules) -> dt.date:
    """The day the wait after a decision of `form` is over (6, 9 or 12 months)."""
    return add_months(decision_date, rules.discipline_wait_months.get(form, 12))


def block_of(
    facts: Iterable[DisciplineFact], *, reached: dt.date, on: dt.date, rules: BadgeRules, in_force_known: bool = True
) -> Block | None:
    """What holds back on `on` a badge whose milestone is (or, for an early award, would be) `reached`: the
    decision that frees it last; None when nothing does. The facts say which decisions are in force on the list's
    award date; for another day (`in_force_known=False`) their lapse days tell."""
    ref = min(reached, on)
    worst: Block | None = None
    for f in facts:
        if f.decision_date > on:
            continue
        waited = wait_ends(f.form, f.decision_date, rules)
        free = None if f.lapse is None else max(f.lapse, waited)
        if free is not None and free <= ref:
            continue  # it had ended before the milestone
        in_force = f.in_force if in_force_known else (f.lapse is None or on < f.lapse)
        if in_force or free is None or on < free:
            block = Block(f, free, awaiting_confirmation=False, in_force=in_force)
        elif rules.confirmation_required and not (f.confirmed_on and waited <= f.confirmed_on <= on):
            block = Block(f, None, awaiting_confirmation=True)
        else:
            continue
        if worst is None or _later(block, worst):
            worst = block
    return worst


def _later(a: Block, b: Block) -> bool:
    if b.until is None and not b.awaiting_confirmation:
        return False
    if a.until is None and not a.awaiting_confirmation:
        return True
    return (a.until or dt.date.min) > (b.until or dt.date.min)
