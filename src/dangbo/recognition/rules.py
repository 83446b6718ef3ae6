"""The badge rules in force: `rules_in_force(day)` gives the rule set in force on a day as `BadgeRules` (the parsed
`BadgeRuleSet.params`); milestones, award dates, windows and waits are read from it, never written in the code."""

from __future__ import annotations

import datetime as dt

from dangbo.core.errors import DomainError
from dangbo.core.models import parsed_in_force

from .models import BadgeRuleSet
from .params import BadgeRules, parse_params

__all__ = ["BadgeRules", "award_dates_between", "check_award_date", "rules_in_force", "rules_of"]


def rules_of(rule_set: BadgeRuleSet) -> BadgeRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(rule_set.params, citation=rule_set.citation, code=rule_set.code, rule_set_id=rule_set.pk)


def rules_in_force(day: dt.date) -> BadgeRules:
    """The badge rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are invalid:
    a list is never computed from made-up numbers."""
    return parsed_in_force(BadgeRuleSet, day, rules_of, what="Huy hiệu Đảng")


def award_dates_between(first_year: int, last_year: int) -> list[dt.date]:
    """The award dates of the years, each year's from the rule set in force on its 1 January (years without one
    are left out)."""
    days: list[dt.date] = []
    for year in range(first_year, last_year + 1):
        try:
            rules = rules_in_force(dt.date(year, 1, 1))
        except DomainError:
            continue
        days.extend(rules.award_dates_in(year))
    return days


def check_award_date(day: dt.date) -> BadgeRules:
    """The rules in force on `day`, refusing a day that is not one of their award dates."""
    rules = rules_in_force(day)
    if not rules.is_award_date(day):
        dates = ", ".join(f"{d:02d}/{m:02d}" for d, m in rules.award_days)
        raise DomainError(
            rules.award_source.cite(f"Ngày {day:%d/%m/%Y} không phải đợt trao tặng Huy hiệu Đảng (các đợt: {dates})"),
            field="award_date",
        )
    return rules
