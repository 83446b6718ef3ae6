from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.screening"
    verbose_name = _("Rà soát, sàng lọc đảng viên")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  registers the job kind "screening.signals.refresh"
