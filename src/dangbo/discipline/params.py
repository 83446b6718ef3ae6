"""A discipline rule set's parameters: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `DisciplineRules` or raises `ParamsError` listing every problem in
Vietnamese; a group or key the layout does not know is refused, so a typo cannot silently switch a rule off. Each
group may name its own `source`, `confidence` ("sure", "likely", "assumed") and `note` (`core.rule_params`).

Groups: `forms` (the forms for full members, probationary members and organizations, and the forms that need a
post), `votes` (the forms that need more than half and more than two thirds of those entitled to vote),
`competence_member` / `competence_organization` (per organization kind, the forms it may decide), `limitation`
(years per form, null for none; the violation kinds without limitation), `appeal` (the window in working days) and
`lapse` (months after which a decision lapses; the forms that never lapse). The shipped values and their sources are
in docs/rules.md ("Kỷ luật đảng"); `discipline.rules.rules_in_force(day)` gives the set in force on a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source
from dangbo.organizations.enums import OrgKind

from .enums import DisciplineForm, SubjectClass, ViolationKind

__all__ = ["DisciplineRules", "ParamsError", "Source", "parse_params"]

FORMS = list(DisciplineForm.values)
KINDS = list(OrgKind.values)
# The vote thresholds the layout knows: (name, numerator, denominator, Vietnamese): "more than n/d".
THRESHOLDS = (("more_than_half", 1, 2, "quá một nửa (trên 50%)"), ("more_than_two_thirds", 2, 3, "trên hai phần ba"))


@dataclass(frozen=True)
class DisciplineRules:
    """One discipline rule set as the services and checks see it: plain values, no database."""

    code: str
    citation: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    rule_set_id: int | None
    forms: dict[str, tuple[str, ...]]  # SubjectClass -> forms
    post_required: tuple[str, ...]
    forms_source: Source
    votes: dict[str, tuple[int, int, str]]  # form -> (numerator, denominator, words): more than n/d
    votes_source: Source
    competence_member: dict[str, tuple[str, ...]]  # OrgKind -> forms it may decide for members under it
    competence_member_source: Source
    competence_organization: dict[str, tuple[str, ...]]  # OrgKind -> forms for organizations under it
    competence_organization_source: Source
    limitation_years: dict[str, int | None]  # form -> years (None: no limitation)
    unlimited_kinds: tuple[str, ...]
    limitation_source: Source
    appeal_working_days: int
    appeal_source: Source
    lapse_months: int
    never_lapse: tuple[str, ...]
    lapse_source: Source

    def forms_for(self, subject: str) -> tuple[str, ...]:
        return self.forms.get(subject, ())

    def vote_passes(self, form: str, votes_for: int, voters_entitled: int) -> bool:
        """Strictly more than the form's fraction of those entitled to vote."""
        numerator, denominator, _words = self.votes[form]
        return votes_for * denominator > voters_entitled * numerator

    def competent_forms(self, kind: str, *, organization_subject: bool) -> tuple[str, ...]:
        table = self.competence_organization if organization_subject else self.competence_member
        return table.get(kind, ())


_GROUPS: dict[str, set[str]] = {
    "forms": {*SubjectClass.values, "post_required"},
    "votes": {name for name, *_rest in THRESHOLDS},
    "competence_member": set(KINDS),
    "competence_organization": set(KINDS),
    "limitation": {*FORMS, "unlimited_kinds"},
    "appeal": {"working_days"},
    "lapse": {"months", "never"},
}


def _votes(r: GroupReader, g: dict[str, Any]) -> dict[str, tuple[int, int, str]]:
    out: dict[str, tuple[int, int, str]] = {}
    for name, numerator, denominator, words in THRESHOLDS:
        for form in r.choices(g, "votes", name, FORMS, empty_ok=True):
            if form in out:
                r.fail(f"Hình thức “{form}” nằm trong hơn một ngưỡng biểu quyết (votes).")
            out[form] = (numerator, denominator, words)
    for form in FORMS:
        if form not in out:
            r.fail(f"Hình thức “{form}” chưa có ngưỡng biểu quyết (votes).")
    return out


def _limitation(r: GroupReader, g: dict[str, Any]) -> dict[str, int | None]:
    return {form: r.optional_whole(g, "limitation", form, low=1, high=50) for form in FORMS}


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    rule_set_id: int | None = None,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
) -> DisciplineRules:
    """Check and type a discipline rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc kỷ luật đảng phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    forms, votes, lim = r.group(raw, "forms"), r.group(raw, "votes"), r.group(raw, "limitation")
    cm, co = r.group(raw, "competence_member"), r.group(raw, "competence_organization")
    appeal, lapse = r.group(raw, "appeal"), r.group(raw, "lapse")
    rules = DisciplineRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        effective_to=effective_to,
        rule_set_id=rule_set_id,
        forms={s: r.choices(forms, "forms", s, FORMS, empty_ok=False) for s in SubjectClass.values},
        post_required=r.choices(forms, "forms", "post_required", FORMS, empty_ok=True),
        forms_source=r.source(forms, "forms"),
        votes=_votes(r, votes),
        votes_source=r.source(votes, "votes"),
        competence_member={k: r.choices(cm, "competence_member", k, FORMS, empty_ok=True) for k in KINDS},
        competence_member_source=r.source(cm, "competence_member"),
        competence_organization={k: r.choices(co, "competence_organization", k, FORMS, empty_ok=True) for k in KINDS},
        competence_organization_source=r.source(co, "competence_organization"),
        limitation_years=_limitation(r, lim),
        unlimited_kinds=r.choices(lim, "limitation", "unlimited_kinds", list(ViolationKind.values), empty_ok=True),
        limitation_source=r.source(lim, "limitation"),
        appeal_working_days=r.whole(appeal, "appeal", "working_days", low=1, high=365),
        appeal_source=r.source(appeal, "appeal"),
        lapse_months=r.whole(lapse, "lapse", "months", low=1, high=120),
        never_lapse=r.choices(lapse, "lapse", "never", FORMS, empty_ok=True),
        lapse_source=r.source(lapse, "lapse"),
    )
    if r.errors:  # the cross-checks below only mean something once each value is valid
        r.raise_errors()
    if not set(rules.forms[SubjectClass.PROBATIONARY]) <= set(rules.forms[SubjectClass.MEMBER]):
        r.fail("Hình thức kỷ luật đảng viên dự bị (forms.probationary) phải nằm trong các hình thức của đảng viên.")
    if ViolationKind.ORDINARY in rules.unlimited_kinds:
        r.fail("Vi phạm thông thường (ordinary) không thể nằm trong danh sách không áp dụng thời hiệu.")
    r.raise_errors()
    return rules
