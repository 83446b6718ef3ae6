from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("moi/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/hieu-luc/", views.document_validity, name="validity"),
    path("<int:pk>/thay-the/", views.document_replace, name="replace"),
]
