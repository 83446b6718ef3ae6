"""A meeting rule set's thresholds: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `MeetingRules` or raises `ParamsError` listing every problem in
Vietnamese; a key the layout does not know is refused, so a typo cannot silently switch a rule off. Each group
(`frequency`, `length`, `documents`, `quorum`, `attendance`) may name its own `source`, `confidence` ("sure",
"likely", "assumed") and `note`; without them the rule set's citation is the source and the rule is sure
(`core.rule_params` reads the groups). The layout, with the shipped values, is in docs/rules.md ("Sinh hoạt chi bộ").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source
from dangbo.members.enums import MemberStatus

from .enums import MeetingKind

__all__ = ["MeetingRules", "ParamsError", "Source", "parse_params"]


@dataclass(frozen=True)
class MeetingRules:
    """One meeting rule set as the checks see it: plain values, no database."""

    code: str
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None
    rule_set_id: int | None
    monthly_kinds: tuple[str, ...]
    thematic_kinds: tuple[str, ...]
    thematic_per_quarter: int
    frequency_source: Source
    min_minutes: int | None
    combined_min_minutes: int | None
    length_source: Source
    lead_days: int
    documents_source: Source
    quorum_numerator: int
    quorum_denominator: int
    quorum_excluded_statuses: tuple[str, ...]
    quorum_source: Source
    good_pct: int
    max_consecutive_excused: int
    attendance_source: Source

    def counts_as_monthly(self, kind: str) -> bool:
        return kind in self.monthly_kinds

    def counts_as_thematic(self, kind: str) -> bool:
        return kind in self.thematic_kinds

    def min_minutes_for(self, kind: str) -> int | None:
        """The shortest length a meeting of `kind` may last (None: no minimum). The minimums apply to the cell's
        own meetings (monthly and thematic kinds); a combined meeting takes the combined minimum."""
        if kind == MeetingKind.COMBINED and self.combined_min_minutes is not None:
            return self.combined_min_minutes
        if kind in self.monthly_kinds or kind in self.thematic_kinds:
            return self.min_minutes
        return None

    def quorum_reached(self, present: int, base: int) -> bool:
        """`present` reach numerator/denominator of `base`, counted exactly (no rounding)."""
        return base > 0 and present * self.quorum_denominator >= self.quorum_numerator * base

    @property
    def quorum_fraction(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"


_GROUPS: dict[str, set[str]] = {
    "frequency": {"monthly_kinds", "thematic_kinds", "thematic_per_quarter"},
    "length": {"min_minutes", "combined_min_minutes"},
    "documents": {"lead_days"},
    "quorum": {"numerator", "denominator", "excluded_statuses"},
    "attendance": {"good_pct", "max_consecutive_excused"},
}
KINDS = list(MeetingKind.values)
STATUSES = list(MemberStatus.values)


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    effective_from: dt.date = dt.date(1930, 2, 3),
    effective_to: dt.date | None = None,
    rule_set_id: int | None = None,
) -> MeetingRules:
    """Check and type a meeting rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc sinh hoạt đảng phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    freq, length, docs = r.group(raw, "frequency"), r.group(raw, "length"), r.group(raw, "documents")
    quorum, attendance = r.group(raw, "quorum"), r.group(raw, "attendance")
    rules = MeetingRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        effective_to=effective_to,
        rule_set_id=rule_set_id,
        monthly_kinds=r.choices(freq, "frequency", "monthly_kinds", KINDS, empty_ok=False),
        thematic_kinds=r.choices(freq, "frequency", "thematic_kinds", KINDS, empty_ok=False),
        thematic_per_quarter=r.whole(freq, "frequency", "thematic_per_quarter", low=0, high=12),
        frequency_source=r.source(freq, "frequency"),
        min_minutes=r.optional_whole(length, "length", "min_minutes", low=1, high=600),
        combined_min_minutes=r.optional_whole(length, "length", "combined_min_minutes", low=1, high=600),
        length_source=r.source(length, "length"),
        lead_days=r.whole(docs, "documents", "lead_days", low=0, high=60),
        documents_source=r.source(docs, "documents"),
        quorum_numerator=r.whole(quorum, "quorum", "numerator", low=1, high=100),
        quorum_denominator=r.whole(quorum, "quorum", "denominator", low=1, high=100),
        quorum_excluded_statuses=r.choices(quorum, "quorum", "excluded_statuses", STATUSES, empty_ok=True),
        quorum_source=r.source(quorum, "quorum"),
        good_pct=r.whole(attendance, "attendance", "good_pct", low=0, high=100),
        max_consecutive_excused=r.whole(attendance, "attendance", "max_consecutive_excused", low=1, high=24),
        attendance_source=r.source(attendance, "attendance"),
    )
    if rules.quorum_numerator > rules.quorum_denominator:
        r.fail("Tỷ lệ dự họp tối thiểu (quorum.numerator/quorum.denominator) không được lớn hơn 1.")
    if (
        rules.min_minutes is not None
        and rules.combined_min_minutes is not None
        and rules.combined_min_minutes < rules.min_minutes
    ):
        r.fail(
            "Thời lượng tối thiểu khi sinh hoạt kết hợp (length.combined_min_minutes) không được ngắn hơn "
            "thời lượng tối thiểu chung (length.min_minutes)."
        )
    r.raise_errors()
    return rules
