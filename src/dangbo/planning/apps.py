from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "dangbo.planning"
    verbose_name = _("Kế hoạch, mục tiêu")
