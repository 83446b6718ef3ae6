from django.urls import path

from . import standing_views, views

app_name = "movements"
urlpatterns = [
    path("", views.home, name="home"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/", standing_views.standing_home, name="standing"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/moi/<slug:kind>/", standing_views.standing_new, name="standing_new"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/<int:pk>/", standing_views.standing_detail, name="standing_detail"),
    path("sinh-hoat-tam-thoi-mien-dinh-chi/<int:pk>/<slug:step>/", standing_views.standing_step, name="standing_step"),
]
