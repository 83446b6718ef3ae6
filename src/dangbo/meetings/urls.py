from django.urls import path

from .views import attendance, documents, files, hub, meeting

app_name = "meetings"
urlpatterns = [
    path("", hub.home, name="home"),
    path("theo-quy/", hub.home, name="compliance"),
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
