from django.urls import path

from . import badge_views, commendation_views, report_views, views

app_name = "recognition"

urlpatterns = [
    path("", views.home, name="home"),
    path("huy-hieu/<str:day>/", views.badge_list_page, name="badges"),
    path("huy-hieu/<str:day>/tinh-lai/", views.badge_list_store, name="badges_store"),
    path("huy-hieu/<str:day>/excel/", views.badge_list_xlsx, name="badges_xlsx"),
    path("huy-hieu/<str:day>/word/", views.badge_list_docx, name="badges_docx"),
    path("huy-hieu/<str:day>/pdf/", views.badge_list_pdf, name="badges_pdf"),
    path("huy-hieu/<str:day>/de-nghi/", badge_views.propose, name="propose"),
    path("huy-hieu/<str:day>/quyet-dinh/", badge_views.award, name="award"),
    path("de-nghi/<int:pk>/rut/", badge_views.withdraw, name="withdraw"),
    path("benh-nang/<int:member_pk>/", badge_views.illness, name="illness"),
    path("cong-nhan/<int:discipline_pk>/", badge_views.confirmation, name="confirmation"),
    path("thanh-tich/", commendation_views.commendation_list, name="commendations"),
    path("thanh-tich/<int:pk>/", commendation_views.commendation_detail, name="commendation"),
    path("thanh-tich/<int:pk>/quyet-dinh/", commendation_views.commendation_decide, name="commendation_decide"),
    path("bao-cao/", report_views.report, name="report"),
    path("bao-cao/excel/", report_views.report_xlsx, name="report_xlsx"),
]
