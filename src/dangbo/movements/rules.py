"""The movement rules in force: `rules_in_force(day)` gives the rule set in force on a day as `MovementRules`
(the parsed `MovementRuleSet.params`); every deadline and period of the movement procedures is read from it."""

from __future__ import annotations

import datetime as dt

from dangbo.core.models import parsed_in_force

from .models import MovementRuleSet
from .params import MovementRules, parse_params

__all__ = ["MovementRules", "rules_in_force", "rules_of"]


def rules_of(rule_set: MovementRuleSet) -> MovementRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        rule_set_id=rule_set.pk,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
    )


def rules_in_force(day: dt.date) -> MovementRules:
    """The movement rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a deadline is never computed from made-up numbers."""
    return parsed_in_force(MovementRuleSet, day, rules_of, what="biến động đảng viên")
