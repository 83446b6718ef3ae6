"""The kinds of movement a member's record goes through (rules-2025 §2–§3), their states and channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    TRANSFER_INTERNAL = "transfer_internal", _("Chuyển sinh hoạt chính thức trong Đảng bộ")
    TRANSFER_OUT = "transfer_out", _("Chuyển sinh hoạt chính thức ra ngoài Đảng bộ")
    TRANSFER_IN = "transfer_in", _("Tiếp nhận sinh hoạt chính thức")
    TEMPORARY_OUT = "temporary_out", _("Chuyển sinh hoạt tạm thời đi")
    TEMPORARY_IN = "temporary_in", _("Tiếp nhận sinh hoạt tạm thời")
    EXEMPTION = "exemption", _("Miễn công tác và sinh hoạt đảng")
    ABROAD = "abroad", _("Đi nước ngoài")
    SUSPENSION = "suspension", _("Đình chỉ sinh hoạt đảng")


TRANSFERS = frozenset({MovementKind.TRANSFER_INTERNAL, MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN})
TEMPORARY = frozenset({MovementKind.TEMPORARY_OUT, MovementKind.TEMPORARY_IN})


class MovementState(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn tất")
    CANCELLED = "cancelled", _("Đã hủy")


class Channel(models.TextChoices):
    PAPER = "paper", _("Hồ sơ giấy")
    PORTAL = "portal", _("Cổng Dịch vụ công quốc gia")


class TemporaryPurpose(models.TextChoices):
    WORK = "work", _("Công tác, lao động")
    STUDY = "study", _("Học tập tập trung")
    OTHER = "other", _("Lý do khác")


class FeedbackAssessment(models.TextChoices):
    GOOD = "good", _("Gương mẫu, thực hiện tốt nghĩa vụ công dân nơi cư trú")
    CONCERN = "concern", _("Có ý kiến cần lưu ý")
