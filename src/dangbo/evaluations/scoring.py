"""The 100-point sheet (rules from 2025): checking it and the level its score reaches."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from dangbo.core.errors import DomainError

from .enums import COLLECTIVE_KINDS, Level, RatingMethod, SubjectKind
from .params import Criterion, RuleSetData, ScoreRule
from .verdicts import Reason, ReasonKind, vn_number

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


@dataclass(frozen=True)
class CriterionScore:
    code: str
    name: str
    score: Decimal
    max_score: Decimal
    group: str = "general"


@dataclass(frozen=True)
class TaskFacts:
    """A subject's tasks of the year counted by year-end result (from the task assignments). `on_time` includes
    `exceeded`; a task without a result yet counts in `assigned` only, so it is not on time."""

    assigned: int
    on_time: int
    exceeded: int
    late: int
    not_done: int

    @property
    def pending(self) -> int:
        return self.assigned - self.on_time - self.late - self.not_done

    def pct(self, part: int) -> Decimal:
        """The share as a percent, to two decimals: for display and the stored sheet, never for a comparison."""
        return (Decimal(part) * _HUNDRED / Decimal(self.assigned)).quantize(Decimal("0.01")) if self.assigned else _ZERO

    def reaches(self, part: int, pct: Decimal) -> bool:
        """part / assigned ≥ pct %, compared exactly (no rounded share at the boundary)."""
        return Decimal(part) * _HUNDRED >= pct * Decimal(self.assigned)

    def describe(self, part: int, what: str) -> str:
        """ "2/7 nhiệm vụ (28,57%) hoàn thành vượt mức"."""
        return f"{part}/{self.assigned} nhiệm vụ ({vn_number(self.pct(part))}%) {what}"


@dataclass(frozen=True)
class ScoreSheet:
    """A 100-point self-assessment: criterion scores and the task figures (percent of tasks). With `tasks` (the
    subject's assigned tasks), the figures are those tasks' and the bands compare their counts exactly."""

    criteria: tuple[CriterionScore, ...]
    on_time_pct: Decimal
    exceeding_pct: Decimal
    late_pct: Decimal | None = None  # defaults to the tasks not on time
    tasks: TaskFacts | None = None

    def with_tasks(self, tasks: TaskFacts) -> ScoreSheet:
        """The sheet with its task figures taken from the assigned tasks."""
        return replace(self, tasks=tasks, on_time_pct=tasks.pct(tasks.on_time), exceeding_pct=tasks.pct(tasks.exceeded),
                       late_pct=tasks.pct(tasks.late))  # fmt: skip

    def on_time_reaches(self, pct: Decimal) -> bool:
        return self.tasks.reaches(self.tasks.on_time, pct) if self.tasks else self.on_time_pct >= pct

    def exceeding_reaches(self, pct: Decimal) -> bool:
        return self.tasks.reaches(self.tasks.exceeded, pct) if self.tasks else self.exceeding_pct >= pct

    def late_within(self, pct: Decimal) -> bool:
        if self.tasks:
            return Decimal(self.tasks.late) * _HUNDRED <= pct * Decimal(self.tasks.assigned)
        return self.effective_late_pct <= pct

    def on_time_text(self) -> str:
        what = "hoàn thành đúng tiến độ"
        return (
            self.tasks.describe(self.tasks.on_time, what)
            if self.tasks
            else f"{vn_number(self.on_time_pct)}% nhiệm vụ {what}"
        )

    def exceeding_text(self) -> str:
        what = "hoàn thành vượt mức"
        return (
            self.tasks.describe(self.tasks.exceeded, what)
            if self.tasks
            else f"{vn_number(self.exceeding_pct)}% nhiệm vụ {what}"
        )

    def late_text(self) -> str:
        what = "chậm tiến độ"
        return (
            self.tasks.describe(self.tasks.late, what)
            if self.tasks
            else f"{vn_number(self.effective_late_pct)}% nhiệm vụ {what}"
        )

    @property
    def total(self) -> Decimal:
        return sum((c.score for c in self.criteria), Decimal(0))

    @property
    def effective_late_pct(self) -> Decimal:
        return self.late_pct if self.late_pct is not None else _HUNDRED - self.on_time_pct


def sheet_from_scores(
    rule_set: RuleSetData,
    kind: SubjectKind,
    scores: dict[str, Decimal],
    *,
    on_time_pct: Decimal,
    exceeding_pct: Decimal,
    late_pct: Decimal | None = None,
) -> ScoreSheet:
    """A checked sheet over the rule set's configured criteria for `kind`; every criterion scored once."""
    rule = score_rule_of(rule_set)
    criteria: tuple[Criterion, ...] = rule.criteria_for(kind)
    known = {c.code for c in criteria}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise DomainError(f"Tiêu chí “{unknown[0]}” không có trong bộ quy tắc {rule_set.code}.")
    missing = [c.name for c in criteria if c.code not in scores]
    if missing:
        raise DomainError(f"Chưa chấm điểm tiêu chí “{missing[0]}”.")
    sheet = ScoreSheet(
        criteria=tuple(
            CriterionScore(
                code=c.code, name=c.name, score=Decimal(scores[c.code]), max_score=c.max_score, group=c.group
            )
            for c in criteria
        ),
        on_time_pct=Decimal(on_time_pct),
        exceeding_pct=Decimal(exceeding_pct),
        late_pct=None if late_pct is None else Decimal(late_pct),
    )
    validate_sheet(sheet)
    return sheet


def check_pct(value: Decimal | None, what: str) -> None:
    if value is not None and not Decimal(0) <= value <= _HUNDRED:
        raise DomainError(f"{what} phải từ 0 đến 100% (đang là {vn_number(value)}%).")


def validate_sheet(sheet: ScoreSheet) -> None:
    """Each criterion within 0 and its maximum, the total within 0–100, task figures within 0–100%."""
    for c in sheet.criteria:
        if c.score < 0:
            raise DomainError(f"Điểm tiêu chí “{c.name}” không được âm (đang là {vn_number(c.score)}).", field=c.code)
        if c.score > c.max_score:
            raise DomainError(
                f"Điểm tiêu chí “{c.name}” là {vn_number(c.score)}, vượt điểm tối đa {vn_number(c.max_score)} "
                "của tiêu chí.",
                field=c.code,
            )
    total = sheet.total
    if not Decimal(0) <= total <= _HUNDRED:
        raise DomainError(f"Tổng điểm {vn_number(total)} nằm ngoài thang 0–100 điểm.", field="score")
    check_pct(sheet.on_time_pct, "Tỷ lệ nhiệm vụ hoàn thành đúng tiến độ")
    check_pct(sheet.exceeding_pct, "Tỷ lệ nhiệm vụ hoàn thành vượt mức")
    check_pct(sheet.late_pct, "Tỷ lệ nhiệm vụ chậm tiến độ")


def score_rule_of(rule_set: RuleSetData) -> ScoreRule:
    if rule_set.method != RatingMethod.SCORE_100 or rule_set.params.score is None:
        raise DomainError(f"Bộ quy tắc {rule_set.code} không chấm điểm theo thang 100 điểm.")
    return rule_set.params.score


def score_level(rule_set: RuleSetData, kind: SubjectKind, sheet: ScoreSheet) -> tuple[Level, list[Reason]]:
    """The level the 100-point sheet reaches, and a reason for each higher band it misses."""
    rule = score_rule_of(rule_set)
    validate_sheet(sheet)
    total, cite = sheet.total, rule.citation
    collective = kind in COLLECTIVE_KINDS
    reasons: list[Reason] = []

    excellent_misses = []
    if total < rule.excellent_min_score:
        excellent_misses.append(f"tổng điểm {vn_number(total)} dưới {vn_number(rule.excellent_min_score)} điểm")
    if not sheet.on_time_reaches(rule.excellent_min_on_time_pct):
        excellent_misses.append(f"{sheet.on_time_text()}, chưa đạt {vn_number(rule.excellent_min_on_time_pct)}%")
    if not sheet.exceeding_reaches(rule.excellent_min_exceeding_pct):
        excellent_misses.append(f"{sheet.exceeding_text()}, dưới {vn_number(rule.excellent_min_exceeding_pct)}%")
    if not excellent_misses:
        return Level.EXCELLENT, reasons
    reasons.append(
        Reason(
            ReasonKind.SCORE,
            "score.excellent",
            "; ".join(excellent_misses),
            f"{Level.EXCELLENT.label} khi đạt từ {vn_number(rule.excellent_min_score)} điểm, "
            f"{vn_number(rule.excellent_min_on_time_pct)}% nhiệm vụ hoàn thành đúng tiến độ và từ "
            f"{vn_number(rule.excellent_min_exceeding_pct)}% nhiệm vụ hoàn thành vượt mức",
            cite,
            Level.GOOD,
        )
    )

    good_misses = []
    if total < rule.good_min_score:
        good_misses.append(f"tổng điểm {vn_number(total)} dưới {vn_number(rule.good_min_score)} điểm")
    if not sheet.on_time_reaches(rule.good_min_on_time_pct):
        good_misses.append(f"{sheet.on_time_text()}, chưa đạt {vn_number(rule.good_min_on_time_pct)}%")
    if not good_misses:
        return Level.GOOD, reasons
    reasons.append(
        Reason(
            ReasonKind.SCORE,
            "score.good",
            "; ".join(good_misses),
            f"{Level.GOOD.label} khi đạt từ {vn_number(rule.good_min_score)} đến dưới "
            f"{vn_number(rule.excellent_min_score)} điểm và {vn_number(rule.good_min_on_time_pct)}% nhiệm vụ "
            "hoàn thành đúng tiến độ",
            cite,
            Level.FULFILLED,
        )
    )

    fulfilled_misses = []
    if total < rule.fulfilled_min_score:
        fulfilled_misses.append(f"tổng điểm {vn_number(total)} dưới {vn_number(rule.fulfilled_min_score)} điểm")
    if collective and not sheet.late_within(rule.fulfilled_max_late_pct_collective):
        fulfilled_misses.append(f"{sheet.late_text()}, vượt {vn_number(rule.fulfilled_max_late_pct_collective)}%")
    if not fulfilled_misses:
        return Level.FULFILLED, reasons
    statement = (
        f"{Level.FULFILLED.label} khi đạt từ {vn_number(rule.fulfilled_min_score)} đến dưới "
        f"{vn_number(rule.good_min_score)} điểm"
        + (
            f", tập thể không quá {vn_number(rule.fulfilled_max_late_pct_collective)}% nhiệm vụ chậm tiến độ"
            if collective
            else ""
        )
        + f"; dưới {vn_number(rule.fulfilled_min_score)} điểm thì {Level.UNFULFILLED.label}"
    )
    reasons.append(
        Reason(ReasonKind.SCORE, "score.fulfilled", "; ".join(fulfilled_misses), statement, cite, Level.UNFULFILLED)
    )
    return Level.UNFULFILLED, reasons
