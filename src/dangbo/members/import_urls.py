from django.urls import path

from . import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.import_start, name="start"),
    path("mau.xlsx", import_views.import_template, name="template"),
    path("<int:job_id>/", import_views.import_preview, name="preview"),
    path("<int:job_id>/xac-nhan/", import_views.import_confirm, name="confirm"),
]
