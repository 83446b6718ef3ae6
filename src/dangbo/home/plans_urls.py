from django.urls import path

from . import views

app_name = "plans_hub"
urlpatterns = [
    path("", views.plans_hub, name="hub"),
]
