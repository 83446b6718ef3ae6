"""Plans and their targets as data, and the pre-aggregated KPI values the dashboard reads.

`KpiValue` rows are computed per organization and year (a numerator and a denominator) when a rating
round is locked or by the nightly job, so the whole-tree dashboard reads a few thousand rows instead of
scanning a year of ratings.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import Comparator, Metric


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

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.document_number} — {self.title}"


class Target(VersionedModel):
    """Mục tiêu, chỉ tiêu: a metric compared with a threshold over a span of years."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("kế hoạch"))
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    comparator = models.CharField(_("so sánh"), max_length=10, choices=Comparator.choices)
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


class KpiValue(models.Model):
    """One metric for one organization's subtree in one year: numerator / denominator."""

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="kpi_values")
    metric = models.CharField(_("chỉ tiêu"), max_length=40, choices=Metric.choices)
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"))
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["year", "organization", "metric"], name="kpi_value_unique"),
        ]
