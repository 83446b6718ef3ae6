from django.urls import path

from . import report_views, views

app_name = "discipline"
urlpatterns = [
    path("", views.discipline_list, name="list"),
    path("ghi/", views.record, name="record"),
    path("chon-dang-vien/", views.member_picker, name="member_picker"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/khieu-nai/", views.appeal, name="appeal"),
    path("<int:pk>/giai-quyet-khieu-nai/", views.settle, name="settle"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
]
