"""A complaint rule set's deadlines: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `ComplaintRules` or raises `ParamsError` listing every problem in
Vietnamese; an unknown group or key is refused. Each group may name its own `source`, `confidence` ("sure",
"likely", "assumed") and `note` (`core.rule_params`). The layout with the shipped values is in docs/rules.md
("Khiếu nại, tố cáo"):

- `discipline_complaint`: working days to settle a complaint about a party discipline at province level and
  below (`working_days`, 90), at the centre (`central_working_days`, 180; data only: the tree is province level and
  below), the extension allowed (`extension_working_days`, 0: the rule gives none);
- `denunciation`: a denunciation handled by a cell or a grassroots organization (90 + up to 30 working days);
  `denunciation_upper`: by a committee above the grassroots level; `denunciation_central`: the centre's figures
  (180 days + up to 60; data only);
- `petition`: other letters (kiến nghị, phản ánh);
- `not_considered`: the source cited when an anonymous, false-name, address-less or repeated letter is closed;
- `notice`: the 5 days of QĐ 296 between state bodies and the party, and whether they are working days;
- `final_level`: the level whose settlement of a discipline complaint is final, per discipline form (QĐ 262).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source

__all__ = ["ComplaintRules", "Deadline", "ParamsError", "Source", "parse_params"]

FORMS = ("reprimand", "warning", "dismissal", "expulsion", "dissolution")


@dataclass(frozen=True)
class Deadline:
    """Working days to settle a kind of letter, the most an extension may add, and where that comes from."""

    working_days: int
    extension_working_days: int
    source: Source


@dataclass(frozen=True)
class ComplaintRules:
    code: str
    citation: str
    effective_from: dt.date | None
    rule_set_id: int | None
    discipline_complaint: Deadline
    discipline_complaint_central_working_days: int
    denunciation: Deadline
    denunciation_upper: Deadline
    denunciation_central_days: int
    denunciation_central_extension_days: int
    denunciation_central_source: Source
    petition: Deadline
    not_considered_source: Source
    notice_days: int
    notice_working_days: bool
    notice_source: Source
    final_level: dict[str, str]
    final_level_source: Source

    def final_level_of(self, form: str) -> str:
        """The sentence naming the final level for a complaint about a discipline of this form."""
        level = self.final_level.get(form, "")
        return self.final_level_source.cite(f"Cấp giải quyết cuối cùng: {level}") if level else ""


_GROUPS: dict[str, set[str]] = {
    "discipline_complaint": {"working_days", "extension_working_days", "central_working_days"},
    "denunciation": {"working_days", "extension_working_days"},
    "denunciation_upper": {"working_days", "extension_working_days"},
    "denunciation_central": {"days", "extension_days"},
    "petition": {"working_days", "extension_working_days"},
    "not_considered": set(),
    "notice": {"days", "working_days"},
    "final_level": set(FORMS),
}


def _deadline(r: GroupReader, g: dict[str, Any], where: str) -> Deadline:
    return Deadline(
        working_days=r.whole(g, where, "working_days", low=1, high=365),
        extension_working_days=r.whole(g, where, "extension_working_days", low=0, high=365),
        source=r.source(g, where),
    )


def _text(r: GroupReader, g: dict[str, Any], where: str, key: str) -> str:
    value = g.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        r.fail(f"Tham số “{where}.{key}” phải là tên cấp giải quyết (một đoạn chữ không rỗng, tối đa 255 ký tự).")
        return ""
    return value.strip()


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    rule_set_id: int | None = None,
    effective_from: dt.date | None = None,
) -> ComplaintRules:
    """Check and type a complaint rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc khiếu nại, tố cáo phải là một đối tượng JSON."])
    r = GroupReader(citation, _GROUPS)
    r.refuse_unknown_groups(raw)
    g = {name: r.group(raw, name) for name in _GROUPS}
    complaint, central, notice, final = (
        g["discipline_complaint"],
        g["denunciation_central"],
        g["notice"],
        g["final_level"],
    )
    rules = ComplaintRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        rule_set_id=rule_set_id,
        discipline_complaint=_deadline(r, complaint, "discipline_complaint"),
        discipline_complaint_central_working_days=r.whole(
            complaint, "discipline_complaint", "central_working_days", low=1, high=730
        ),
        denunciation=_deadline(r, g["denunciation"], "denunciation"),
        denunciation_upper=_deadline(r, g["denunciation_upper"], "denunciation_upper"),
        denunciation_central_days=r.whole(central, "denunciation_central", "days", low=1, high=730),
        denunciation_central_extension_days=r.whole(central, "denunciation_central", "extension_days", low=0, high=365),
        denunciation_central_source=r.source(central, "denunciation_central"),
        petition=_deadline(r, g["petition"], "petition"),
        not_considered_source=r.source(g["not_considered"], "not_considered"),
        notice_days=r.whole(notice, "notice", "days", low=1, high=60),
        notice_working_days=r.boolean(notice, "notice", "working_days"),
        notice_source=r.source(notice, "notice"),
        final_level={form: _text(r, final, "final_level", form) for form in FORMS},
        final_level_source=r.source(final, "final_level"),
    )
    r.raise_errors()
    return rules
