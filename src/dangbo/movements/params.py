"""A movement rule set's deadlines and periods: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `MovementRules` or raises `ParamsError` listing every problem in
Vietnamese; a group or key the layout does not know is refused, so a typo cannot silently switch a rule off. Each
group (`transfer`, `temporary`, `reminder`, `abroad`, `residence`, `exemption`, `suspension`) may name its own
`source`, `confidence` ("sure", "likely", "assumed") and `note`; without them the rule set's citation is the source
and the rule is sure (`core.rule_params` reads the groups). The layout, with the shipped values, is in docs/rules.md
("Biến động đảng viên"); `movements.rules.rules_in_force(day)` gives the set in force on a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source

__all__ = ["MovementRules", "ParamsError", "Source", "parse_params"]


@dataclass(frozen=True)
class MovementRules:
    """One movement rule set as the services and checks see it: plain values, no database."""

    code: str
    citation: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    rule_set_id: int | None
    # Official transfer: start within N working days of the cause; present the letter within M of its date.
    transfer_start_working_days: int
    transfer_present_working_days: int
    transfer_source: Source
    # Temporary attachment: from min_months to under max_months (study: up to study_max_months).
    temporary_min_months: int
    temporary_max_months: int
    temporary_study_max_months: int
    temporary_source: Source
    # Remind this many days before a temporary attachment ends.
    reminder_days_before: int
    reminder_source: Source
    # Report to the cell within N working days of returning from abroad.
    abroad_report_working_days: int
    abroad_source: Source
    # The residence cell's yearly feedback is due by this day and month.
    residence_feedback_day: int
    residence_feedback_month: int
    residence_source: Source
    # "Old age" for exemption: over working age (men, women).
    exemption_old_age_men: int
    exemption_old_age_women: int
    exemption_source: Source
    # Suspension (đình chỉ sinh hoạt đảng): `days` calendar days, at most `max_days` with the extensions.
    suspension_days: int
    suspension_max_days: int
    suspension_source: Source

    def residence_feedback_due(self, year: int) -> dt.date:
        """The day the residence feedback of `year` is due."""
        return dt.date(year, self.residence_feedback_month, self.residence_feedback_day)


_GROUPS: dict[str, set[str]] = {
    "transfer": {"start_working_days", "present_working_days"},
    "temporary": {"min_months", "max_months", "study_max_months"},
    "reminder": {"days_before"},
    "abroad": {"report_working_days"},
    "residence": {"feedback_day", "feedback_month"},
    "exemption": {"old_age_men", "old_age_women"},
    "suspension": {"days", "max_days"},
}


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    rule_set_id: int | None = None,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
) -> MovementRules:
    """Check and type a movement rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc biến động đảng viên phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    transfer, temporary, reminder = r.group(raw, "transfer"), r.group(raw, "temporary"), r.group(raw, "reminder")
    abroad, residence, exemption = r.group(raw, "abroad"), r.group(raw, "residence"), r.group(raw, "exemption")
    suspension = r.group(raw, "suspension")
    rules = MovementRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        effective_to=effective_to,
        rule_set_id=rule_set_id,
        transfer_start_working_days=r.whole(transfer, "transfer", "start_working_days", low=1, high=365),
        transfer_present_working_days=r.whole(transfer, "transfer", "present_working_days", low=1, high=365),
        transfer_source=r.source(transfer, "transfer"),
        temporary_min_months=r.whole(temporary, "temporary", "min_months", low=1, high=24),
        temporary_max_months=r.whole(temporary, "temporary", "max_months", low=1, high=60),
        temporary_study_max_months=r.whole(temporary, "temporary", "study_max_months", low=1, high=60),
        temporary_source=r.source(temporary, "temporary"),
        reminder_days_before=r.whole(reminder, "reminder", "days_before", low=0, high=180),
        reminder_source=r.source(reminder, "reminder"),
        abroad_report_working_days=r.whole(abroad, "abroad", "report_working_days", low=1, high=365),
        abroad_source=r.source(abroad, "abroad"),
        residence_feedback_day=r.whole(residence, "residence", "feedback_day", low=1, high=31),
        residence_feedback_month=r.whole(residence, "residence", "feedback_month", low=1, high=12),
        residence_source=r.source(residence, "residence"),
        exemption_old_age_men=r.whole(exemption, "exemption", "old_age_men", low=40, high=80),
        exemption_old_age_women=r.whole(exemption, "exemption", "old_age_women", low=40, high=80),
        exemption_source=r.source(exemption, "exemption"),
        suspension_days=r.whole(suspension, "suspension", "days", low=1, high=366),
        suspension_max_days=r.whole(suspension, "suspension", "max_days", low=1, high=732),
        suspension_source=r.source(suspension, "suspension"),
    )
    if r.errors:  # the cross-checks below only mean something once each value is valid
        r.raise_errors()
    if rules.temporary_min_months > rules.temporary_max_months:
        r.fail("Thời hạn sinh hoạt tạm thời tối thiểu (temporary.min_months) không được lớn hơn tối đa (max_months).")
    if rules.temporary_max_months > rules.temporary_study_max_months:
        r.fail("Thời hạn tối đa khi đi học (temporary.study_max_months) không được nhỏ hơn max_months.")
    if rules.suspension_days > rules.suspension_max_days:
        r.fail("Thời hạn đình chỉ sinh hoạt đảng (suspension.days) không được lớn hơn thời hạn tối đa (max_days).")
    try:
        rules.residence_feedback_due(2024)  # a leap year: 29/2 is a valid day
    except ValueError:
        r.fail("Ngày hạn nhận xét nơi cư trú (residence.feedback_day/feedback_month) không phải ngày có thật.")
    r.raise_errors()
    return rules
