"""A case's stages with their planned deadlines, its progress and its next deadline.

Every stage after the decision is due a number of working days after the decision's date (`core.calendar`), the
number read from the inspection rule set in force on that date for the inspecting organization's level
(`stages_<level>`, [assumed] values). A stage done after its deadline is late; a stage not done past it is overdue.
The next open stage and its deadline are kept on the case (`due_stage`, `due_on`) by every write, through
`next_due`, so lists filter and sort "overdue" with one condition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangbo.core.calendar import add_working_days
from dangbo.organizations.enums import LEVEL_OF_KIND, OrgKind
from dangbo.organizations.models import Organization

from .enums import STAGES, CaseState, Stage
from .models import Case
from .params import InspectionRules
from .rules import rules_in_force

OPEN_STATES = (CaseState.IN_PROGRESS, CaseState.CONCLUDED)


@dataclass(frozen=True)
class StageLine:
    stage: str
    label: str
    planned: dt.date | None
    done: dt.date | None
    rule: str  # the deadline's sentence with its source ("" for the decision itself)
    late: bool  # done after its deadline, or still open past it
    is_next: bool


def level_of(organization: Organization) -> str:
    """The level a rule set names for the inspecting organization: upper, grassroots or below."""
    return str(LEVEL_OF_KIND[OrgKind(organization.kind)])


def planned_dates(case: Case, rules: InspectionRules) -> dict[str, dt.date]:
    """Each stage's deadline (the decision: its own date); {} while the case has no decision."""
    if case.decision_date is None:
        return {}
    days = rules.stage_days[level_of(case.organization)]
    planned = {Stage.DECISION.value: case.decision_date}
    for stage, n in days.items():
        planned[stage] = add_working_days(case.decision_date, n)
    return planned


def next_due(case: Case, rules: InspectionRules | None) -> tuple[str, dt.date | None]:
    """The first stage not done yet and its deadline ("" and None when the case is planned or closed)."""
    if case.state not in OPEN_STATES or rules is None:
        return "", None
    planned = planned_dates(case, rules)
    for spec in STAGES:
        if getattr(case, spec.field) is None:
            return spec.stage.value, planned.get(spec.stage.value)
    return "", None


def rules_for(case: Case) -> InspectionRules | None:
    """The rule set in force on the decision's date (None while the case has no decision)."""
    return rules_in_force(case.decision_date) if case.decision_date is not None else None


def stage_lines(case: Case, *, today: dt.date, rules: InspectionRules | None = None) -> list[StageLine]:
    """Every stage of the case in order, with its deadline, done day and whether it is late."""
    rules = rules if rules is not None else rules_for(case)
    planned = planned_dates(case, rules) if rules is not None else {}
    level = level_of(case.organization)
    next_stage, _due = next_due(case, rules)
    lines = []
    for spec in STAGES:
        code = spec.stage.value
        done = getattr(case, spec.field)
        due = planned.get(code)
        rule = ""
        if rules is not None and due is not None and code != Stage.DECISION:
            n = rules.stage_days[level][code]
            rule = rules.stage_sources[level].cite(
                f"{spec.label}: trong {n} ngày làm việc kể từ ngày quyết định, hạn {due:%d/%m/%Y}"
            )
        still_open = done is None and case.state in OPEN_STATES
        late = due is not None and ((done is not None and done > due) or (still_open and today > due))
        lines.append(StageLine(code, str(spec.label), due, done, rule, late, code == next_stage))
    return lines


def progress(case: Case) -> int:
    """The share of the stages done, in percent (a closed case: 100)."""
    done = sum(1 for spec in STAGES if getattr(case, spec.field) is not None)
    return done * 100 // len(STAGES)


def is_overdue(case: Case, today: dt.date) -> bool:
    return case.due_on is not None and case.due_on < today
