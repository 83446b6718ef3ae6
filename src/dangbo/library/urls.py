from django.urls import path

from . import study_views, views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("moi/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/hieu-luc/", views.document_validity, name="validity"),
    path("<int:pk>/thay-the/", views.document_replace, name="replace"),
    path("<int:pk>/luu/", study_views.bookmark, name="bookmark"),
    path("<int:pk>/da-hoc-tap/", study_views.mark_studied, name="mark_studied"),
    path("<int:pk>/hoc-tap/", study_views.counts, name="study_counts"),
    path("<int:pk>/hoc-tap/excel/", study_views.counts_export, name="study_export"),
]
