"""The inspection rules in force: `rules_in_force(day)` gives the rule set in force on a day as `InspectionRules`
(the parsed `InspectionRuleSet.params`); which kinds target whom, the stages' deadlines and the discipline
competence of each body are read from it."""

from __future__ import annotations

import datetime as dt

from dangbo.core.models import parsed_in_force

from .models import InspectionRuleSet
from .params import InspectionRules, parse_params

__all__ = ["InspectionRules", "rules_in_force", "rules_of"]


def rules_of(rule_set: InspectionRuleSet) -> InspectionRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        rule_set_id=rule_set.pk,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
    )


def rules_in_force(day: dt.date) -> InspectionRules:
    """The inspection rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a deadline or a competence is never read from made-up numbers."""
    return parsed_in_force(InspectionRuleSet, day, rules_of, what="kiểm tra, giám sát")
