"""A screening rule set's thresholds: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `ScreeningRules` or raises `ParamsError` listing every problem in
Vietnamese. Each group may name its own `source`, `confidence` ("sure", "likely", "assumed") and `note`;
without them the rule set's citation is the source and the rule is sure. The layout, with the shipped values,
is in docs/rules.md ("Rà soát, sàng lọc").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.dates import add_months

CONFIDENCES = ("sure", "likely", "assumed")


class ParamsError(ValueError):
    """The parameters of a screening rule set are invalid; `errors` are Vietnamese messages."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Source:
    """Where a rule comes from and how sure the project is of it."""

    citation: str
    confidence: str = "sure"
    note: str = ""

    def cite(self, statement: str) -> str:
        """ "<statement> (<source>)", saying when the rule is only likely or assumed."""
        if self.confidence == "assumed":
            mark = f"; giả định: {self.note or 'chưa tìm thấy văn bản quy định, áp dụng giá trị mặc định có thể sửa'}"
        elif self.confidence == "likely":
            mark = f"; chưa thật chắc chắn{': ' + self.note if self.note else ''}"
        else:
            mark = ""
        return f"{statement} ({self.citation}{mark})"


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
_CITATION_KEYS = {"source", "confidence", "note"}


class _Reader:
    def __init__(self, citation: str) -> None:
        self.errors: list[str] = []
        self.citation = citation

    def group(self, raw: dict[str, Any], name: str) -> dict[str, Any]:
        value = raw.get(name)
        if not isinstance(value, dict):
            self.errors.append(f"Thiếu nhóm tham số “{name}” (phải là một đối tượng JSON).")
            return {}
        for key in sorted(set(value) - _GROUPS[name] - _CITATION_KEYS):
            self.errors.append(f"Tham số “{name}.{key}” không được hỗ trợ.")
        return value

    def whole(self, g: dict[str, Any], where: str, key: str, *, low: int, high: int) -> int:
        value = g.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.errors.append(f"Tham số “{where}.{key}” phải là số nguyên từ {low} đến {high}.")
            return low
        return value

    def source(self, g: dict[str, Any], where: str) -> Source:
        citation = g.get("source", self.citation)
        if not isinstance(citation, str) or not citation.strip():
            self.errors.append(f"Tham số “{where}.source” phải nêu văn bản quy định.")
            citation = self.citation
        confidence = g.get("confidence", "sure")
        if confidence not in CONFIDENCES:
            self.errors.append(f"Tham số “{where}.confidence” phải là một trong: {', '.join(CONFIDENCES)}.")
            confidence = "assumed"
        note = g.get("note", "")
        if not isinstance(note, str):
            self.errors.append(f"Tham số “{where}.note” phải là một đoạn chữ.")
            note = ""
        return Source(citation=citation.strip(), confidence=confidence, note=note.strip())


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> ScreeningRules:
    """Check and type a screening rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc rà soát, sàng lọc phải là một đối tượng JSON."])
    r = _Reader(citation)
    for key in sorted(set(raw) - set(_GROUPS)):
        r.errors.append(f"Nhóm tham số “{key}” không được hỗ trợ.")
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
        r.errors.append("Tỷ lệ biểu quyết (vote.numerator/vote.denominator) không được lớn hơn 1.")
    if r.errors:
        raise ParamsError(r.errors)
    return rules
