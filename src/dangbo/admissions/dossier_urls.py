"""The dossier's files: upload to a candidacy, open one file (both access-checked and audited)."""

from django.urls import path

from .views import files

urlpatterns = [
    path("<int:pk>/tai-len/", files.dossier_upload, name="dossier_upload"),
    path("tep/<int:pk>/", files.dossier_file, name="dossier_file"),
]
