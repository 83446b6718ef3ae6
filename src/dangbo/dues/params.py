"""A dues rule set's parameters: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `DuesRules` or raises `ParamsError` listing every problem in Vietnamese.
Each group (and each category inside `categories`) may name its own `source`, `confidence` ("sure", "likely",
"assumed") and `note`; without them the rule set's citation is the source and the rule is sure. The layout, with
the shipped values, is in the shipped rule-set migration and docs/rules.md ("Đảng phí"):

    categories: {<category>: {"basis_points": 100} | {"fixed": 5000}}   one entry for every category
    rounding: {"unit": 1, "mode": "half_up"}                            mode optional: half_up (default), down, up
    party_age_exemption: {"years": 50 | null}                          null: no exemption for party age
    reduction: {"percents": [30, 50, 70], "max_months": 12}
    shares: {"cell_min_percent", "cell_max_percent", "cell_default_percent", "grassroots_percents",
             "grassroots_default_percent", "above_percent"}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import CITATION_KEYS, GroupReader, ParamsError, Source

from .enums import DuesCategory

__all__ = ["CategoryRate", "DuesRules", "ParamsError", "Shares", "Source", "parse_params"]

ROUNDING_MODES = ("half_up", "down", "up")
ROUNDING_LABELS = {"half_up": "từ 0,5 trở lên làm tròn lên", "down": "bỏ phần lẻ", "up": "phần lẻ làm tròn lên"}
MAX_BASIS_POINTS = 10_000  # 100% of the base
MAX_FIXED = 10_000_000  # dong a month: far above any real fixed rate, below anything absurd


@dataclass(frozen=True)
class CategoryRate:
    """One category's rate: basis points of the base (100 = 1%) or a fixed amount in dong a month."""

    basis_points: int | None
    fixed: int | None
    source: Source

    @property
    def is_fixed(self) -> bool:
        return self.fixed is not None


@dataclass(frozen=True)
class Shares:
    """The share of what it collects each level keeps (the rest goes up): a cell between `cell_min_percent` and
    `cell_max_percent` as its grassroots committee sets (default `cell_default_percent`), a grassroots
    organization one of `grassroots_percents` (default `grassroots_default_percent`), each level above
    `above_percent`."""

    cell_min_percent: int
    cell_max_percent: int
    cell_default_percent: int
    grassroots_percents: tuple[int, ...]
    grassroots_default_percent: int
    above_percent: int
    source: Source


@dataclass(frozen=True)
class DuesRules:
    """One dues rule set as the computation and the services see it: plain values, no database."""

    code: str
    citation: str
    rule_set_id: int | None
    rates: dict[str, CategoryRate]
    rounding_unit: int
    rounding_mode: str
    rounding_source: Source
    party_age_years: int | None
    party_age_source: Source
    reduction_percents: tuple[int, ...]
    reduction_max_months: int
    reduction_source: Source
    shares: Shares

    def rate(self, category: str) -> CategoryRate:
        return self.rates[category]

    @property
    def rounding_text(self) -> str:
        unit = f"{self.rounding_unit:,}".replace(",", ".")
        return f"làm tròn đến {unit} đồng, {ROUNDING_LABELS[self.rounding_mode]}"


_GROUPS: dict[str, set[str]] = {
    "categories": {c.value for c in DuesCategory},
    "rounding": {"unit", "mode"},
    "party_age_exemption": {"years"},
    "reduction": {"percents", "max_months"},
    "shares": {
        "cell_min_percent",
        "cell_max_percent",
        "cell_default_percent",
        "grassroots_percents",
        "grassroots_default_percent",
        "above_percent",
    },
}


