from django.urls import path

from . import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.import_start, name="start"),
]
