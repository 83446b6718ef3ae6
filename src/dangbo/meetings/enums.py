"""Kinds of meetings, attendance marks and absence reasons, and a quarter's compliance colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt chi bộ thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    COMBINED = "combined", _("Sinh hoạt thường kỳ kết hợp chuyên đề")
    CELL_COMMITTEE = "cell_committee", _("Họp chi ủy")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Họp đảng ủy cơ sở")
    EXTRAORDINARY = "extraordinary", _("Sinh hoạt bất thường")
    ONLINE = "online", _("Sinh hoạt trực tuyến")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Đã hủy")


class Presence(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không có lý do")


class ReplyAnswer(models.TextChoices):
    """A member's answer to a meeting's invitation (before it starts)."""

    ATTEND = "attend", _("Sẽ dự")
    ABSENT = "absent", _("Xin vắng")


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("Ốm đau, điều trị")
    WORK = "work", _("Đi công tác")
    STUDY = "study", _("Đi học")
    FAMILY = "family", _("Việc gia đình")
    ABROAD = "abroad", _("Ở nước ngoài")
    SPECIAL_DUTY = "special_duty", _("Làm nhiệm vụ đặc biệt")
    OTHER = "other", _("Lý do khác")


class Compliance(models.TextChoices):
    """A cell's quarter against the rule set: green when every required meeting was held, amber when the
    quarter is still running or only attendance fell short, red when a required meeting was missed."""

    GREEN = "green", _("Đạt")
    AMBER = "amber", _("Cần chú ý")
    RED = "red", _("Chưa đạt")
    NONE = "none", _("Chưa có số liệu")
