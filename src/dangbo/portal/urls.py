from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.handbook_page, name="handbook"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("ngoai-tuyen/", views.offline, name="offline"),
]
