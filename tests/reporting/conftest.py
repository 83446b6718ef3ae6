"""The rated world of the planning tests (2025: grassroots A below target, B at the boundary), with its KPI
values computed for 2024 and 2025, so a report has figures, a sector table, units below target and a trend."""

from __future__ import annotations

import pytest

from dangbo.evaluations.enums import Level
from dangbo.planning.kpi import recompute_year

from ..planning.conftest import YEAR, Rated, rate_grassroots, rate_member, rated  # noqa: F401  (fixture)

__all__ = ["YEAR", "Rated", "computed"]


@pytest.fixture
def computed(rated: Rated) -> Rated:  # noqa: F811
    """2025 as in the planning tests; 2024: all 25 rated members good, both grassroots organizations good."""
    w = rated.world
    for member in rated.a_members + rated.b_members:
        rate_member(member, Level.GOOD, year=2024)
    rate_grassroots(w.org_a, Level.GOOD, year=2024)
    rate_grassroots(w.org_b, Level.GOOD, year=2024)
    recompute_year(year=2024, organization=w.bloc)
    recompute_year(year=YEAR, organization=w.bloc)
    return rated
