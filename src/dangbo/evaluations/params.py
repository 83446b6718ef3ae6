"""A rule set's thresholds: read from the JSON an administrator edits into typed, checked values.

`parse_params(method, raw, default_source=...)` returns `RuleParams` or raises `ParamsError` listing
every problem in Vietnamese. Every group of rules carries its own citation (`source`, `confidence`
and, for assumptions, a `note` shown in each explanation), so a rule set can keep an older rule as
an explicit assumption. The layout, with the shipped defaults, is documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError

from .enums import (
    COLLECTIVE_KINDS,
    CapScope,
    Confidence,
    Level,
    RatingMethod,
    SubjectKind,
)

CRITERIA_GROUPS = ("general", "tasks")
CRITERIA_SUBJECTS = ("member", "collective")


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from, and how sure the project is of it."""

    source: str
    confidence: str = Confidence.SURE
    note: str = ""

    @property
    def assumption(self) -> str:
        """ "; giả định: …" for an assumed rule, so every explanation says it is one; empty otherwise."""
        if self.confidence != Confidence.ASSUMED:
            return ""
        return f"; giả định: {self.note or 'chưa tìm thấy văn bản quy định, áp dụng giá trị mặc định có thể sửa'}"

    def cite(self, statement: str) -> str:
        """ "(Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW: <statement>)", with the assumption spelled out."""
        return f"({self.source}: {statement}{self.assumption})"


@dataclass(frozen=True)
class NotRatedRule:
    exempt: bool
    suspended: bool
    admitted_within_months: int
    founded_within_months: int
    citation: Citation


@dataclass(frozen=True)
class SickLeaveRule:
    min_months: Decimal
    max_level: Level
    citation: Citation


@dataclass(frozen=True)
class ForcedUnfulfilledRule:
    disciplined_in_year: bool
    targets_met_below_pct: Decimal
    degeneration: bool
    leadership_disciplined: bool
    subordinate_units_disciplined_over_pct: Decimal
    citation: Citation


@dataclass(frozen=True)
class CollectiveDisciplineRule:
    """A collective whose subordinate unit or leadership member was disciplined is held at `max_level`."""

    enabled: bool
    max_level: Level
    self_remedied_exempt: bool
    citation: Citation


@dataclass(frozen=True)
class ExcellentCapRule:
    ratio: Decimal
    scope: CapScope
    citation: Citation


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    group: str  # "general" or "tasks"
    max_score: Decimal


@dataclass(frozen=True)
class ScoreRule:
    general_weight: Decimal
    tasks_weight: Decimal
    excellent_min_score: Decimal
    excellent_min_on_time_pct: Decimal
    excellent_min_exceeding_pct: Decimal
    good_min_score: Decimal
    good_min_on_time_pct: Decimal
    fulfilled_min_score: Decimal
    fulfilled_max_late_pct_collective: Decimal
    criteria: dict[str, tuple[Criterion, ...]]  # "member" / "collective" -> criteria
    citation: Citation

    def criteria_for(self, kind: str) -> tuple[Criterion, ...]:
        return self.criteria["collective" if kind in COLLECTIVE_KINDS else "member"]


@dataclass(frozen=True)
class RuleParams:
    not_rated: NotRatedRule
    sick_leave: SickLeaveRule
    forced_unfulfilled: ForcedUnfulfilledRule
    collective_discipline: CollectiveDisciplineRule
    excellent_cap: ExcellentCapRule
    score: ScoreRule | None


@dataclass(frozen=True)
class RuleSetData:
    """A rule set as the verdict engine sees it: plain values, no database."""

    code: str
    name: str
    citation: str
    method: RatingMethod
    effective_from: dt.date
    effective_to: dt.date | None
    params: RuleParams


_GROUP_KEYS: dict[str, set[str]] = {
    "not_rated": {"exempt", "suspended", "admitted_within_months", "founded_within_months"},
    "sick_leave": {"min_months", "max_level"},
    "forced_unfulfilled": {
        "disciplined_in_year",
        "targets_met_below_pct",
        "degeneration",
        "leadership_disciplined",
        "subordinate_units_disciplined_over_pct",
    },
    "collective_discipline": {"enabled", "max_level", "self_remedied_exempt"},
    "excellent_cap": {"ratio", "scope"},
    "score": {"weights", "bands", "criteria"},
}


