from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangbo.api"
    verbose_name = "API"
