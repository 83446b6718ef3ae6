from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "dangbo.reporting"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  registers the job kinds "reporting.year_report", "reporting.plan_review"
