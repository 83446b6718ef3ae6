"""The complaint rules in force: `rules_in_force(day)` gives the rule set in force on a day as `ComplaintRules`
(the parsed `ComplaintRuleSet.params`); every deadline of a letter and of a notice is read from it."""

from __future__ import annotations

import datetime as dt

from dangbo.core.models import parsed_in_force

from .models import ComplaintRuleSet
from .params import ComplaintRules, parse_params

__all__ = ["ComplaintRules", "rules_in_force", "rules_of"]


def rules_of(rule_set: ComplaintRuleSet) -> ComplaintRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        rule_set_id=rule_set.pk,
        effective_from=rule_set.effective_from,
    )


def rules_in_force(day: dt.date) -> ComplaintRules:
    """The complaint rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a deadline is never computed from made-up numbers."""
    return parsed_in_force(ComplaintRuleSet, day, rules_of, what="khiếu nại, tố cáo")
