from django.urls import path

from . import compliance_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("theo-quy/", compliance_views.compliance, name="compliance"),
    path("theo-quy/<int:org_id>/khoa/", compliance_views.lock, name="lock_quarter"),
    path("theo-quy/<int:org_id>/mo-khoa/", compliance_views.unlock, name="unlock_quarter"),
    path("theo-quy/<int:org_id>/tinh-lai/", compliance_views.recompute_start, name="recompute_compliance"),
    path("theo-quy/xuat-excel/", compliance_views.export_compliance, name="export_compliance"),
    path("lich/xuat-excel/", compliance_views.export_calendar, name="export_calendar"),
]
