"""The one grading where the figures are read: the stored below-target flag, the below-target list, the year
report's count of targets met. Grassroots B (fixture `rated`) admitted 1 member over 10 on the rolls: 10%,
above the 3–4% range, so exceeded, which counts as met and is not below target."""

from __future__ import annotations

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiValue
from dangbo.planning.selectors import below_target, dashboard_for, targets_by_year
from dangbo.reporting.year_report import year_report

from .conftest import YEAR, Rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(rated: Rated) -> Rated:
    recompute_year(year=YEAR, organization=rated.world.bloc)
    return rated


def test_above_range_not_flagged_below_target(computed: Rated) -> None:
    w = computed.world
    row = KpiValue.objects.get(organization=w.org_b, year=YEAR, metric=Metric.ADMISSION_RATE)
    assert (row.numerator, row.denominator, row.below_target) == (1, 10, False)
    below, total = below_target([w.org_b.path], year=YEAR, targets=targets_by_year([YEAR])[YEAR])
    assert {b.figure.metric for b in below} == {
        Metric.GRASSROOTS_GOOD_OR_BETTER, Metric.MEMBERS_GOOD_OR_BETTER, Metric.MODEL_CELLS,
    }  # fmt: skip
    assert total == 3


def test_year_report_counts_exceeded_as_met(computed: Rated) -> None:
    report = year_report(computed.world.org_b, year=YEAR)
    statuses = {f.metric: f.status for f in report.figures}
    assert statuses == {
        Metric.GRASSROOTS_GOOD_OR_BETTER: TargetStatus.MISSED,  # 0/1
        Metric.MEMBERS_GOOD_OR_BETTER: TargetStatus.NEAR,  # exactly 90%, under "> 90%"
        Metric.MODEL_CELLS: TargetStatus.MISSED,  # 0/1
        Metric.ADMISSION_RATE: TargetStatus.EXCEEDED,  # 10% above 3–4%
    }
    assert report.met_count == 1


def test_dashboard_card_explains_exceeded(computed: Rated) -> None:
    w = computed.world
    board = dashboard_for(scope_for(w.outsider), year=YEAR)  # grassroots B's officer
    figure = board.roots[0].figures[Metric.ADMISSION_RATE]
    assert figure.grade.text == "Vượt chỉ tiêu: 10,0% trên khoảng 3–4%"
