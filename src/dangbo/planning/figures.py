"""What a figure is: one metric's numerator and denominator against its target, graded, with the texts the
pages, the API and the report show (and what the metric counts); and an organization's four figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangbo.admissions.quotas import RATE_DEFINITION, Projection
from dangbo.organizations.enums import OrgType

from .enums import Metric, TargetStatus
from .grading import Grade, grade
from .models import Plan, Target, percent_of, percent_text

METRICS: tuple[Metric, ...] = (
    Metric.GRASSROOTS_GOOD_OR_BETTER,
    Metric.MEMBERS_GOOD_OR_BETTER,
    Metric.MODEL_CELLS,
    Metric.ADMISSION_RATE,
)
SHORT_LABELS: dict[str, str | Promise] = {
    Metric.GRASSROOTS_GOOD_OR_BETTER: _("Tỷ lệ tổ chức cơ sở đảng HTTNV trở lên"),
    Metric.MEMBERS_GOOD_OR_BETTER: _("Tỷ lệ đảng viên HTTNV trở lên"),
    Metric.MODEL_CELLS: _("Tỷ lệ chi bộ kiểu mẫu"),
    Metric.ADMISSION_RATE: _("Tỷ lệ kết nạp đảng viên mới"),
}

# What a metric counts, shown next to the figure where it is not obvious from its name.
DEFINITIONS: dict[str, str | Promise] = {Metric.ADMISSION_RATE: RATE_DEFINITION}


@dataclass(frozen=True)
class Figure:
    """One metric's numerator and denominator against the target in force that year; the admission rate of
    the current year also carries its year-end projection (`admissions.quotas.projection`)."""

    metric: str
    numerator: int
    denominator: int
    target: Target | None
    projection: Projection | None = None

    @property
    def definition(self) -> str | Promise:
        return DEFINITIONS.get(self.metric, "")

    @property
    def projected(self) -> Figure | None:
        """The projection as a figure (admitted + likely over members on 1 January), graded like any other."""
        p = self.projection
        return None if p is None else Figure(self.metric, p.projected, p.members, self.target)

    @property
    def label(self) -> str | Promise:
        return SHORT_LABELS[self.metric]

    @property
    def value(self) -> Decimal | None:
        return percent_of(self.numerator, self.denominator)

    @property
    def value_text(self) -> str:
        return percent_text(self.value)

    @property
    def value_float(self) -> float | None:
        value = self.value
        return None if value is None else round(float(value), 2)

    @property
    def grade(self) -> Grade:
        return grade(self.target, self.numerator, self.denominator)

    @property
    def status(self) -> TargetStatus:
        return self.grade.status

    @property
    def achieved(self) -> bool:
        return self.grade.achieved

    @property
    def target_text(self) -> str:
        return self.target.condition_text() if self.target is not None else "—"

    @property
    def source(self) -> str:
        return plan_citation(self.target.plan) if self.target is not None else ""

    def reason(self) -> str:
        """Why the figure misses its target, citing the plan ("… 86,7% < 90% (Kế hoạch 20-KH/ĐUK)")."""
        if self.target is None or not self.denominator:
            return ""
        return f"{self.label} {self.grade.comparison} ({self.source})"


@dataclass(frozen=True)
class UnitFigures:
    organization_id: int
    name: str
    path: str
    org_type: str
    figures: dict[str, Figure]
    provisional: bool = False  # computed live from an open rating round ("tạm tính")

    @property
    def org_type_label(self) -> str | Promise:
        return OrgType(self.org_type).label if self.org_type in OrgType.values else self.org_type

    def ordered(self) -> list[Figure]:
        return [self.figures[m] for m in METRICS]


@dataclass(frozen=True)
class BelowTarget:
    organization_id: int
    name: str
    figure: Figure


def plan_citation(plan: Plan) -> str:
    return f"Kế hoạch {plan.document_number}"


def figures_of(
    counts: dict[str, tuple[int, int]], targets: dict[str, Target], projection: Projection | None = None
) -> dict[str, Figure]:
    out: dict[str, Figure] = {m: Figure(m, *counts.get(m, (0, 0)), targets.get(m)) for m in METRICS}
    if projection is not None:
        out[Metric.ADMISSION_RATE] = Figure(Metric.ADMISSION_RATE, *counts.get(Metric.ADMISSION_RATE, (0, 0)),
                                            targets.get(Metric.ADMISSION_RATE), projection)  # fmt: skip
    return out
