from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "dangbo.planning"
    verbose_name = _("Kế hoạch, mục tiêu")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  registers the job kind "planning.kpi.recompute"
