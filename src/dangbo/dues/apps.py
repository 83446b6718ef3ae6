from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.dues"
    verbose_name = _("Đảng phí")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  registers the job kind "dues.months.compute"
