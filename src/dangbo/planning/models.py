"""Plans and their targets as data, and the pre-aggregated KPI values the dashboard reads.

`KpiValue` rows are computed per organization and year (a numerator and a denominator) when a rating
round is locked or by the nightly job, so the whole-tree dashboard reads a few thousand rows instead of
scanning a year of ratings.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel
from dangbo.core.text import percent_of as percent_of
from dangbo.core.text import percent_text as percent_text

from .enums import Comparison, Metric


class Plan(VersionedModel):
    """A party document that sets targets (e.g. Kế hoạch 20-KH/ĐUK)."""

    document_number = models.CharField(_("số ký hiệu"), max_length=60, unique=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("tổ chức đảng ban hành"),
    )
    issued_on = models.DateField(_("ngày ban hành"))
    implements = models.CharField(_("thực hiện văn bản"), max_length=255, blank=True)
    # The years the plan runs (its tasks' yearly deadlines fall in them; decision 0042).
    year_from = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    # The plan's entry in the documents library, as text until the library links it: number, symbol and date.
    library_reference = models.CharField(_("văn bản trong thư viện"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.document_number} — {self.title}"

    def years(self) -> range:
        """The plan's years; without a stated period, the year it was issued."""
        first = self.year_from or self.issued_on.year
        return range(first, max(self.year_to or first, first) + 1)


class Target(VersionedModel):
    """Mục tiêu, chỉ tiêu: a metric compared with a threshold over a span of years."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("kế hoạch"))
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    comparison = models.CharField(_("cách so sánh"), max_length=20, choices=Comparison.choices)
    threshold = models.DecimalField(_("ngưỡng (%)"), max_digits=6, decimal_places=2)
    threshold_high = models.DecimalField(_("ngưỡng trên (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    amber_margin = models.DecimalField(_("biên gần đạt (điểm %)"), max_digits=5, decimal_places=2, default=2)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    source_text = models.TextField(_("trích văn bản"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "metric", "year_from"]
        constraints = [
            # A range needs its top, at or above its bottom.
            models.CheckConstraint(
                condition=models.Q(comparison__in=["gt", "gte"])
                | models.Q(threshold_high__isnull=False, threshold_high__gte=models.F("threshold")),
                name="target_range_has_top",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.condition_text()} ({self.year_from}–{self.year_to})"

    def condition_text(self) -> str:
        """The target as the plan states it: "> 90%", "≥ 90%", "3%–4%", "≥ 3% (3%–4%)"."""
        low = threshold_text(self.threshold)
        if self.comparison in (Comparison.BETWEEN, Comparison.AT_LEAST_LOW):
            high = threshold_text(self.threshold_high if self.threshold_high is not None else self.threshold)
            span = f"{low}–{high}"
            return span if self.comparison == Comparison.BETWEEN else f"≥ {low} ({span})"
        return f"{'>' if self.comparison == Comparison.GT else '≥'} {low}"


class KpiValue(models.Model):
    """One metric for one organization's subtree in one year: numerator / denominator."""

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="kpi_values")
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    # Snapshots of the organization in that year, so the dashboard reads a subtree with one path range and
    # groups by sector without joining the tree (which may have been restructured since).
    path = models.CharField(max_length=255, default="", editable=False)
    org_type = models.CharField(_("loại hình"), max_length=30, blank=True)
    is_grassroots = models.BooleanField(_("tổ chức cơ sở đảng"), default=False)
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"))
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)
    # Computed with the row by `recompute_year`, so the dashboard reads without scanning the year:
    # numerator / denominator (None without a denominator), for ordering the units below target;
    ratio = models.FloatField(null=True, editable=False)
    # whether the row misses the target in force that year (checked again exactly when read);
    below_target = models.BooleanField(default=False, editable=False)
    # one row per organization and year carries the flag, so a page of organizations needs no DISTINCT.
    leads = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["year", "organization", "metric"], name="kpi_value_unique"),
        ]
        indexes = [
            models.Index(fields=["year", "metric", "is_grassroots", "path"], name="kpi_value_year_path_idx"),
            models.Index(
                fields=["year", "metric", "ratio", "path"],
                name="kpi_value_below_idx",
                condition=models.Q(below_target=True, is_grassroots=True),
            ),
            models.Index(
                fields=["year", "path"], name="kpi_value_leads_idx", condition=models.Q(leads=True, is_grassroots=True)
            ),
        ]


class KpiSectorValue(models.Model):
    """One metric summed over the grassroots organizations of one sector under an upper organization in a year.

    `grassroots` is the number of grassroots organizations of that sector with figures that year (the same on
    every metric's row), so the dashboard counts its pages without a DISTINCT over the year's rows.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="kpi_sector_values"
    )
    org_type = models.CharField(_("loại hình"), max_length=30, blank=True)
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"))
    grassroots = models.PositiveIntegerField(_("số tổ chức cơ sở đảng"), default=0)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu theo loại hình")
        verbose_name_plural = _("giá trị chỉ tiêu theo loại hình")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization", "org_type", "metric"], name="kpi_sector_value_unique"
            ),
        ]


def threshold_text(value: Decimal) -> str:
    """90.00 → "90%", 2.50 → "2,5%"."""
    return f"{value.normalize():f}%".replace(".", ",")


class CellLifeFigure(models.Model):
    """The current year's cell-life figures of an upper-level organization (its whole subtree), stored by
    `kpi.refresh_cell_life` so the whole-tree dashboard reads three rows instead of counting the year's
    compliance rows and active members on every view; shown with `computed_at`. Refreshed nightly
    (`manage.py recompute_kpis --cell-life`) and in the background after compliance rows or tasks change."""

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"))
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("số liệu sinh hoạt chi bộ trong năm")
        verbose_name_plural = _("số liệu sinh hoạt chi bộ trong năm")
        constraints = [
            models.UniqueConstraint(fields=["year", "organization", "metric"], name="cell_life_figure_unique"),
        ]


from .plan_models import PlanTask as PlanTask  # noqa: E402  (the plans' tasks, in their own module)
from .plan_models import TaskProgress as TaskProgress  # noqa: E402