class _Reader(GroupReader):
    """The shared reader (groups, whole numbers, true/false), with the values only ratings have."""

    def __init__(self) -> None:
        super().__init__("", _GROUP_KEYS)

    def number(self, g: dict[str, Any], where: str, key: str, *, low: Decimal, high: Decimal) -> Decimal:
        value = g.get(key)
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite() or not low <= number <= high:
                raise InvalidOperation
        except InvalidOperation:
            self.fail(f"Tham số “{where}.{key}” phải là số từ {low} đến {high}.")
            return low
        return number

    def level(self, g: dict[str, Any], where: str, key: str) -> Level:
        value = g.get(key)
        if value not in Level.values:
            self.fail(f"Tham số “{where}.{key}” phải là một mức xếp loại: {', '.join(Level.values)}.")
            return Level.UNFULFILLED
        return Level(value)

    def text(self, g: dict[str, Any], where: str, key: str) -> str:
        value = g.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"Tham số “{where}.{key}” phải là một đoạn chữ không rỗng.")
            return ""
        return value.strip()

    def citation(self, g: dict[str, Any], where: str, default_source: str) -> Citation:
        source = self.source(g, where, default=default_source)
        return Citation(source=source.citation, confidence=source.confidence, note=source.note)


_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


def _mapping(g: dict[str, Any], key: str) -> dict[str, Any]:
    value = g.get(key)
    return value if isinstance(value, dict) else {}


def _criteria(r: _Reader, raw: Any, subject: str) -> tuple[Criterion, ...]:
    where = f"score.criteria.{subject}"
    if not isinstance(raw, list) or not raw:
        r.fail(f"Tham số “{where}” phải là danh sách tiêu chí không rỗng.")
        return ()
    out: list[Criterion] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, start=1):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            r.fail(f"Tham số “{at}” phải là một đối tượng JSON.")
            continue
        code = r.text(item, at, "code")
        if code in seen:
            r.fail(f"Mã tiêu chí “{code}” bị lặp trong “{where}”.")
        seen.add(code)
        group = item.get("group")
        if group not in CRITERIA_GROUPS:
            r.fail(f"Tham số “{at}.group” phải là “general” (tiêu chí chung) hoặc “tasks” (kết quả nhiệm vụ).")
            group = "general"
        out.append(
            Criterion(
                code=code,
                name=r.text(item, at, "name"),
                group=group,
                max_score=r.number(item, at, "max", low=_ZERO, high=_HUNDRED),
            )
        )
    return tuple(out)


def _score(r: _Reader, raw: dict[str, Any], default_source: str) -> ScoreRule:
    g = r.group(raw, "score")
    weights, bands, criteria = _mapping(g, "weights"), _mapping(g, "bands"), _mapping(g, "criteria")
    if not weights:
        r.fail("Tham số “score.weights” phải có “general” và “tasks”.")
    if not bands:
        r.fail("Tham số “score.bands” phải có “excellent”, “good” và “fulfilled”.")
    general = r.number(weights, "score.weights", "general", low=_ZERO, high=_HUNDRED)
    tasks = r.number(weights, "score.weights", "tasks", low=_ZERO, high=_HUNDRED)
    if general + tasks != _HUNDRED:
        r.fail(f"Trọng số tiêu chí chung ({general}) và kết quả nhiệm vụ ({tasks}) phải cộng lại bằng 100.")

    exc, good, ful = _mapping(bands, "excellent"), _mapping(bands, "good"), _mapping(bands, "fulfilled")
    rule = ScoreRule(
        general_weight=general,
        tasks_weight=tasks,
        excellent_min_score=r.number(exc, "score.bands.excellent", "min_score", low=_ZERO, high=_HUNDRED),
        excellent_min_on_time_pct=r.number(exc, "score.bands.excellent", "min_on_time_pct", low=_ZERO, high=_HUNDRED),
        excellent_min_exceeding_pct=r.number(
            exc, "score.bands.excellent", "min_exceeding_pct", low=_ZERO, high=_HUNDRED
        ),
        good_min_score=r.number(good, "score.bands.good", "min_score", low=_ZERO, high=_HUNDRED),
        good_min_on_time_pct=r.number(good, "score.bands.good", "min_on_time_pct", low=_ZERO, high=_HUNDRED),
        fulfilled_min_score=r.number(ful, "score.bands.fulfilled", "min_score", low=_ZERO, high=_HUNDRED),
        fulfilled_max_late_pct_collective=r.number(
            ful, "score.bands.fulfilled", "max_late_pct_collective", low=_ZERO, high=_HUNDRED
        ),
        criteria={s: _criteria(r, criteria.get(s), s) for s in CRITERIA_SUBJECTS},
        citation=r.citation(g, "score", default_source),
    )
    if not rule.excellent_min_score > rule.good_min_score > rule.fulfilled_min_score:
        r.fail("Ngưỡng điểm phải giảm dần: Hoàn thành xuất sắc > Hoàn thành tốt > Hoàn thành nhiệm vụ.")
    for subject, items in rule.criteria.items():
        for group, weight in (("general", general), ("tasks", tasks)):
            total = sum((c.max_score for c in items if c.group == group), _ZERO)
            if items and total != weight:
                r.fail(
                    f"Tổng điểm tối đa các tiêu chí “{group}” của “{subject}” là {total}, phải bằng trọng số {weight}."
                )
    return rule


