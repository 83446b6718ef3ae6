from django.urls import path

from . import report_views, residence_views, views

app_name = "movements"
urlpatterns = [
    path("", views.home, name="home"),
    path("noi-cu-tru/", residence_views.residence_list, name="residence"),
    path("noi-cu-tru/gioi-thieu/<int:member_id>/", residence_views.introduce, name="residence_introduce"),
    path("noi-cu-tru/ket-thuc/<int:pk>/", residence_views.end_introduction, name="residence_end"),
    path("noi-cu-tru/nhan-xet/<int:member_id>/", residence_views.record_feedback, name="residence_feedback"),
    path("noi-cu-tru/sua-nhan-xet/<int:pk>/", residence_views.correct_feedback, name="residence_correct"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
]
