"""The screening signals of Chỉ thị 28-CT/TW (Hướng dẫn 02-HD/BTCTW) the system can compute, and what the
cell decides for each member it reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Signal(models.TextChoices):
    ABSENT_UNEXCUSED = "absent_unexcused", _("Bỏ sinh hoạt đảng không có lý do chính đáng")
    DUES_UNPAID = "dues_unpaid", _("Không đóng đảng phí không có lý do chính đáng")
    UNFULFILLED_YEARS = "unfulfilled_years", _("Xếp loại không hoàn thành nhiệm vụ nhiều năm liền")
    NO_PROGRESS = "no_progress", _("Không tiến bộ sau thời gian chi bộ giúp đỡ")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang rà soát")
    CLOSED = "closed", _("Đã kết thúc")


class Outcome(models.TextChoices):
    """What became of a member the cell reviewed. Only the list's members reach the last three."""

    NOT_LISTED = "not_listed", _("Không đưa vào diện giáo dục, giúp đỡ")
    HELPING = "helping", _("Đang giáo dục, giúp đỡ")
    IMPROVED = "improved", _("Đã tiến bộ")
    STRIKE_OFF_PROPOSED = "strike_off_proposed", _("Đề nghị xóa tên")
    DISCIPLINE_PROPOSED = "discipline_proposed", _("Đề nghị xem xét kỷ luật")
