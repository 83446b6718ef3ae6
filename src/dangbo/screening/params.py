"""A screening rule set's thresholds: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `ScreeningRules` or raises `ParamsError` listing every problem in
Vietnamese. Each group may name its own `source`, `confidence` ("sure", "likely", "assumed") and `note`;
without them the rule set's citation is the source and the rule is sure (`core.rule_params` reads the groups).
The layout, with the shipped values, is in docs/rules.md ("Rà soát, sàng lọc").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.dates import add_months
from dangbo.core.rule_params import GroupReader, ParamsError, Source

__all__ = ["ParamsError", "ScreeningRules", "Source", "parse_params"]


@dataclass(frozen=True)
class ScreeningRules:
    """One screening rule set as the computation and the services see it: plain values, no database."""

    code: str
    citation: str
    rule_set_id: int | None
    absence_months: int
    absence_source: Source
    dues_months: int
    dues_source: Source
    unfulfilled_years: int
    unfulfilled_source: Source
    no_progress_months: int
    no_progress_source: Source
    vote_numerator: int
    vote_denominator: int
    vote_source: Source
    help_months: int
    help_source: Source

    def passes(self, votes: int, voters: int) -> bool:
        """`votes` reach the fraction (2/3) of `voters`, counted exactly (no rounding)."""
        return voters > 0 and votes * self.vote_denominator >= self.vote_numerator * voters

    @property
    def vote_fraction(self) -> str:
        return f"{self.vote_numerator}/{self.vote_denominator}"

    def help_until(self, help_from: dt.date) -> dt.date:
        """The default end of the education period: `help.default_months` after it began, the day before."""
        return add_months(help_from, self.help_months) - dt.timedelta(days=1)


_GROUPS: dict[str, set[str]] = {
    "absence": {"months"},
    "dues": {"months"},
    "unfulfilled": {"years"},
    "no_progress": {"months"},
    "vote": {"numerator", "denominator"},
    "help": {"default_months"},
}


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> ScreeningRules:
    """Check and type a screening rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc rà soát, sàng lọc phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    absence, dues, unfulfilled = r.group(raw, "absence"), r.group(raw, "dues"), r.group(raw, "unfulfilled")
    no_progress, vote, help_ = r.group(raw, "no_progress"), r.group(raw, "vote"), r.group(raw, "help")
    rules = ScreeningRules(
        code=code,
        citation=citation,
        rule_set_id=rule_set_id,
        absence_months=r.whole(absence, "absence", "months", low=1, high=12),
        absence_source=r.source(absence, "absence"),
        dues_months=r.whole(dues, "dues", "months", low=1, high=12),
        dues_source=r.source(dues, "dues"),
        unfulfilled_years=r.whole(unfulfilled, "unfulfilled", "years", low=1, high=10),
        unfulfilled_source=r.source(unfulfilled, "unfulfilled"),
        no_progress_months=r.whole(no_progress, "no_progress", "months", low=1, high=60),
        no_progress_source=r.source(no_progress, "no_progress"),
        vote_numerator=r.whole(vote, "vote", "numerator", low=1, high=100),
        vote_denominator=r.whole(vote, "vote", "denominator", low=1, high=100),
        vote_source=r.source(vote, "vote"),
        help_months=r.whole(help_, "help", "default_months", low=1, high=60),
        help_source=r.source(help_, "help"),
    )
    if rules.vote_numerator > rules.vote_denominator:
        r.fail("Tỷ lệ biểu quyết (vote.numerator/vote.denominator) không được lớn hơn 1.")
    r.raise_errors()
    return rules
