from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangbo.core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from . import signals  # noqa: F401
