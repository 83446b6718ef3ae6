"""Candidate pages: the list, the proposal, the deadlines, one candidacy and its steps."""

from django.urls import path

from .views import candidates, detail

urlpatterns = [
    path("", candidates.candidate_list, name="list"),
    path("de-nghi/", candidates.candidate_propose, name="propose"),
    path("han/", candidates.deadline_list, name="deadlines"),
    path("<int:pk>/", detail.candidate_detail, name="detail"),
    path("<int:pk>/buoc/<slug:step>/", detail.candidate_step, name="step"),
]
