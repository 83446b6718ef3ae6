from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("xuat-excel/", views.member_export, name="export"),
    path("chon-to-chuc/", views.organization_picker, name="organization_picker"),
    path("them/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/anh/", views.member_photo, name="photo"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/trang-thai/", views.member_status, name="status"),
    path("<int:pk>/chuyen-chi-bo/", views.member_move, name="move"),
    path("<int:pk>/nhat-ky/", views.member_history, name="history"),
]
