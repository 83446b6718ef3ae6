from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "dangbo.core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .audit_guard import install_sqlite_function

        connection_created.connect(install_sqlite_function, dispatch_uid="dangbo.core.audit_guard")
