from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.inspection"
    verbose_name = _("Kiểm tra, giám sát")
