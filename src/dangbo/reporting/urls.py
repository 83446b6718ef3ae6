from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.year_report, name="year_report"),
]
