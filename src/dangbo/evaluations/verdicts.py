"""What the verdict engine answers: a `Verdict` with its `Reason`s, each explaining itself in Vietnamese."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from dangbo.core.errors import DomainError

from .enums import LEVEL_ORDER, Level, level_rank
from .params import Citation


def vn_number(value: Decimal | int) -> str:
    """89.5 → "89,5"; 90.0 → "90" (Vietnamese decimal comma, no trailing zeros)."""
    d = Decimal(value).quantize(Decimal("0.01")).normalize()
    text = f"{d:f}"
    return text.replace(".", ",")


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class ReasonKind(enum.StrEnum):
    NOT_RATED = "not_rated"  # the subject is not rated this year
    FORCED = "forced"  # the level is forced (unfulfilled)
    CAP = "cap"  # the level cannot be above `max_level`
    SCORE = "score"  # the score sheet does not reach a higher band
    NOTE = "note"  # information: a rule considered that did not change the verdict


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    rule: str  # stable code of the rule, e.g. "forced_unfulfilled.disciplined_in_year"
    fact: str  # what about the subject triggered it, in Vietnamese
    statement: str  # the rule itself, in Vietnamese
    citation: Citation
    max_level: Level | None = None  # the best level this reason leaves (None: no limit)

    @property
    def cited(self) -> str:
        return self.citation.cite(self.statement)

    @property
    def message(self) -> str:
        if self.kind == ReasonKind.NOT_RATED:
            return f"Không xếp loại chất lượng: {self.fact} {self.cited}"
        if self.kind == ReasonKind.FORCED and self.max_level is not None:
            return f"Xếp loại {self.max_level.label}: {self.fact} {self.cited}"
        if self.max_level is not None and level_rank(self.max_level) > 0:
            above = LEVEL_ORDER[level_rank(self.max_level) - 1]
            suffix = " trở lên" if level_rank(above) > 0 else ""
            return f"Không thể xếp loại {above.label}{suffix}: {self.fact} {self.cited}"
        return f"{self.fact[:1].upper()}{self.fact[1:]} {self.cited}"

    def excludes(self, level: Level) -> bool:
        if self.kind == ReasonKind.NOT_RATED:
            return True
        return self.max_level is not None and level_rank(level) < level_rank(self.max_level)

    def refusal(self, level: Level) -> str:
        """ "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2025 (…)"."""
        if self.kind == ReasonKind.NOT_RATED:
            return self.message
        return f"Không thể xếp loại {level.label}: {self.fact} {self.cited}"


@dataclass(frozen=True)
class Verdict:
    rule_set_code: str
    not_rated: bool
    allowed_levels: tuple[Level, ...]  # best first; empty when not rated
    forced_level: Level | None
    proposed_level: Level | None  # from the score sheet, or the level the subject proposed
    score: Decimal | None
    reasons: tuple[Reason, ...]

    @property
    def best_allowed(self) -> Level | None:
        return self.allowed_levels[0] if self.allowed_levels else None

    @property
    def suggested_level(self) -> Level | None:
        """The proposed level brought within what the rules allow (the forced level when there is one)."""
        if self.not_rated:
            return None
        if self.forced_level is not None:
            return self.forced_level
        if self.proposed_level is None:
            return None
        best = self.allowed_levels[0]
        return self.proposed_level if level_rank(self.proposed_level) >= level_rank(best) else best

    def allows(self, level: str) -> bool:
        return Level(level) in self.allowed_levels

    def refusals(self, level: str) -> list[str]:
        """Why `level` is not allowed, one Vietnamese sentence per rule (empty when it is allowed)."""
        lv = Level(level)
        return [r.refusal(lv) for r in self.reasons if r.excludes(lv)]

    def require_allowed(self, level: str) -> None:
        """Raise `DomainError` naming every rule that forbids `level`."""
        refusals = self.refusals(level)
        if refusals:
            raise DomainError(" ".join(refusals), field="level", code="rule")

    @property
    def messages(self) -> list[str]:
        return [r.message for r in self.reasons]
