"""The dues rules as data and the monthly amount (rules.md "Đảng phí", rules-2025.md §4).

`rules_in_force(month)` gives the rule set in force on the month's first day as `DuesRules` (parsed
`DuesRuleSet.params`). `due_for(...)` is the pure computation of one member's month: exact integers (basis
points of the base or a fixed amount, a reduction's percent, one rounding at the end as the rule set says) and a
Vietnamese sentence that names the rule set's citation. Tested at its boundaries without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Protocol

from dangbo.core.errors import DomainError

from .enums import EXEMPTION_KINDS, DuesCategory, ReliefKind
from .models import DuesRuleSet
from .params import CategoryRate, DuesRules, ParamsError, Shares, Source, parse_params

__all__ = [
    "CategoryRate",
    "DuesRules",
    "ParamsError",
    "ReliefLike",
    "Shares",
    "Source",
    "due_for",
    "first_of_month",
    "format_dong",
    "month_label",
    "months_from",
    "relief_in_month",
    "rules_in_force",
    "rules_of",
]


class ReliefLike(Protocol):
    """What the computation reads of an exemption or a reduction (a `DuesRelief` row fits)."""

    kind: str
    percent: int
    start: dt.date
    end: dt.date | None
    decision_number: str


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_from(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first days of the months from `first`'s month to `last`'s month, both included."""
    month, stop = first_of_month(first), first_of_month(last)
    while month <= stop:
        yield month
        month = next_month(month)


def month_label(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def format_dong(amount: int) -> str:
    """8500000 → "8.500.000 đ" (Vietnamese thousands separator)."""
    return f"{amount:,} đ".replace(",", ".")


def percent_text(basis_points: int) -> str:
    """Basis points as a Vietnamese percentage: 100 → "1%", 50 → "0,5%", 125 → "1,25%"."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole}%" if not rest else f"{whole},{rest:02d}".rstrip("0") + "%"


def rules_of(rule_set: DuesRuleSet) -> DuesRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(rule_set.params, citation=rule_set.citation, code=rule_set.code, rule_set_id=rule_set.pk)


def rules_in_force(month: dt.date) -> DuesRules:
    """The dues rule set in force on the first day of `month`. Refuses (DomainError) when none is, or when its
    parameters are invalid: no member's dues are computed from made-up rates."""
    first = first_of_month(month)
    rule_set = DuesRuleSet.objects.in_force_on(first).first()
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc đảng phí nào có hiệu lực tháng {month_label(first)}.")
    try:
        return rules_of(rule_set)
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc đảng phí “{rule_set.code}” có tham số không hợp lệ: {exc}") from exc


def rounded(numerator: int, denominator: int, *, unit: int, mode: str) -> int:
    """numerator / denominator rounded to a multiple of `unit` dong as `mode` says, in exact integers."""
    d = denominator * unit
    if mode == "down":
        q = numerator // d
    elif mode == "up":
        q = -(-numerator // d)
    else:  # half_up
        q = (2 * numerator + d) // (2 * d)
    return q * unit


def relief_in_month(reliefs: Iterable[ReliefLike], month: dt.date) -> ReliefLike | None:
    """The relief covering `month` with the largest percent (an exemption beats any reduction)."""
    covering = [
        r for r in reliefs if first_of_month(r.start) <= month and (r.end is None or month <= first_of_month(r.end))
    ]
    return max(covering, key=lambda r: (r.kind in EXEMPTION_KINDS or r.percent >= 100, r.percent), default=None)


def _decision(relief: ReliefLike) -> str:
    return f", quyết định số {relief.decision_number}" if relief.decision_number else ""


def due_for(
    rules: DuesRules,
    category: str,
    base: int,
    reliefs: Iterable[ReliefLike],
    party_age_exempt_since: dt.date | None,
    month: dt.date,
) -> tuple[int, str]:
    """The dues of one member for `month` (first day) and why, as a sentence citing the rule set.

    `party_age_exempt_since` is the day party age reached the rule set's `party_age_exemption.years` (None when
    it has not, or the rule set has no such exemption): from that month on, nothing is due. An exemption covering
    the month makes it 0; a reduction takes its percent off before the one rounding.
    """
    month = first_of_month(month)
    when = f"Tháng {month_label(month)}"
    if (
        party_age_exempt_since is not None
        and rules.party_age_years is not None
        and first_of_month(party_age_exempt_since) <= month
    ):
        return 0, rules.party_age_source.cite(
            f"{when}: miễn đảng phí vì đủ {rules.party_age_years} năm tuổi đảng "
            f"(từ tháng {month_label(first_of_month(party_age_exempt_since))})"
        )
    relief = relief_in_month(reliefs, month)
    if relief is not None and (relief.kind in EXEMPTION_KINDS or relief.percent >= 100):
        return 0, rules.rate(category).source.cite(
            f"{when}: miễn đảng phí — {ReliefKind(relief.kind).label.removeprefix('Miễn: ')}{_decision(relief)}"
        )
    rate = rules.rate(category)
    label = DuesCategory(category).label
    kept = 100 - relief.percent if relief is not None else 100
    if rate.fixed is not None:
        amount = rounded(rate.fixed * kept, 100, unit=rules.rounding_unit, mode=rules.rounding_mode)
        formula = f"mức cố định {format_dong(rate.fixed)}"
    else:
        bp = rate.basis_points or 0
        amount = rounded(base * bp * kept, 10_000 * 100, unit=rules.rounding_unit, mode=rules.rounding_mode)
        formula = f"{percent_text(bp)} × {format_dong(base)}"
    if relief is not None:
        formula += f" × {kept}% (giảm {relief.percent}%{_decision(relief)})"
    return amount, rate.source.cite(
        f"{when}, {label.lower()}: {formula} = {format_dong(amount)}; {rules.rounding_text}"
    )