def _rates(r: GroupReader, group: dict[str, Any]) -> dict[str, CategoryRate]:
    """Every category's rate: exactly one of `basis_points` (0–10,000) and `fixed` (0–10,000,000 dong)."""
    default = r.source(group, "categories")
    rates: dict[str, CategoryRate] = {}
    for category in DuesCategory:
        where = f"categories.{category.value}"
        g = group.get(category.value)
        if not isinstance(g, dict):
            if group:
                r.fail(f"Thiếu mức đóng của đối tượng “{category.label}” (tham số “{where}”).")
            rates[category.value] = CategoryRate(None, 0, default)
            continue
        for key in sorted(set(g) - {"basis_points", "fixed"} - CITATION_KEYS):
            r.fail(f"Tham số “{where}.{key}” không được hỗ trợ.")
        source = r.source(g, where, default=default.citation)
        if ("basis_points" in g) == ("fixed" in g):
            r.fail(f"Tham số “{where}” phải có đúng một trong hai: basis_points (phần vạn) hoặc fixed (đồng).")
            rates[category.value] = CategoryRate(None, 0, source)
        elif "basis_points" in g:
            bp = r.whole(g, where, "basis_points", low=0, high=MAX_BASIS_POINTS)
            rates[category.value] = CategoryRate(bp, None, source)
        else:
            rates[category.value] = CategoryRate(None, r.whole(g, where, "fixed", low=0, high=MAX_FIXED), source)
    return rates


def _shares(r: GroupReader, g: dict[str, Any]) -> Shares:
    def pct(key: str) -> int:
        return r.whole(g, "shares", key, low=0, high=100)

    grassroots = g.get("grassroots_percents")
    if (
        not isinstance(grassroots, list)
        or not grassroots
        or any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100 for v in grassroots)
    ):
        r.fail("Tham số “shares.grassroots_percents” phải là danh sách không rỗng các số nguyên từ 0 đến 100.")
        grassroots = [0]
    shares = Shares(
        cell_min_percent=pct("cell_min_percent"),
        cell_max_percent=pct("cell_max_percent"),
        cell_default_percent=pct("cell_default_percent"),
        grassroots_percents=tuple(grassroots),
        grassroots_default_percent=pct("grassroots_default_percent"),
        above_percent=pct("above_percent"),
        source=r.source(g, "shares"),
    )
    if not shares.cell_min_percent <= shares.cell_default_percent <= shares.cell_max_percent:
        r.fail("Tỷ lệ chi bộ giữ lại mặc định phải nằm giữa mức thấp nhất và cao nhất (shares.cell_*).")
    if shares.grassroots_default_percent not in shares.grassroots_percents:
        r.fail("Tỷ lệ mặc định của tổ chức cơ sở đảng phải là một trong shares.grassroots_percents.")
    return shares


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> DuesRules:
    """Check and type a dues rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc đảng phí phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    categories, rounding = r.group(raw, "categories"), r.group(raw, "rounding")
    age, reduction, shares = r.group(raw, "party_age_exemption"), r.group(raw, "reduction"), r.group(raw, "shares")
    mode = rounding.get("mode", "half_up")
    if mode not in ROUNDING_MODES:
        r.fail(f"Tham số “rounding.mode” phải là một trong: {', '.join(ROUNDING_MODES)}.")
        mode = "half_up"
    percents = reduction.get("percents")
    if (
        not isinstance(percents, list)
        or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 99 for v in percents)
        or len(set(percents)) != len(percents)
    ):
        r.fail("Tham số “reduction.percents” phải là danh sách không lặp các số nguyên từ 1 đến 99.")
        percents = []
    rules = DuesRules(
        code=code,
        citation=citation,
        rule_set_id=rule_set_id,
        rates=_rates(r, categories),
        rounding_unit=r.whole(rounding, "rounding", "unit", low=1, high=10_000),
        rounding_mode=mode,
        rounding_source=r.source(rounding, "rounding"),
        party_age_years=r.optional_whole(age, "party_age_exemption", "years", low=1, high=100),
        party_age_source=r.source(age, "party_age_exemption"),
        reduction_percents=tuple(sorted(percents)),
        reduction_max_months=r.whole(reduction, "reduction", "max_months", low=1, high=120),
        reduction_source=r.source(reduction, "reduction"),
        shares=_shares(r, shares),
    )
    r.raise_errors()
    return rules
