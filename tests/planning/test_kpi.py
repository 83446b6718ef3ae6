"""recompute_year: exact numerators and denominators from rating snapshots, designations and member data."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.evaluations.enums import Level
from dangbo.evaluations.models import Rating
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiValue

from ..factories import make_member, make_org
from .conftest import YEAR, Rated, designate_model_cell, rate_grassroots, rate_member

pytestmark = pytest.mark.django_db


def figures(org_id: int, year: int = YEAR) -> dict[str, tuple[int, int]]:
    return {v.metric: (v.numerator, v.denominator) for v in KpiValue.objects.filter(organization_id=org_id, year=year)}


def test_recompute_year_members_good_or_better_per_grassroots_and_bloc(rated: Rated) -> None:
    w = rated.world
    result = recompute_year(year=YEAR, organization=w.bloc)
    assert figures(w.org_a.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (13, 15)  # not rated / no level left out
    assert figures(w.org_b.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (9, 10)
    assert figures(w.bloc.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (22, 25)
    assert result.grassroots == 2


def test_recompute_year_grassroots_good_or_better_rolls_up_to_bloc(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    assert figures(w.org_a.pk)[Metric.GRASSROOTS_GOOD_OR_BETTER] == (1, 1)
    assert figures(w.org_b.pk)[Metric.GRASSROOTS_GOOD_OR_BETTER] == (0, 1)
    assert figures(w.bloc.pk)[Metric.GRASSROOTS_GOOD_OR_BETTER] == (1, 2)


def test_recompute_year_model_cells_over_cells_rated_that_year(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    assert figures(w.org_a.pk)[Metric.MODEL_CELLS] == (1, 2)  # A1 of A1, A2
    assert figures(w.org_b.pk)[Metric.MODEL_CELLS] == (0, 1)
    assert figures(w.bloc.pk)[Metric.MODEL_CELLS] == (1, 3)


def test_recompute_year_model_cells_uses_active_cells_without_ratings(rated: Rated) -> None:
    w = rated.world
    make_org(parent=w.org_b, founded_on=dt.date(2030, 1, 1))  # not yet founded in 2024
    designate_model_cell(w.cell_b1, year=2024)
    recompute_year(year=2024, organization=w.bloc)
    assert figures(w.org_a.pk, 2024)[Metric.MODEL_CELLS] == (0, 2)
    assert figures(w.org_b.pk, 2024)[Metric.MODEL_CELLS] == (1, 1)
    assert figures(w.bloc.pk, 2024)[Metric.MODEL_CELLS] == (1, 3)


def test_recompute_year_admission_rate_from_the_admission_records(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    # On the rolls on 01/01/2025: A 17 (15 rated + 2 unrated), B 10; admitted in 2025 (decision on record): one in B.
    assert figures(w.org_a.pk)[Metric.ADMISSION_RATE] == (0, 17)
    assert figures(w.org_b.pk)[Metric.ADMISSION_RATE] == (1, 10)
    assert figures(w.bloc.pk)[Metric.ADMISSION_RATE] == (1, 27)
    # The year before, the admitted member was not on the rolls and not admitted.
    recompute_year(year=2024, organization=w.bloc)
    assert figures(w.bloc.pk, 2024)[Metric.ADMISSION_RATE] == (0, 27)


def test_recompute_year_replaces_the_years_rows(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    before = KpiValue.objects.filter(year=YEAR).count()
    Rating.objects.filter(member=rated.b_members[-1]).update(final_level=Level.GOOD)
    recompute_year(year=YEAR, organization=w.bloc)
    assert KpiValue.objects.filter(year=YEAR).count() == before
    assert figures(w.org_b.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (10, 10)
    assert figures(w.bloc.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (23, 25)


def test_recompute_year_under_one_grassroots_leaves_others_alone(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    bloc_row = KpiValue.objects.get(organization=w.bloc, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER)
    recompute_year(year=YEAR, organization=w.org_a)
    assert KpiValue.objects.filter(pk=bloc_row.pk).exists()
    assert figures(w.org_b.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (9, 10)
    assert figures(w.org_a.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (13, 15)


def test_recompute_year_keeps_snapshots_on_rows(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    row = KpiValue.objects.get(organization=w.org_b, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER)
    assert (row.path, row.org_type, row.is_grassroots) == (w.org_b.path, "state_enterprise", True)
    bloc_row = KpiValue.objects.get(organization=w.bloc, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER)
    assert (bloc_row.path, bloc_row.is_grassroots) == (w.bloc.path, False)


def test_recompute_year_counts_a_grassroots_cell_directly_under_the_bloc(rated: Rated) -> None:
    w = rated.world
    small = make_org(kind="grassroots_cell", parent=w.bloc, org_type="non_state_enterprise")
    member = make_member(organization=small)
    rate_member(member, Level.GOOD)
    rate_grassroots(small, Level.EXCELLENT)
    recompute_year(year=YEAR, organization=w.bloc)
    assert figures(small.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (1, 1)
    assert figures(small.pk)[Metric.MODEL_CELLS] == (0, 1)
    assert figures(w.bloc.pk)[Metric.MEMBERS_GOOD_OR_BETTER] == (23, 26)
    assert figures(w.bloc.pk)[Metric.GRASSROOTS_GOOD_OR_BETTER] == (2, 3)
