"""The figures of the year's report: one organization (a bloc or a grassroots organization) and one year.

Everything comes from the pre-aggregated KPI values through the planning selectors, so a report over the
whole bloc reads a few thousand rows. The caller has checked that the organization lies in the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.planning.grading import count_achieved
from dangbo.planning.models import KpiValue, Target
from dangbo.planning.selectors import (
    METRICS,
    SHORT_LABELS,
    BelowTarget,
    Figure,
    UnitFigures,
    below_target,
    by_sector,
    targets_by_year,
    unit_dashboard,
)

# Only these kinds carry KPI values (cells roll up into their grassroots organization).
REPORTABLE_KINDS = (OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


@dataclass(frozen=True)
class TrendRow:
    """One year of the trend table: each metric's share (percent, rounded to 2 decimals; None without data)."""

    year: int
    values: dict[str, float | None]


@dataclass(frozen=True)
class YearReport:
    organization: Organization
    year: int
    path: str
    figures: list[Figure]
    sectors: list[UnitFigures]
    below: list[BelowTarget]
    below_total: int
    trends: list[TrendRow]
    targets: dict[str, Target]

    @property
    def plans(self) -> list[str]:
        """The plans the year's targets come from ("Kế hoạch 20-KH/ĐUK"), for the report's opening sentence."""
        return sorted({f.source for f in self.figures if f.source})

    @property
    def met_count(self) -> int:
        return count_achieved([f.grade for f in self.figures])


def has_figures(organization: Organization, year: int) -> bool:
    return KpiValue.objects.filter(organization=organization, year=year, denominator__gt=0).exists()


def check_reportable(organization: Organization, year: int) -> None:
    """Refuse, in Vietnamese, an organization that carries no figures or a year without any."""
    if organization.kind not in REPORTABLE_KINDS:
        raise DomainError(
            _("Báo cáo chỉ lập cho đảng bộ cấp trên cơ sở hoặc tổ chức cơ sở đảng; %(name)s là %(kind)s.")
            % {"name": organization.name, "kind": organization.get_kind_display().lower()},
            field="to_chuc",
        )
    if not has_figures(organization, year):
        raise DomainError(
            _(
                "Chưa có số liệu chỉ tiêu năm %(year)s của %(name)s: hãy khóa đợt đánh giá, xếp loại năm đó "
                "hoặc tính lại chỉ tiêu trước khi lập báo cáo."
            )
            % {"year": year, "name": organization.name},
            field="nam",
        )


def year_report(organization: Organization, *, year: int) -> YearReport:
    """Gather the report's figures. Steps: refuse an organization or year without figures; read the
    organization's figures and trends (`unit_dashboard`); the year's targets; the sums by sector and the
    grassroots organizations below target under the organization's path of that year."""
    check_reportable(organization, year)
    detail = unit_dashboard(organization, year=year)
    targets = targets_by_year([year])[year]
    paths = [detail.path]
    below, below_total = below_target(paths, year=year, targets=targets)
    trends = [
        TrendRow(trend_year, {m: detail.trends[m][index] for m in METRICS})
        for index, trend_year in enumerate(detail.trend_years)
    ]
    return YearReport(
        organization=organization,
        year=year,
        path=detail.path,
        figures=detail.figures.ordered(),
        sectors=by_sector(paths, year=year, targets=targets),
        below=below,
        below_total=below_total,
        trends=trends,
        targets=targets,
    )


def metric_label(metric: str) -> str:
    return str(SHORT_LABELS[metric])


def latest_year_of(organization: Organization, default: int) -> int:
    """The latest year with figures for the organization (or `default`)."""
    latest = (
        KpiValue.objects.filter(organization=organization, denominator__gt=0)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest if latest is not None else default