def parse_params(method: str, raw: Any, *, default_source: str) -> RuleParams:
    """Check and type a rule set's parameters. Raises `ParamsError` with every problem found."""
    r = _Reader()
    if method not in RatingMethod.values:
        raise ParamsError([f"Phương pháp xếp loại “{method}” không hợp lệ."])
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc phải là một đối tượng JSON."])
    allowed = set(_GROUP_KEYS) if method == RatingMethod.SCORE_100 else set(_GROUP_KEYS) - {"score"}
    for key in sorted(set(raw) - allowed):
        if key == "score":
            r.fail("Phương pháp chọn một trong bốn mức không dùng nhóm tham số “score”.")
        else:
            r.fail(f"Nhóm tham số “{key}” không được hỗ trợ.")

    g = r.group(raw, "not_rated")
    not_rated = NotRatedRule(
        exempt=r.boolean(g, "not_rated", "exempt"),
        suspended=r.boolean(g, "not_rated", "suspended"),
        admitted_within_months=r.whole(g, "not_rated", "admitted_within_months", low=0, high=24),
        founded_within_months=r.whole(g, "not_rated", "founded_within_months", low=0, high=24),
        citation=r.citation(g, "not_rated", default_source),
    )
    g = r.group(raw, "sick_leave")
    sick_leave = SickLeaveRule(
        min_months=r.number(g, "sick_leave", "min_months", low=Decimal("0.5"), high=Decimal(12)),
        max_level=r.level(g, "sick_leave", "max_level"),
        citation=r.citation(g, "sick_leave", default_source),
    )
    g = r.group(raw, "forced_unfulfilled")
    forced = ForcedUnfulfilledRule(
        disciplined_in_year=r.boolean(g, "forced_unfulfilled", "disciplined_in_year"),
        targets_met_below_pct=r.number(g, "forced_unfulfilled", "targets_met_below_pct", low=_ZERO, high=_HUNDRED),
        degeneration=r.boolean(g, "forced_unfulfilled", "degeneration"),
        leadership_disciplined=r.boolean(g, "forced_unfulfilled", "leadership_disciplined"),
        subordinate_units_disciplined_over_pct=r.number(
            g, "forced_unfulfilled", "subordinate_units_disciplined_over_pct", low=_ZERO, high=_HUNDRED
        ),
        citation=r.citation(g, "forced_unfulfilled", default_source),
    )
    g = r.group(raw, "collective_discipline")
    collective = CollectiveDisciplineRule(
        enabled=r.boolean(g, "collective_discipline", "enabled"),
        max_level=r.level(g, "collective_discipline", "max_level"),
        self_remedied_exempt=r.boolean(g, "collective_discipline", "self_remedied_exempt"),
        citation=r.citation(g, "collective_discipline", default_source),
    )
    g = r.group(raw, "excellent_cap")
    scope = g.get("scope")
    if scope not in CapScope.values:
        r.fail(f"Tham số “excellent_cap.scope” phải là một trong: {', '.join(CapScope.values)}.")
        scope = CapScope.ORGANIZATION
    cap = ExcellentCapRule(
        ratio=r.number(g, "excellent_cap", "ratio", low=_ZERO, high=Decimal(1)),
        scope=CapScope(scope),
        citation=r.citation(g, "excellent_cap", default_source),
    )
    score = _score(r, raw, default_source) if method == RatingMethod.SCORE_100 else None
    if r.errors:
        raise ParamsError(r.errors)
    return RuleParams(
        not_rated=not_rated,
        sick_leave=sick_leave,
        forced_unfulfilled=forced,
        collective_discipline=collective,
        excellent_cap=cap,
        score=score,
    )


__all__ = ["Citation", "Criterion", "ParamsError", "RuleParams", "RuleSetData", "SubjectKind", "parse_params"]
