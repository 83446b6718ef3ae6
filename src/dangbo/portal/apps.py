from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dangbo.portal"
    verbose_name = _("Sổ tay đảng viên")
