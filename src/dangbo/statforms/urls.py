from django.urls import path

from . import views

app_name = "statforms"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.form_page, name="form"),
    path("<str:code>/excel/", views.form_export, name="export"),
]
