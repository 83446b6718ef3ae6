from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/con/", views.children, name="children"),
    path("<int:pk>/sap-xep/<str:kind>/", views.restructure, name="restructure"),
    path("<int:pk>/nhat-ky/", views.history, name="history"),
    path("<int:pk>/cap-uy/tao/", views.committee_create, name="committee_create"),
    path("<int:pk>/cap-uy/<int:committee_id>/sua/", views.committee_update, name="committee_update"),
    path("<int:pk>/cap-uy/<int:committee_id>/uy-vien/", views.seat_add, name="seat_add"),
    path("<int:pk>/uy-vien/<int:seat_id>/ket-thuc/", views.seat_end, name="seat_end"),
    path("<int:pk>/phu-trach/", views.oversight_add, name="oversight_add"),
    path("<int:pk>/phu-trach/<int:assignment_id>/ket-thuc/", views.oversight_end, name="oversight_end"),
]
