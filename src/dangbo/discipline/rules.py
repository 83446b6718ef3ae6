"""The discipline rules in force: `rules_in_force(day)` gives the rule set in force on a day as `DisciplineRules`
(the parsed `DisciplineRuleSet.params`); every form, vote, competent level, limitation period, appeal window and
lapse of the discipline work is read from it. `RulesByDate` loads every rule set once for the set-based reads."""

from __future__ import annotations

import datetime as dt

from dangbo.core.models import parsed_in_force

from .models import DisciplineRuleSet
from .params import DisciplineRules, ParamsError, parse_params

__all__ = ["DisciplineRules", "RulesByDate", "rules_in_force", "rules_of"]


def rules_of(rule_set: DisciplineRuleSet) -> DisciplineRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        rule_set_id=rule_set.pk,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
    )


def rules_in_force(day: dt.date) -> DisciplineRules:
    """The discipline rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a deadline is never computed from made-up numbers."""
    return parsed_in_force(DisciplineRuleSet, day, rules_of, what="kỷ luật đảng")


class RulesByDate:
    """Every discipline rule set, loaded once (a handful of rows), to look up the one in force on many days.
    Sets whose parameters are invalid are skipped: a day they cover has no rules (`on` returns None). A day before
    every set (a decision recorded before the rules were shipped) is read with the earliest set."""

    def __init__(self) -> None:
        self._sets: list[DisciplineRules] = []
        for rule_set in DisciplineRuleSet.objects.order_by("-effective_from"):
            try:
                self._sets.append(rules_of(rule_set))
            except ParamsError:
                continue

    def all(self) -> list[DisciplineRules]:
        return list(self._sets)

    def on(self, day: dt.date) -> DisciplineRules | None:
        for rules in self._sets:
            assert rules.effective_from is not None
            if rules.effective_from <= day and (rules.effective_to is None or day <= rules.effective_to):
                return rules
        earliest = self._sets[-1] if self._sets else None
        if earliest is not None and earliest.effective_from is not None and day < earliest.effective_from:
            return earliest
        return None
