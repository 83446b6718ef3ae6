"""An inspection rule set's parameters: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` returns `InspectionRules` or raises `ParamsError` listing every problem in
Vietnamese; a group or key the layout does not know is refused. Each group may name its own `source`,
`confidence` ("sure", "likely", "assumed") and `note`. The layout, with the shipped values, is in docs/rules.md
("Kiểm tra, giám sát"):

    <case kind>: {"subjects": ["member", "organization"], "levels": ["upper", "grassroots", "below"],
                  "may_discipline": true, "records_violation": true}          one group for every kind
    bodies: {"upper": [...], "grassroots": [...], "below": [...]}             who may run a programme or a case
    stages_<level>: {"notice": 5, "report": 15, ..., "follow_up": 125}        working days from the decision

Which discipline forms the inspecting organization decides itself is the discipline rule set's competence table
(`discipline.params`), not repeated here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from dangbo.core.rule_params import GroupReader, ParamsError, Source

from .enums import LEVELS, STAGES, Body, CaseKind, Stage, SubjectKind

__all__ = ["InspectionRules", "KindRule", "ParamsError", "Source", "parse_params"]

KIND_KEYS = {"subjects", "levels", "may_discipline", "records_violation"}
TIMED_STAGES = [spec.stage.value for spec in STAGES if spec.stage != Stage.DECISION]
MAX_WORKING_DAYS = 500


@dataclass(frozen=True)
class KindRule:
    """What one kind of case may target, which levels run it, whether its conclusion may decide a discipline and
    whether it records the violation (date and level) whose limitation period is checked when it opens."""

    kind: str
    subjects: tuple[str, ...]
    levels: tuple[str, ...]
    may_discipline: bool
    records_violation: bool
    source: Source

    @property
    def label(self) -> str:
        return str(CaseKind(self.kind).label)


@dataclass(frozen=True)
class InspectionRules:
    """One inspection rule set as the services see it: plain values, no database."""

    code: str
    citation: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    rule_set_id: int | None
    kinds: dict[str, KindRule]
    bodies: dict[str, tuple[str, ...]]
    bodies_source: Source
    stage_days: dict[str, dict[str, int]]  # level → stage → working days after the decision
    stage_sources: dict[str, Source]

    def kind(self, kind: str) -> KindRule:
        return self.kinds[kind]


def _kind(r: GroupReader, raw: dict[str, Any], kind: str) -> KindRule:
    g = r.group(raw, kind)
    return KindRule(
        kind=kind,
        subjects=r.choices(g, kind, "subjects", SubjectKind.values, empty_ok=False),
        levels=r.choices(g, kind, "levels", list(LEVELS), empty_ok=False),
        may_discipline=r.boolean(g, kind, "may_discipline"),
        records_violation=r.boolean(g, kind, "records_violation"),
        source=r.source(g, kind),
    )


def _stages(r: GroupReader, raw: dict[str, Any], level: str) -> tuple[dict[str, int], Source]:
    name = f"stages_{level}"
    g = r.group(raw, name)
    days = {stage: r.whole(g, name, stage, low=1, high=MAX_WORKING_DAYS) for stage in TIMED_STAGES}
    values = list(days.values())
    if not r.errors and any(later <= earlier for earlier, later in pairwise(values)):
        r.fail(f"Thời hạn các bước trong “{name}” phải tăng dần theo thứ tự: {', '.join(TIMED_STAGES)}.")
    return days, r.source(g, name)


def parse_params(
    raw: Any,
    *,
    citation: str,
    code: str = "",
    rule_set_id: int | None = None,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
) -> InspectionRules:
    """Check and type an inspection rule set's parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc kiểm tra, giám sát phải là một đối tượng JSON."])
    groups: dict[str, set[str]] = {kind: KIND_KEYS for kind in CaseKind.values}
    groups["bodies"] = set(LEVELS)
    groups.update({f"stages_{level}": set(TIMED_STAGES) for level in LEVELS})
    r = GroupReader(citation, groups)
    r.refuse_unknown_groups(raw)
    kinds = {kind: _kind(r, raw, kind) for kind in CaseKind.values}
    bodies_group = r.group(raw, "bodies")
    bodies = {level: r.choices(bodies_group, "bodies", level, Body.values, empty_ok=True) for level in LEVELS}
    staged = {level: _stages(r, raw, level) for level in LEVELS}
    rules = InspectionRules(
        code=code,
        citation=citation,
        effective_from=effective_from,
        effective_to=effective_to,
        rule_set_id=rule_set_id,
        kinds=kinds,
        bodies=bodies,
        bodies_source=r.source(bodies_group, "bodies"),
        stage_days={level: days for level, (days, _source) in staged.items()},
        stage_sources={level: source for level, (_days, source) in staged.items()},
    )
    for level in LEVELS:
        for kind in kinds.values():
            if level in kind.levels and not bodies[level]:
                r.fail(f"“{kind.kind}” được tiến hành ở cấp “{level}” nhưng “bodies.{level}” không có chủ thể nào.")
    r.raise_errors()
    return rules
