from django.urls import path

from . import token_views, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc-hai-buoc/", views.otp_view, name="otp"),
]
urlpatterns += [
    path("nhat-ky/", views.audit_list, name="audit"),
]
urlpatterns += [
    path("ma-truy-cap-api/", token_views.api_tokens, name="api_tokens"),
    path("ma-truy-cap-api/<int:pk>/thu-hoi/", token_views.revoke_api_token, name="api_token_revoke"),
]
