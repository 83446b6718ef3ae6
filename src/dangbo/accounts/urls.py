from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc-hai-buoc/", views.otp_view, name="otp"),
]
urlpatterns += [
    path("nhat-ky/", views.audit_list, name="audit"),
]
