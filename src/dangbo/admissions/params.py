"""An admission rule set's thresholds: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `AdmissionRules` or raises `ParamsError` listing every problem in
Vietnamese. Each group of thresholds may name its own `source`, `confidence` ("sure", "likely", "assumed") and
`note`; without them the rule set's citation is the source and the rule is sure (`core.rule_params` reads the
groups). The layout, with the shipped values, is in docs/rules.md ("Kết nạp đảng viên").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source
from dangbo.members.enums import Education

from .enums import DossierItem, ExitReason, Step

__all__ = ["EDUCATION_ORDER", "AdmissionRules", "ParamsError", "Source", "parse_params"]

# Education levels from lowest to highest (the enum's order).
EDUCATION_ORDER = list(Education.values)


@dataclass(frozen=True)
class AdmissionRules:
    """One admission rule set as the checks see it: plain values, no database."""

    code: str
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None
    rule_set_id: int | None
    min_age_months: int
    max_age_months: int
    age_source: Source
    min_education: str
    hard_area_min_education: str
    education_source: Source
    certificate_valid_months: int
    certificate_source: Source
    sponsor_count: int
    sponsor_known_months: int
    residence_allowed: bool
    sponsor_source: Source
    youth_max_age: int
    youth_source: Source
    vote_numerator: int
    vote_denominator: int
    vote_source: Source
    readmission_wait_months: int
    readmission_cleared_record_months: int
    readmission_max_times: int
    readmission_barred_reasons: tuple[str, ...]
    readmission_source: Source
    ceremony_working_days: int
    recognition_working_days: int
    deadline_source: Source
    probation_months: int
    max_inconclusive_votes: int
    probation_source: Source
    quota_percent: int
    quota_source: Source
    dossier: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def passes(self, votes: int, voters: int) -> bool:
        """`votes` reach the fraction (2/3) of `voters`, counted exactly (no rounding)."""
        return voters > 0 and votes * self.vote_denominator >= self.vote_numerator * voters

    @property
    def vote_fraction(self) -> str:
        return f"{self.vote_numerator}/{self.vote_denominator}"


_GROUPS: dict[str, set[str]] = {
    "age": {"min_months", "max_months"},
    "education": {"min", "hard_area_min"},
    "certificate": {"valid_months"},
    "sponsors": {"count", "known_months", "residence_allowed"},
    "youth": {"max_age"},
    "vote": {"numerator", "denominator"},
    "readmission": {"wait_months", "cleared_record_months", "max_times", "barred_reasons"},
    "deadlines": {"ceremony_working_days", "recognition_working_days"},
    "probation": {"months", "max_inconclusive_votes"},
    "quota": {"suggested_percent"},
}
DOSSIER_STEPS = {str(s) for s in Step} - {str(Step.CORRECT), str(Step.WITHDRAW), str(Step.REJECT)}


class _Reader(GroupReader):
    """The shared reader, with the values only admissions have: education levels, exit reasons, the dossier."""

    def education(self, g: dict[str, Any], where: str, key: str) -> str:
        value = g.get(key)
        if value not in EDUCATION_ORDER:
            self.fail(f"Tham số “{where}.{key}” phải là một trình độ học vấn: {', '.join(EDUCATION_ORDER)}.")
            return EDUCATION_ORDER[0]
        return str(value)

    def reasons(self, g: dict[str, Any]) -> tuple[str, ...]:
        value = g.get("barred_reasons")
        if not isinstance(value, list) or any(v not in ExitReason.values for v in value):
            self.fail(
                f"Tham số “readmission.barred_reasons” phải là danh sách lý do trong: {', '.join(ExitReason.values)}."
            )
            return ()
        return tuple(value)

    def dossier(self, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        value = raw.get("dossier", {})
        if not isinstance(value, dict):
            self.fail("Tham số “dossier” phải là một đối tượng JSON: bước → danh sách tài liệu.")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for step, items in value.items():
            if step not in DOSSIER_STEPS:
                self.fail(f"Tham số “dossier.{step}”: “{step}” không phải một bước kết nạp.")
                continue
            if not isinstance(items, list) or any(i not in DossierItem.values for i in items):
                self.fail(
                    f"Tham số “dossier.{step}” phải là danh sách loại tài liệu trong: {', '.join(DossierItem.values)}."
                )
                continue
            out[step] = tuple(items)
        return out


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    effective_from: dt.date = dt.date(1930, 2, 3),
    effective_to: dt.date | None = None,
    rule_set_id: int | None = None,
) -> AdmissionRules:
    """Check and type an admission rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc kết nạp phải là một đối tượng JSON."])
    r = _Reader(citation, _GROUPS)
    r.refuse_unknown_groups(raw, also={"dossier"})
    age, edu, cert = r.group(raw, "age"), r.group(raw, "education"), r.group(raw, "certificate")
    spo, youth, vote = r.group(raw, "sponsors"), r.group(raw, "youth"), r.group(raw, "vote")
    readm, dl, prob, quota = (r.group(raw, n) for n in ("readmission", "deadlines", "probation", "quota"))
    rules = AdmissionRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        effective_to=effective_to,
        rule_set_id=rule_set_id,
        min_age_months=r.whole(age, "age", "min_months", low=12 * 16, high=12 * 30),
        max_age_months=r.whole(age, "age", "max_months", low=12 * 30, high=12 * 100),
        age_source=r.source(age, "age"),
        min_education=r.education(edu, "education", "min"),
        hard_area_min_education=r.education(edu, "education", "hard_area_min"),
        education_source=r.source(edu, "education"),
        certificate_valid_months=r.whole(cert, "certificate", "valid_months", low=1, high=240),
        certificate_source=r.source(cert, "certificate"),
        sponsor_count=r.whole(spo, "sponsors", "count", low=1, high=5),
        sponsor_known_months=r.whole(spo, "sponsors", "known_months", low=0, high=120),
        residence_allowed=r.boolean(spo, "sponsors", "residence_allowed"),
        sponsor_source=r.source(spo, "sponsors"),
        youth_max_age=r.whole(youth, "youth", "max_age", low=16, high=40),
        youth_source=r.source(youth, "youth"),
        vote_numerator=r.whole(vote, "vote", "numerator", low=1, high=100),
        vote_denominator=r.whole(vote, "vote", "denominator", low=1, high=100),
        vote_source=r.source(vote, "vote"),
        readmission_wait_months=r.whole(readm, "readmission", "wait_months", low=0, high=240),
        readmission_cleared_record_months=r.whole(readm, "readmission", "cleared_record_months", low=0, high=240),
        readmission_max_times=r.whole(readm, "readmission", "max_times", low=0, high=10),
        readmission_barred_reasons=r.reasons(readm),
        readmission_source=r.source(readm, "readmission"),
        ceremony_working_days=r.whole(dl, "deadlines", "ceremony_working_days", low=1, high=365),
        recognition_working_days=r.whole(dl, "deadlines", "recognition_working_days", low=1, high=365),
        deadline_source=r.source(dl, "deadlines"),
        probation_months=r.whole(prob, "probation", "months", low=1, high=60),
        max_inconclusive_votes=r.whole(prob, "probation", "max_inconclusive_votes", low=1, high=10),
        probation_source=r.source(prob, "probation"),
        quota_percent=r.whole(quota, "quota", "suggested_percent", low=0, high=100),
        quota_source=r.source(quota, "quota"),
        dossier=r.dossier(raw),
    )
    if rules.min_age_months >= rules.max_age_months:
        r.fail("Tuổi tối thiểu (age.min_months) phải nhỏ hơn tuổi tối đa (age.max_months).")
    if rules.vote_numerator > rules.vote_denominator:
        r.fail("Tỷ lệ biểu quyết (vote.numerator/vote.denominator) không được lớn hơn 1.")
    if EDUCATION_ORDER.index(rules.hard_area_min_education) > EDUCATION_ORDER.index(rules.min_education):
        r.fail("Trình độ tối thiểu ở vùng khó khăn không được cao hơn trình độ tối thiểu chung.")
    r.raise_errors()
    return rules
