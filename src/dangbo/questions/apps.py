from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.questions"
    verbose_name = _("Hỏi đáp, kiến nghị")
