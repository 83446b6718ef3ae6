from django.urls import path

from . import metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("suc-khoe/", views.health, name="health"),
    path("metrics", metrics.metrics, name="metrics"),
    path("tac-vu/<int:job_id>/", views.job_status, name="job"),
    path("tac-vu/<int:job_id>/tai-ve/", views.job_download, name="job_download"),
    path("tac-vu/<int:job_id>/chay-lai/", views.job_rerun, name="job_rerun"),
]
