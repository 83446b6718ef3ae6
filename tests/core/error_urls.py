"""The project's URLs plus one view that fails, to render the 500 page in tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from dangbo.urls import urlpatterns as project_urls


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-traceback-marker")


urlpatterns = [path("loi-thu/", boom), *project_urls]
