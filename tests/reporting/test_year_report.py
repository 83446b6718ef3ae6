"""The report's figures: the bloc and a grassroots organization, the sector table, units below target, trends,
and the refusals (a year without figures, a cell)."""

from __future__ import annotations

import pytest

from dangbo.core.errors import DomainError
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.selectors import Figure
from dangbo.reporting.year_report import latest_year_of, year_report

from .conftest import YEAR, Rated

pytestmark = pytest.mark.django_db


def _counts(report_figures: list[Figure]) -> dict[str, tuple[int, int, TargetStatus]]:
    return {f.metric: (f.numerator, f.denominator, f.status) for f in report_figures}


def test_year_report_bloc_figures_against_targets(computed: Rated) -> None:
    report = year_report(computed.world.bloc, year=YEAR)
    assert _counts(report.figures) == {
        Metric.GRASSROOTS_GOOD_OR_BETTER: (1, 2, TargetStatus.MISSED),
        Metric.MEMBERS_GOOD_OR_BETTER: (22, 25, TargetStatus.NEAR),
        Metric.MODEL_CELLS: (1, 3, TargetStatus.MET),
        Metric.ADMISSION_RATE: (1, 27, TargetStatus.MET),
    }
    assert report.met_count == 2
    assert report.plans == ["Kế hoạch 20-KH/ĐUK"]


def test_year_report_by_sector_and_below_target(computed: Rated) -> None:
    w = computed.world
    report = year_report(w.bloc, year=YEAR)
    sectors = {s.org_type: s.figures[Metric.MEMBERS_GOOD_OR_BETTER] for s in report.sectors}
    assert {k: (f.numerator, f.denominator) for k, f in sectors.items()} == {
        "state_agency": (13, 15),
        "state_enterprise": (9, 10),
    }
    below = {(b.organization_id, b.figure.metric) for b in report.below}
    assert below == {
        (w.org_a.pk, Metric.MEMBERS_GOOD_OR_BETTER),
        (w.org_a.pk, Metric.ADMISSION_RATE),
        (w.org_b.pk, Metric.MEMBERS_GOOD_OR_BETTER),
        (w.org_b.pk, Metric.GRASSROOTS_GOOD_OR_BETTER),
        (w.org_b.pk, Metric.MODEL_CELLS),
    }  # B's admissions (10%) are above the 3–4% range: exceeded, not below target
    assert report.below_total == 5


def test_year_report_trends_over_years(computed: Rated) -> None:
    report = year_report(computed.world.bloc, year=YEAR)
    assert [(t.year, t.values[Metric.MEMBERS_GOOD_OR_BETTER]) for t in report.trends] == [(2024, 100.0), (2025, 88.0)]


def test_year_report_grassroots_only_its_subtree(computed: Rated) -> None:
    w = computed.world
    report = year_report(w.org_a, year=YEAR)
    assert _counts(report.figures)[Metric.MEMBERS_GOOD_OR_BETTER] == (13, 15, TargetStatus.MISSED)
    assert {b.organization_id for b in report.below} == {w.org_a.pk}
    assert [s.org_type for s in report.sectors] == ["state_agency"]


def test_year_report_year_without_figures_refused(computed: Rated) -> None:
    with pytest.raises(DomainError) as caught:
        year_report(computed.world.bloc, year=2019)
    assert caught.value.message == (
        "Chưa có số liệu chỉ tiêu năm 2019 của Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh: hãy khóa đợt "
        "đánh giá, xếp loại năm đó hoặc tính lại chỉ tiêu trước khi lập báo cáo."
    )


def test_year_report_cell_refused(computed: Rated) -> None:
    with pytest.raises(DomainError) as caught:
        year_report(computed.world.cell_a1, year=YEAR)
    assert caught.value.message.startswith("Báo cáo chỉ lập cho đảng bộ cấp trên cơ sở hoặc tổ chức cơ sở đảng")


def test_latest_year_of_reads_figures(computed: Rated) -> None:
    assert latest_year_of(computed.world.bloc, 2030) == YEAR
    assert latest_year_of(computed.world.cell_a1, 2030) == 2030
