from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from . import checks, jobs  # noqa: F401  (the "did not run" check; the job kind "notifications.daily")
