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


# Rating rounds over the shared `world` tree (tests/conftest.py).


@pytest.fixture
def cell_secretary(world: Any) -> Any:
    """The secretary of cell A1: reviews its members, cannot decide."""
    from dangbo.accounts.enums import RoleKind
    from tests.factories import make_user

    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def open_round(world: Any, year: int) -> Any:
    from dangbo.evaluations.services import open_campaign

    return open_campaign(actor=world.bloc_officer, organization=world.bloc, year=year)


@pytest.fixture
def round_2024(world: Any) -> Any:
    """The 2024 round over the whole tree (rules 124: the four-level choice)."""
    return open_round(world, 2024)


@pytest.fixture
def round_2025(world: Any) -> Any:
    """The 2025 round over the whole tree (rules 366: the 100-point sheet)."""
    return open_round(world, 2025)


def rating_of(campaign: Any, *, member: Any = None, organization: Any = None) -> Any:
    from dangbo.evaluations.models import Rating

    if member is not None:
        return Rating.objects.get(campaign=campaign, member=member)
    return Rating.objects.get(campaign=campaign, organization=organization)


def take(actor: Any, rating: Any, step: str, level: str | None = None, **kwargs: Any) -> Any:
    """Take one step with the rating's current version."""
    from dangbo.evaluations.workflow import perform_step

    rating.refresh_from_db()
    return perform_step(actor=actor, rating=rating, step=step, level=level, expected_version=rating.version, **kwargs)


def decide(world: Any, rating: Any, level: str) -> Any:
    """Walk one member's rating up to the decision by the grassroots committee."""
    for step in ("self_assessed", "reviewed", "proposed", "decided"):
        rating = take(world.officer, rating, step, level)
    return rating
