from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/mo/", views.open_one, name="open"),
    path("da-doc-het/", views.read_all, name="read_all"),
    path("lua-chon/", views.preferences, name="preferences"),
]
