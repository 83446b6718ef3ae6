from django.urls import path

from . import case_views, report_views, views

app_name = "inspection"
urlpatterns = [
    path("", views.home, name="home"),
    path("chuong-trinh/moi/", views.programme_new, name="programme_new"),
    path("chuong-trinh/<int:pk>/", views.programme_detail, name="programme"),
    path("chuong-trinh/<int:pk>/sua/", views.programme_edit, name="programme_edit"),
    path("cuoc/moi/", case_views.case_new, name="case_new"),
    path("cuoc/<int:pk>/", case_views.case_detail, name="case"),
    path("cuoc/<int:pk>/<slug:step>/", case_views.case_step, name="case_step"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
]
