"""What a figure is: one metric's numerator and denominator against its target, graded, with the texts the
pages, the API and the report show (and what the metric counts); and an organization's four figures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangbo.admissions.quotas import RATE_DEFINITION, Projection
from dangbo.organizations.enums import OrgType

from .enums import Comparison, Metric, TargetStatus
from .grading import Grade, grade
from .models import Plan, Target, percent_of, percent_text

METRICS: tuple[Metric, ...] = (
    Metric.GRASSROOTS_GOOD_OR_BETTER,
    Metric.MEMBERS_GOOD_OR_BETTER,
    Metric.MODEL_CELLS,
    Metric.ADMISSION_RATE,
)
# The cell-life measures (decision 0025), shown in their own row of cards: the year report keeps the four above.
CELL_LIFE_METRICS: tuple[Metric, ...] = (Metric.CELLS_THEMATIC, Metric.MEETING_ATTENDANCE, Metric.MEMBERS_WITH_TASK)
SHORT_LABELS: dict[str, str | Promise] = {
    Metric.GRASSROOTS_GOOD_OR_BETTER: _("Tỷ lệ tổ chức cơ sở đảng HTTNV trở lên"),
    Metric.MEMBERS_GOOD_OR_BETTER: _("Tỷ lệ đảng viên HTTNV trở lên"),
    Metric.MODEL_CELLS: _("Tỷ lệ chi bộ kiểu mẫu"),
    Metric.ADMISSION_RATE: _("Tỷ lệ kết nạp đảng viên mới"),
    Metric.CELLS_THEMATIC: _("Chi bộ sinh hoạt chuyên đề đủ các quý"),
    Metric.MEETING_ATTENDANCE: _("Tỷ lệ dự sinh hoạt chi bộ bình quân"),
    Metric.MEMBERS_WITH_TASK: _("Đảng viên được phân công nhiệm vụ"),
}

# What a metric counts, shown next to the figure where it is not obvious from its name.
DEFINITIONS: dict[str, str | Promise] = {
    Metric.ADMISSION_RATE: RATE_DEFINITION,
    Metric.CELLS_THEMATIC: _(
        "Chi bộ có đủ buổi sinh hoạt chuyên đề (kể cả kết hợp với thường kỳ) trong mọi quý đã kết thúc của năm, "
        "trên số chi bộ phải sinh hoạt các quý đó."
    ),
    Metric.MEETING_ATTENDANCE: _(
        "Lượt đảng viên có mặt trên lượt phải có mặt ở các buổi sinh hoạt thường kỳ và chuyên đề của năm."
    ),
    Metric.MEMBERS_WITH_TASK: _(
        "Đảng viên dự bị, chính thức đang sinh hoạt (không được miễn công tác và sinh hoạt đảng, "
        "không chuyển sinh hoạt tạm thời đi) có nhiệm vụ được giao trong năm, tính ngày 31/12 (năm hiện tại: hôm nay)."
    ),
}


@dataclass(frozen=True)
class RuleThreshold:
    """A rule's criterion shown beside a figure that has no plan target (average attendance: Hướng dẫn 12's
    85%): graded like a "≥" target, labelled as the rule it is, never counted among the plan's targets."""

    percent: int
    citation: str

    def as_target(self) -> Target:
        return Target(metric="", comparison=Comparison.GTE, threshold=Decimal(self.percent), year_from=0, year_to=0)


@dataclass(frozen=True)
class Figure:
    """One metric's numerator and denominator against the target in force that year; the admission rate of
    the current year also carries its year-end projection (`admissions.quotas.projection`)."""

    metric: str
    numerator: int
    denominator: int
    target: Target | None
    projection: Projection | None = None
    rule: RuleThreshold | None = None  # a rule's criterion, when the metric has no plan target

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
        if self.target is None and self.rule is not None:
            return grade(self.rule.as_target(), self.numerator, self.denominator)
        return grade(self.target, self.numerator, self.denominator)

    @property
    def grade_text(self) -> str:
        """The grade's sentence; against a rule's criterion it names the criterion, not a target."""
        if self.target is None and self.rule is not None and self.denominator:
            g = self.grade
            if g.achieved:
                return gettext("Đạt tiêu chí: %(comparison)s") % {"comparison": g.comparison}
            return gettext("Chưa đạt tiêu chí: %(comparison)s") % {"comparison": g.comparison}
        return self.grade.text

    @property
    def status(self) -> TargetStatus:
        return self.grade.status

    @property
    def achieved(self) -> bool:
        return self.grade.achieved

    @property
    def target_text(self) -> str:
        if self.target is not None:
            return self.target.condition_text()
        return f"≥ {self.rule.percent}%" if self.rule is not None else "—"

    @property
    def source(self) -> str:
        if self.target is not None:
            return plan_citation(self.target.plan)
        return self.rule.citation if self.rule is not None else ""

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

    def cell_life(self) -> list[Figure]:
        """The cell-life figures (their own row of cards, with drill-down links)."""
        return [self.figures[m] for m in CELL_LIFE_METRICS if m in self.figures]

    def with_rule(self, metric: str, rule: RuleThreshold | None) -> UnitFigures:
        """The same figures, `metric`'s carrying a rule's criterion."""
        if rule is None or metric not in self.figures:
            return self
        return replace(self, figures={**self.figures, metric: replace(self.figures[metric], rule=rule)})


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
    out: dict[str, Figure] = {
        m: Figure(m, *counts.get(m, (0, 0)), targets.get(m)) for m in (*METRICS, *CELL_LIFE_METRICS)
    }
    if projection is not None:
        out[Metric.ADMISSION_RATE] = Figure(Metric.ADMISSION_RATE, *counts.get(Metric.ADMISSION_RATE, (0, 0)),
                                            targets.get(Metric.ADMISSION_RATE), projection)  # fmt: skip
    return out
