from django.urls import path

from . import views

app_name = "movements"
urlpatterns = [
    path("", views.home, name="home"),
]
