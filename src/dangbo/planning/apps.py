from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "dangbo.planning"
    verbose_name = _("Kế hoạch, mục tiêu")

    def ready(self) -> None:
        from dangbo.admissions.signals import admissions_counted_changed

        from . import tasks  # registers the job kind "planning.kpi.recompute"

        admissions_counted_changed.connect(tasks.refresh_admission_rate, dispatch_uid="planning.refresh_admission_rate")
