from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.movements"
    verbose_name = _("Biến động đảng viên")
