"""The kinds of notification (each user chooses which to receive, in the app and by e-mail) and who they are for."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_TOMORROW = "meeting_tomorrow", _("Buổi sinh hoạt ngày mai")
    SELF_ASSESSMENT = "self_assessment", _("Hạn tự đánh giá, xếp loại")
    MEETING_TO_RECORD = "meeting_to_record", _("Buổi sinh hoạt chưa ghi nhận, điểm danh, biên bản")
    CANDIDATE_DEADLINE = "candidate_deadline", _("Hạn của quần chúng, đảng viên dự bị")
    PLAN_TASKS_OVERDUE = "plan_tasks_overdue", _("Nhiệm vụ kế hoạch quá hạn")
    REPORTS_LATE = "reports_late", _("Đơn vị chậm gửi báo cáo")


# Who each kind is meant for (the preferences page lists them in this order).
AUDIENCE = {
    Kind.MEETING_TOMORROW: _("Đảng viên"),
    Kind.SELF_ASSESSMENT: _("Đảng viên"),
    Kind.MEETING_TO_RECORD: _("Bí thư, cấp ủy chi bộ"),
    Kind.CANDIDATE_DEADLINE: _("Bí thư, cấp ủy chi bộ"),
    Kind.PLAN_TASKS_OVERDUE: _("Cán bộ cấp ủy"),
    Kind.REPORTS_LATE: _("Cán bộ cấp ủy"),
}
