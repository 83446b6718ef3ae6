"""Plans and their targets as data, and the pre-aggregated KPI values the dashboard reads.

`KpiValue` rows are computed per organization and year (a numerator and a denominator) when a rating
round is locked or by the nightly job, so the whole-tree dashboard reads a few thousand rows instead of
scanning a year of ratings.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import TimeStampedModel, VersionedModel
from dangbo.core.text import percent_of as percent_of
from dangbo.core.text import percent_text as percent_text

from .enums import Comparison, Metric
from .plan_enums import Board, DeadlineKind, OwnerKind, Stage, TaskState


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
    # The plan's own entry in the documents library: the entry with the plan's number and symbol in the year it was
    # issued, linked when the plan is saved or when that entry is recorded later (`plans.link_library_entry`).
    document = models.ForeignKey(
        "library.PartyDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name=_("văn bản trong thư viện"),
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.document_number} — {self.title}"

    @property
    def issuer_path(self) -> str:
        """The issuing organization's path ("" without one: the top committee's plan)."""
        return self.issuer.path if self.issuer is not None else ""

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


# ---- a plan's tasks and the progress reported against them (issue 11 item 2; decision 0042) -------------------
# A task is owned by one board of the committee, by one unit, or by every grassroots organization under the plan's
# issuer; its deadline is a day, a day and month of every year of the plan's period, or none (the plan's own words
# kept in `deadline_text`). Progress reports are never edited: the history is the list of reports. A report names
# the unit it speaks for (a grassroots organization) or the board, and for a yearly task the year it is for.


class PlanTask(VersionedModel):
    plan = models.ForeignKey(
        "planning.Plan", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch")
    )
    number = models.CharField(_("số thứ tự"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, default="")
    title = models.TextField(_("nội dung nhiệm vụ"))
    owner_kind = models.CharField(_("chủ trì"), max_length=20, choices=OwnerKind.choices)
    board = models.CharField(_("ban chủ trì"), max_length=30, choices=Board.choices, blank=True)
    unit = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )  # fmt: skip
    owner_text = models.CharField(_("chủ trì theo văn bản"), max_length=255, blank=True)
    coordinating_boards = models.JSONField(_("các ban phối hợp"), default=list, blank=True)
    coordinating_units = models.ManyToManyField(
        "organizations.Organization", blank=True, related_name="+", verbose_name=_("các đơn vị phối hợp")
    )
    deadline_kind = models.CharField(_("thời hạn"), max_length=10, choices=DeadlineKind.choices)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("ngày hạn hằng năm"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("tháng hạn hằng năm"), null=True, blank=True)
    deadline_text = models.CharField(_("thời hạn theo văn bản"), max_length=255, blank=True)
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN)

    class Meta:
        verbose_name = _("nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhiệm vụ của kế hoạch")
        ordering = ["plan", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planning_task_number_once"),
            models.CheckConstraint(
                condition=Q(owner_kind="board", unit__isnull=True) & ~Q(board="")
                | Q(owner_kind="unit", unit__isnull=False, board="")
                | Q(owner_kind="grassroots", unit__isnull=True, board=""),
                name="planning_task_has_owner",
                violation_error_message="Nhiệm vụ phải có ban hoặc đơn vị chủ trì.",
            ),
            models.CheckConstraint(
                condition=Q(deadline_kind="date", due_on__isnull=False)
                | Q(deadline_kind="yearly", due_day__isnull=False, due_month__isnull=False)
                | Q(deadline_kind="none"),
                name="planning_task_deadline_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"

    def owner_label(self) -> str:
        if self.owner_kind == OwnerKind.BOARD:
            return str(Board(self.board).label)
        if self.owner_kind == OwnerKind.UNIT and self.unit is not None:
            return self.unit.name
        return str(OwnerKind.GRASSROOTS.label)

    def coordinating_board_labels(self) -> list[str]:
        return [str(Board(b).label) for b in self.coordinating_boards if b in Board.values]


class TaskProgress(TimeStampedModel):
    """One progress report: who it speaks for, the day, the stage and percent, what was done, an optional file."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="progress", verbose_name=_("nhiệm vụ"))
    board = models.CharField(_("ban báo cáo"), max_length=30, choices=Board.choices, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("đơn vị báo cáo"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo"))
    stage = models.CharField(_("tình hình"), max_length=20, choices=Stage.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    result = models.TextField(_("kết quả"))
    file = models.FileField(_("tệp kèm theo"), upload_to="plans/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "-reported_on", "-id"]
        indexes = [models.Index(fields=["task", "stage"], name="planning_progress_stage_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="planning_progress_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} — {self.reported_on}"

    def reporter_label(self) -> str:
        if self.organization is not None:
            return self.organization.name
        return str(Board(self.board).label) if self.board else ""
