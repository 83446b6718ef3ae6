from django.urls import path

from . import course_views, qualification_views, report_views, views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("can-hoc/<slug:which>/", views.needs_list, name="needs"),
    path("lop/moi/", course_views.course_new, name="course_new"),
    path("lop/<int:pk>/", course_views.course_detail, name="course"),
    path("lop/<int:pk>/sua/", course_views.course_edit, name="course_edit"),
    path("lop/<int:pk>/ghi-danh/", course_views.enroll_members, name="enroll_members"),
    path("lop/<int:pk>/ghi-danh-quan-chung/", course_views.enroll_person, name="enroll_person"),
    path("lop/<int:pk>/ket-qua/", course_views.record_results, name="results"),
    path("hoc-vien/<int:pk>/xoa/", course_views.remove_enrollment, name="remove_enrollment"),
    path("trinh-do/", qualification_views.qualification_list, name="qualifications"),
    path("trinh-do/dang-vien/<int:member_id>/ghi/", qualification_views.qualification_new, name="qualification_new"),
    path("trinh-do/<int:pk>/sua/", qualification_views.qualification_edit, name="qualification_edit"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
]
