from django.urls import URLPattern

app_name = "discipline"
urlpatterns: list[URLPattern] = []
