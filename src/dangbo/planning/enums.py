"""Plan targets: the metrics the seed plan measures and how a value is compared with its threshold."""

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


class Comparator(models.TextChoices):
    GT = "gt", _("trên")
    GTE = "gte", _("từ … trở lên")
    BETWEEN = "between", _("trong khoảng")


class TargetStatus(models.TextChoices):
    """Red/amber/green against the target."""

    MET = "green", _("Đạt")
    NEAR = "amber", _("Gần đạt")
    MISSED = "red", _("Chưa đạt")
    NO_DATA = "none", _("Chưa có số liệu")
