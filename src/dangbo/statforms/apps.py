from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatformsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.statforms"
    verbose_name = _("Biểu thống kê")

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the register's background job)
