"""What recompute_year stores for the dashboard: ratios, below-target marks, lead rows and per-sector sums."""

from __future__ import annotations

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiSectorValue, KpiValue
from dangbo.planning.selectors import dashboard_for

from .conftest import YEAR, Rated

pytestmark = pytest.mark.django_db


def row(org_id: int, metric: str) -> KpiValue:
    return KpiValue.objects.get(organization_id=org_id, year=YEAR, metric=metric)


def sectors(org_id: int) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {
        (s.org_type, s.metric): (s.numerator, s.denominator, s.grassroots)
        for s in KpiSectorValue.objects.filter(organization_id=org_id, year=YEAR)
    }


def test_recompute_year_stores_ratio_and_below_target_marks(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    a_members = row(w.org_a.pk, Metric.MEMBERS_GOOD_OR_BETTER)
    assert a_members.ratio == pytest.approx(13 / 15)
    assert a_members.below_target is True  # 86,7% against > 90%
    assert row(w.org_b.pk, Metric.MEMBERS_GOOD_OR_BETTER).below_target is True  # exactly 90% is not > 90%
    assert row(w.org_a.pk, Metric.MODEL_CELLS).below_target is False  # 50% > 20%
    assert row(w.org_a.pk, Metric.GRASSROOTS_GOOD_OR_BETTER).below_target is False  # 1 of 1


def test_recompute_year_marks_one_lead_row_per_organization(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    recompute_year(year=YEAR, organization=w.org_a)  # a partial recompute keeps exactly one lead row too
    leads = list(KpiValue.objects.filter(year=YEAR, leads=True).values_list("organization_id", flat=True))
    assert sorted(leads) == sorted(set(KpiValue.objects.filter(year=YEAR).values_list("organization_id", flat=True)))


def test_recompute_year_stores_sector_sums_and_grassroots_counts_on_upper_organizations(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    bloc = sectors(w.bloc.pk)
    assert bloc[("state_agency", Metric.MEMBERS_GOOD_OR_BETTER)] == (13, 15, 1)
    assert bloc[("state_enterprise", Metric.MEMBERS_GOOD_OR_BETTER)] == (9, 10, 1)
    assert not KpiSectorValue.objects.filter(organization__in=[w.org_a, w.org_b]).exists()  # grassroots: none


def test_recompute_year_replaces_the_years_sector_rows(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    recompute_year(year=YEAR, organization=w.bloc)
    assert (
        KpiSectorValue.objects.filter(organization=w.bloc, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER).count() == 2
    )


def test_dashboard_stored_figures_match_reading_the_grassroots_rows(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    scope = scope_for(w.bloc_officer)
    stored = dashboard_for(scope, year=YEAR)
    KpiSectorValue.objects.all().delete()  # the bloc has no stored sums: the selector reads the grassroots rows
    read = dashboard_for(scope, year=YEAR)
    assert stored.units_total == read.units_total == 2
    assert [(s.org_type, [(f.numerator, f.denominator) for f in s.ordered()]) for s in stored.sectors] == [
        (s.org_type, [(f.numerator, f.denominator) for f in s.ordered()]) for s in read.sectors
    ]
    assert [u.organization_id for u in stored.units] == [u.organization_id for u in read.units]
