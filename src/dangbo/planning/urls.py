from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ke-hoach/", views.plans, name="plans"),
    path("don-vi/<int:org_id>/", views.unit, name="unit"),
]
