from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dangbo.documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  registers the job kind "documents.pdf"
