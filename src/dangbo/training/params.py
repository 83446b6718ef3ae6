"""A training rule set's parameters: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `TrainingRules` or raises `ParamsError` listing every problem in
Vietnamese. Each group (and each course kind inside `certificates`) may name its own `source`, `confidence`
("sure", "likely", "assumed") and `note`; without them the rule set's citation is the source. The layout, with the
shipped values, is in the shipped rule-set migration and docs/rules.md ("Đào tạo, bồi dưỡng"):

    certificates: {<course kind>: {"valid_months": 60 | null}}   one entry per kind; null: valid without end
    new_member_course: {"due_months": 12, "lookback_months": 24}  the course is due within `due_months` of the
                                                                  admission; members admitted in the last
                                                                  `lookback_months` are checked
    theory: {"min_level": "elementary"}                           members below it are listed as needing a course
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.dates import add_months
from dangbo.core.rule_params import CITATION_KEYS, GroupReader, ParamsError, Source
from dangbo.members.enums import TheoryLevel

from .enums import CourseKind

__all__ = ["CertificateValidity", "ParamsError", "Source", "TrainingRules", "parse_params"]

MAX_VALID_MONTHS = 240


@dataclass(frozen=True)
class CertificateValidity:
    """How long a certificate of one course kind stays valid (None: without end), and where that comes from."""

    valid_months: int | None
    source: Source

    def valid_until(self, issued_on: dt.date) -> dt.date | None:
        """The last day the certificate is valid: the day before the same date `valid_months` later (the rule
        the admission check applies to the awareness certificate)."""
        if self.valid_months is None:
            return None
        return add_months(issued_on, self.valid_months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class TrainingRules:
    """One training rule set as the services and selectors see it: plain values, no database."""

    code: str
    citation: str
    rule_set_id: int | None
    certificates: dict[str, CertificateValidity]
    new_member_due_months: int
    new_member_lookback_months: int
    new_member_source: Source
    theory_min_level: str
    theory_source: Source

    def validity(self, kind: str) -> CertificateValidity:
        return self.certificates[kind]


_GROUPS: dict[str, set[str]] = {
    "certificates": {k.value for k in CourseKind},
    "new_member_course": {"due_months", "lookback_months"},
    "theory": {"min_level"},
}


def _certificates(r: GroupReader, group: dict[str, Any]) -> dict[str, CertificateValidity]:
    default = r.source(group, "certificates")
    out: dict[str, CertificateValidity] = {}
    for kind in CourseKind:
        where = f"certificates.{kind.value}"
        g = group.get(kind.value)
        if not isinstance(g, dict):
            if group:
                r.fail(f"Thiếu thời hạn giấy chứng nhận của lớp “{kind.label}” (tham số “{where}”).")
            out[kind.value] = CertificateValidity(None, default)
            continue
        for key in sorted(set(g) - {"valid_months"} - CITATION_KEYS):
            r.fail(f"Tham số “{where}.{key}” không được hỗ trợ.")
        months = r.optional_whole(g, where, "valid_months", low=1, high=MAX_VALID_MONTHS)
        out[kind.value] = CertificateValidity(months, r.source(g, where, default=default.citation))
    return out


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> TrainingRules:
    """Check and type a training rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc đào tạo, bồi dưỡng phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    certs, new, theory = r.group(raw, "certificates"), r.group(raw, "new_member_course"), r.group(raw, "theory")
    levels = [v for v in TheoryLevel.values if v != TheoryLevel.NONE]
    min_level = theory.get("min_level")
    if min_level not in levels:
        r.fail(f"Tham số “theory.min_level” phải là một trong: {', '.join(levels)}.")
        min_level = TheoryLevel.ELEMENTARY
    rules = TrainingRules(
        code=code,
        citation=citation,
        rule_set_id=rule_set_id,
        certificates=_certificates(r, certs),
        new_member_due_months=r.whole(new, "new_member_course", "due_months", low=1, high=60),
        new_member_lookback_months=r.whole(new, "new_member_course", "lookback_months", low=1, high=120),
        new_member_source=r.source(new, "new_member_course"),
        theory_min_level=str(min_level),
        theory_source=r.source(theory, "theory"),
    )
    if rules.new_member_lookback_months < rules.new_member_due_months:
        r.fail(
            "Khoảng thời gian rà soát (new_member_course.lookback_months) không được ngắn hơn thời hạn học lớp "
            "(new_member_course.due_months)."
        )
    r.raise_errors()
    return rules
