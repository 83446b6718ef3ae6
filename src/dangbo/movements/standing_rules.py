"""The movement rule set's periods and deadlines for temporary attachment, exemption and going abroad, as the
standing services read them: the rule set in force on the movement's day, its `temporary`, `reminder` and `abroad`
groups typed and checked (`core.rule_params`), each limit explained with its source (`Source.cite`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.errors import DomainError
from dangbo.core.rule_params import GroupReader, ParamsError, Source

from .models import MovementRuleSet


@dataclass(frozen=True)
class StandingRules:
    code: str
    rule_set_id: int | None
    min_months: int
    max_months: int  # a temporary attachment lasts less than this many months
    study_max_months: int  # full-time study: up to this many months
    temporary_source: Source
    reminder_days: int
    reminder_source: Source
    report_working_days: int
    abroad_source: Source


_GROUPS = {
    "temporary": {"min_months", "max_months", "study_max_months"},
    "reminder": {"days_before"},
    "abroad": {"report_working_days"},
}


def read_rules(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> StandingRules:
    """The three groups out of the rule set's JSON (other groups are read by their own services)."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    temporary, reminder, abroad = (r.group(raw, name) for name in ("temporary", "reminder", "abroad"))
    rules = StandingRules(
        code=code,
        rule_set_id=rule_set_id,
        min_months=r.whole(temporary, "temporary", "min_months", low=1, high=120),
        max_months=r.whole(temporary, "temporary", "max_months", low=1, high=120),
        study_max_months=r.whole(temporary, "temporary", "study_max_months", low=1, high=120),
        temporary_source=r.source(temporary, "temporary"),
        reminder_days=r.whole(reminder, "reminder", "days_before", low=0, high=365),
        reminder_source=r.source(reminder, "reminder"),
        report_working_days=r.whole(abroad, "abroad", "report_working_days", low=1, high=365),
        abroad_source=r.source(abroad, "abroad"),
    )
    if rules.min_months >= rules.max_months:
        r.fail("Tham số “temporary.min_months” phải nhỏ hơn “temporary.max_months”.")
    r.raise_errors()
    return rules


def rules_on(day: dt.date) -> StandingRules:
    """The rules in force on `day`; refused (DomainError) when no rule set is, or its parameters are invalid."""
    rule_set = MovementRuleSet.objects.in_force_on(day).first()
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc biến động đảng viên nào có hiệu lực ngày {day:%d/%m/%Y}.")
    try:
        return read_rules(rule_set.params, citation=rule_set.citation, code=rule_set.code, rule_set_id=rule_set.pk)
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc biến động đảng viên “{rule_set.code}” có tham số không hợp lệ: {exc}") from exc
