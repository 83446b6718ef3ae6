from django.urls import path

from . import detail_views, notice_views, report_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.home, name="home"),
    path("xuat-excel/", views.export_list, name="export"),
    path("tiep-nhan/", views.receive, name="receive"),
    path("<int:pk>/", detail_views.detail, name="detail"),
    path("<int:pk>/danh-tinh/", detail_views.identity, name="identity"),
    path("<int:pk>/<slug:code>/", detail_views.step, name="step"),
    path("thong-bao/", notice_views.notice_list, name="notices"),
    path("thong-bao/moi/", notice_views.notice_new, name="notice_new"),
    path("thong-bao/<int:pk>/ngay/", notice_views.notice_date, name="notice_date"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/xuat-excel/", report_views.export_report, name="report_export"),
]
