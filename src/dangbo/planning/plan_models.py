"""A plan's tasks and the progress reported against them (issue 11 item 2; decision 0042).

A task is owned by one board of the committee, by one unit, or by every grassroots organization under the plan's
issuer; its deadline is a day, a day and month of every year of the plan's period, or none (the plan's own words
kept in `deadline_text`). Progress reports are never edited: the history is the list of reports. A report names
the unit it speaks for (a grassroots organization) or the board, and for a yearly task the year it is for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import TimeStampedModel, VersionedModel

from .plan_enums import Board, DeadlineKind, OwnerKind, Stage, TaskState


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
        if self.organization_id is not None:
            return self.organization.name
        return str(Board(self.board).label) if self.board else ""
