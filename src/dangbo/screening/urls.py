from django.urls import path
from django.views.generic import RedirectView

app_name = "screening"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="core:home"), name="list"),  # replaced by the app's own page
]
