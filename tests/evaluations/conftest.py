"""Rule sets as shipped by the data migration, and builders of subject facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangbo.evaluations.enums import SubjectKind
from dangbo.evaluations.params import RuleSetData
from dangbo.evaluations.rules import DisciplineFact, ScoreSheet, SubjectFacts, sheet_from_scores
from dangbo.evaluations.selectors import rule_set_for_year

RULES_124 = "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW"
RULES_366 = "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW"


@pytest.fixture
def rules_124(db: None) -> RuleSetData:
    return rule_set_for_year(2024)


@pytest.fixture
def rules_366(db: None) -> RuleSetData:
    return rule_set_for_year(2025)


def member(year: int = 2024, **overrides: Any) -> SubjectFacts:
    data: dict[str, Any] = {
        "kind": SubjectKind.MEMBER,
        "year": year,
        "rating_date": dt.date(year, 12, 15),
        "status": "full",
        "admitted_on": dt.date(2010, 3, 1),
    }
    data.update(overrides)
    return SubjectFacts(**data)


def collective(year: int = 2024, kind: SubjectKind = SubjectKind.GRASSROOTS, **overrides: Any) -> SubjectFacts:
    data: dict[str, Any] = {
        "kind": kind,
        "year": year,
        "rating_date": dt.date(year, 12, 15),
        "founded_on": dt.date(2000, 1, 1),
        "subordinate_units": 10,
    }
    data.update(overrides)
    return SubjectFacts(**data)


def disciplined(day: dt.date, **overrides: Any) -> tuple[DisciplineFact, ...]:
    return (DisciplineFact(decision_date=day, form="reprimand", **overrides),)


def member_sheet(
    rule_set: RuleSetData,
    total: str,
    *,
    on_time: str = "100",
    exceeding: str = "30",
    late: str | None = None,
    kind: SubjectKind = SubjectKind.MEMBER,
) -> ScoreSheet:
    """A sheet whose criteria add up to `total`: general criteria full first, the rest on the tasks."""
    assert rule_set.params.score is not None
    criteria = rule_set.params.score.criteria_for(kind)
    left = Decimal(total)
    scores: dict[str, Decimal] = {}
    for c in criteria:
        give = min(left, c.max_score)
        scores[c.code] = give
        left -= give
    assert left == 0, "total over 100 cannot be spread over the criteria"
    return sheet_from_scores(
        rule_set,
        kind,
        scores,
        on_time_pct=Decimal(on_time),
        exceeding_pct=Decimal(exceeding),
        late_pct=None if late is None else Decimal(late),
    )
