from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
]
urlpatterns += [path("", views.member_list, name="list"), path("nhap/", views.import_start, name="import")]
