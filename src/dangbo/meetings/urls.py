from django.urls import path

from . import compliance_views
from .views import attendance, documents, files, hub, meeting, mine

app_name = "meetings"
urlpatterns = [
    path("", hub.home, name="home"),
    path("cua-toi/", mine.mine, name="mine"),
    path("cua-toi/<int:pk>/tra-loi/", mine.reply, name="reply"),
    path("theo-quy/", compliance_views.compliance, name="compliance"),
    path("theo-quy/<int:org_id>/khoa/", compliance_views.lock, name="lock_quarter"),
    path("theo-quy/<int:org_id>/mo-khoa/", compliance_views.unlock, name="unlock_quarter"),
    path("theo-quy/<int:org_id>/tinh-lai/", compliance_views.recompute_start, name="recompute_compliance"),
    path("theo-quy/xuat-excel/", compliance_views.export_compliance, name="export_compliance"),
    path("lich/xuat-excel/", compliance_views.export_calendar, name="export_calendar"),
    path("len-lich/", meeting.schedule, name="schedule"),
    path("<int:pk>/", meeting.detail, name="detail"),
    path("<int:pk>/sua/", meeting.edit_plan, name="edit"),
    path("<int:pk>/da-to-chuc/", meeting.record_held, name="held"),
    path("<int:pk>/diem-danh/", attendance.attendance, name="attendance"),
    path("<int:pk>/bien-ban/", meeting.minutes, name="minutes"),
    path("<int:pk>/cap-tren-du/", meeting.guests, name="guests"),
    path("<int:pk>/huy/", meeting.cancel, name="cancel"),
    path("<int:pk>/tep/", meeting.upload, name="upload"),
    path("tep/<int:pk>/", files.meeting_file, name="file"),
    path("<int:pk>/bien-ban.docx", documents.minutes_docx, name="minutes_docx"),
    path("<int:pk>/bien-ban/pdf/", documents.minutes_pdf, name="minutes_pdf"),
]
