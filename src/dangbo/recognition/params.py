"""A badge rule set's milestones, award dates, windows and discipline waits: the JSON an administrator edits,
read into typed, checked values.

`parse_params(raw, citation=...)` returns `BadgeRules` or raises `ParamsError` listing every problem in Vietnamese;
a group or key the layout does not know is refused. Each group (`milestones`, `award_dates`, `early`,
`posthumous`, `discipline`, `carry_over`) may name its own `source`, `confidence` and `note` (`core.rule_params`).
The layout, with the shipped values, is in docs/rules.md ("Huy hiệu Đảng, khen thưởng").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source

__all__ = ["BadgeRules", "ParamsError", "Source", "parse_params"]

DISCIPLINE_FORMS = ("reprimand", "warning", "dismissal")


@dataclass(frozen=True)
class BadgeRules:
    """One badge rule set as the list, the services and the checks see it: plain values, no database."""

    code: str
    citation: str
    rule_set_id: int | None
    milestones: tuple[int, ...]  # years of seniority, ascending
    milestones_source: Source
    award_days: tuple[tuple[int, int], ...]  # (day, month), in calendar order
    award_source: Source
    # Seriously ill members: up to `early_months` early, `early_long_months` from `early_long_from_years` years.
    early_months: int
    early_long_months: int
    early_long_from_years: int
    early_source: Source
    # A member who died at most this many months before reaching the milestone.
    posthumous_months: int
    posthumous_source: Source
    # Months after the decision before a disciplined member may be proposed again (reprimand, warning, dismissal),
    # and whether the cell's confirmation of improvement is needed too.
    discipline_wait_months: dict[str, int]
    confirmation_required: bool
    discipline_source: Source
    # How far back the list looks for members blocked earlier and not yet awarded.
    carry_over_months: int
    carry_over_source: Source

    def early_window_months(self, years: int) -> int:
        """How early a seriously ill member may receive the badge of `years` years."""
        return self.early_long_months if years >= self.early_long_from_years else self.early_months

    def award_dates_in(self, year: int) -> list[dt.date]:
        return [dt.date(year, month, day) for day, month in self.award_days]

    def is_award_date(self, day: dt.date) -> bool:
        return (day.day, day.month) in self.award_days

    def previous_award_date(self, day: dt.date) -> dt.date:
        """The award date before `day` (the last one of the year before, for the year's first)."""
        earlier = [d for d in self.award_dates_in(day.year) if d < day]
        return earlier[-1] if earlier else self.award_dates_in(day.year - 1)[-1]

    def next_award_date(self, day: dt.date) -> dt.date:
        """The first award date on or after `day`."""
        later = [d for d in self.award_dates_in(day.year) if d >= day]
        return later[0] if later else self.award_dates_in(day.year + 1)[0]


_GROUPS: dict[str, set[str]] = {
    "milestones": {"years"},
    "award_dates": {"days"},
    "early": {"months", "long_months", "long_from_years"},
    "posthumous": {"months"},
    "discipline": {"wait_months", "confirmation_required"},
    "carry_over": {"months"},
}


def _milestones(r: GroupReader, g: dict[str, Any]) -> tuple[int, ...]:
    value = g.get("years")
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 100 for v in value)
        or sorted(set(value)) != value
    ):
        r.fail("Tham số “milestones.years” phải là danh sách số năm tuổi đảng tăng dần, không lặp, từ 1 đến 100.")
        return (30,)
    return tuple(value)


def _award_days(r: GroupReader, g: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """ "dd/mm" strings, a real day of any year (29/02 refused), in calendar order, without repeats."""
    value = g.get("days")
    days: list[tuple[int, int]] = []
    if isinstance(value, list) and value:
        for text in value:
            try:
                day, month = (int(part) for part in str(text).split("/"))
                dt.date(2023, month, day)  # a common year: every award day exists every year
            except (ValueError, TypeError):
                days = []
                break
            days.append((day, month))
    if not days or sorted(days, key=lambda d: (d[1], d[0])) != days or len(set(days)) != len(days):
        r.fail("Tham số “award_dates.days” phải là danh sách ngày dạng dd/mm theo thứ tự trong năm, không lặp.")
        return ((3, 2),)
    return tuple(days)


def _waits(r: GroupReader, g: dict[str, Any]) -> dict[str, int]:
    value = g.get("wait_months")
    if not isinstance(value, dict) or set(value) != set(DISCIPLINE_FORMS):
        r.fail(
            f"Tham số “discipline.wait_months” phải nêu số tháng cho đúng các hình thức: {', '.join(DISCIPLINE_FORMS)}."
        )
        return dict.fromkeys(DISCIPLINE_FORMS, 12)
    return {form: r.whole(value, "discipline.wait_months", form, low=0, high=120) for form in DISCIPLINE_FORMS}


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> BadgeRules:
    """Check and type a badge rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc Huy hiệu Đảng phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    milestones, award, early = r.group(raw, "milestones"), r.group(raw, "award_dates"), r.group(raw, "early")
    posthumous, discipline, carry = r.group(raw, "posthumous"), r.group(raw, "discipline"), r.group(raw, "carry_over")
    rules = BadgeRules(
        code=code,
        citation=citation,
        rule_set_id=rule_set_id,
        milestones=_milestones(r, milestones),
        milestones_source=r.source(milestones, "milestones"),
        award_days=_award_days(r, award),
        award_source=r.source(award, "award_dates"),
        early_months=r.whole(early, "early", "months", low=0, high=60),
        early_long_months=r.whole(early, "early", "long_months", low=0, high=60),
        early_long_from_years=r.whole(early, "early", "long_from_years", low=1, high=100),
        early_source=r.source(early, "early"),
        posthumous_months=r.whole(posthumous, "posthumous", "months", low=0, high=60),
        posthumous_source=r.source(posthumous, "posthumous"),
        discipline_wait_months=_waits(r, discipline),
        confirmation_required=r.boolean(discipline, "discipline", "confirmation_required"),
        discipline_source=r.source(discipline, "discipline"),
        carry_over_months=r.whole(carry, "carry_over", "months", low=0, high=120),
        carry_over_source=r.source(carry, "carry_over"),
    )
    r.raise_errors()
    return rules
