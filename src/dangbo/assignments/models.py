"""A task the cell gives a member for a year (Kế hoạch 20-KH/ĐUK, item 8: every active member has one), with
its progress and year-end result. `organization` and `path` are the member's cell when the task was given."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import TaskKind, TaskResult


class TaskAssignment(VersionedModel):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="task_assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ giao")
    )
    path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    details = models.TextField(_("nội dung, yêu cầu"), blank=True)
    kind = models.CharField(_("loại nhiệm vụ"), max_length=30, choices=TaskKind.choices)
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("thời hạn"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    progress_note = models.CharField(_("ghi chú tiến độ"), max_length=500, blank=True)
    result = models.CharField(_("kết quả cuối năm"), max_length=20, choices=TaskResult.choices, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result_note = models.CharField(_("nhận xét kết quả"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("nhiệm vụ được giao")
        verbose_name_plural = _("nhiệm vụ được giao")
        ordering = ["year", "deadline", "id"]
        indexes = [
            models.Index(fields=["year", "path"], name="task_year_path_idx"),
            models.Index(fields=["member", "year"], name="task_member_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="task_progress_max_100",
                violation_error_message="Tiến độ không quá 100%.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("assigned_on")),
                name="task_deadline_after_assigned",
                violation_error_message="Thời hạn không được trước ngày giao.",
            ),
        ]

    def __str__(self) -> str:
        return self.title
