"""Quota pages under /ket-nap/chi-tieu/."""

from django.urls import path

from . import quota_views

urlpatterns = [
    path("", quota_views.quota_list, name="quotas"),
    path("<int:org_id>/", quota_views.quota_set, name="quota_set"),
    path("nhan-goi-y/", quota_views.quota_accept, name="quota_accept"),
]
