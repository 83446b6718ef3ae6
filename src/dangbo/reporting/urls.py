from django.urls import path

from . import request_views, review_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.year_report, name="year_report"),
    path("so-ket-tong-ket/", review_views.plan_review, name="plan_review"),
    path("yeu-cau/", request_views.request_list, name="requests"),
    path("yeu-cau/moi/", request_views.request_new, name="request_new"),
    path("yeu-cau/<int:pk>/", request_views.request_detail, name="request"),
    path("yeu-cau/<int:pk>/nhac-qua-han/", request_views.remind_late, name="remind_late"),
    path("yeu-cau/<int:pk>/mau/", request_views.template_file, name="request_template"),
    path("don-vi/<int:pk>/nhac/", request_views.remind_one, name="remind_one"),
    path("don-vi/<int:pk>/tiep-nhan/", request_views.accept, name="accept"),
    path("don-vi/<int:pk>/tra-lai/", request_views.return_report, name="return"),
    path("phai-gui/", request_views.inbox, name="inbox"),
    path("phai-gui/<int:pk>/", request_views.inbox_detail, name="inbox_item"),
    path("tep/<int:pk>/", request_views.submission_file, name="submission_file"),
]
