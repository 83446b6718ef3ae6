"""Admission pages under /ket-nap/: each part's module keeps its own routes."""

from django.urls import include, path

app_name = "admissions"

urlpatterns = [
    path("", include("dangbo.admissions.candidate_urls")),
    path("ho-so/", include("dangbo.admissions.dossier_urls")),
    path("van-ban/", include("dangbo.admissions.document_urls")),
    path("chi-tieu/", include("dangbo.admissions.quota_urls")),
]
