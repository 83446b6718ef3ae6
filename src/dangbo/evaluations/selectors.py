"""Reads of the rating rules.

Rule sets are public reference data (the party's own rules), the same for every user, so these
reads take no `Scope`; reads of ratings, which are tree data, will.
"""

from __future__ import annotations

import datetime as dt

from dangbo.core.errors import DomainError

from .models import RuleSet
from .params import ParamsError, RuleSetData


def rule_set_in_force_on(day: dt.date) -> RuleSet:
    """The one rule set in force on `day`; `DomainError` when there is none, or more than one."""
    found = list(
        RuleSet.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day).order_by("effective_from")
    )
    when = day.strftime("%d/%m/%Y")
    if not found:
        raise DomainError(f"Chưa có bộ quy tắc xếp loại chất lượng nào có hiệu lực ngày {when}.")
    if len(found) > 1:
        codes = ", ".join(r.code for r in found)
        raise DomainError(
            f"Có {len(found)} bộ quy tắc xếp loại cùng có hiệu lực ngày {when} ({codes}); "
            "hãy sửa thời gian hiệu lực để chỉ còn một bộ."
        )
    return found[0]


def rule_set_for_year(year: int) -> RuleSetData:
    """The rule set a rating of `year` uses: the one in force on 31/12 of that year, as engine data."""
    rule_set = rule_set_in_force_on(dt.date(year, 12, 31))
    try:
        return rule_set.as_data()
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc {rule_set.code} có tham số không hợp lệ: {exc}") from exc
