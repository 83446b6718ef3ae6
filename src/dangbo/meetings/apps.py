from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.meetings"
    verbose_name = _("Sinh hoạt chi bộ")

    def ready(self) -> None:
        from . import compliance_jobs  # noqa: F401  (registers the job kind "meetings.compliance.recompute")
