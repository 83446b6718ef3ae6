"""Plan targets: the metrics the seed plan measures, how a value is compared with its threshold, and the grades."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    GRASSROOTS_GOOD_OR_BETTER = (
        "grassroots_good_or_better_pct",
        _("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên"),
    )
    MEMBERS_GOOD_OR_BETTER = "members_good_or_better_pct", _("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên")
    MODEL_CELLS = "model_cells_pct", _("Tỷ lệ chi bộ đạt chi bộ kiểu mẫu")
    ADMISSION_RATE = "admission_rate_pct", _("Tỷ lệ kết nạp đảng viên mới so với tổng số đảng viên")
    # Cell life (decision 0025): from the quarterly compliance rows and the yearly tasks.
    CELLS_THEMATIC = "cells_thematic_quarterly_pct", _("Tỷ lệ chi bộ sinh hoạt chuyên đề đủ các quý")
    MEETING_ATTENDANCE = "meeting_attendance_pct", _("Tỷ lệ đảng viên dự sinh hoạt chi bộ")
    MEMBERS_WITH_TASK = "members_with_task_pct", _("Tỷ lệ đảng viên được phân công nhiệm vụ")


class Comparison(models.TextChoices):
    """How a plan states a target, so the grade follows the wording ("trên 90%" is not "từ 90% trở lên")."""

    GT = "gt", _("trên")
    GTE = "gte", _("từ … trở lên")
    # "đạt từ 3% đến 4%": inside the range is met, above it is exceeded (still achieved).
    BETWEEN = "between", _("trong khoảng")
    # "đạt từ 3% trở lên" against a plan's range: only the lower bound counts; above the top is simply met.
    AT_LEAST_LOW = "at_least_low", _("từ mức dưới của khoảng trở lên")


class TargetStatus(models.TextChoices):
    """The grade of a figure against its target; exceeded and met both count as achieved."""

    EXCEEDED = "exceeded", _("Vượt chỉ tiêu")
    MET = "green", _("Đạt")
    NEAR = "amber", _("Gần đạt")
    MISSED = "red", _("Chưa đạt")
    NO_DATA = "none", _("Chưa có số liệu")
