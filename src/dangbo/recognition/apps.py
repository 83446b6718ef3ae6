from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.recognition"
    verbose_name = _("Khen thưởng, Huy hiệu Đảng")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dangbo.accounts.enums import Right
        from dangbo.discipline.models import Discipline
        from dangbo.members.models import Member, MemberStatusPeriod
        from dangbo.members.panels import MemberPanel, register_panel

        from . import member_panel, stored_lists, tasks  # noqa: F401  (tasks: the job kind of the stored list)
        from .models import Badge, ImprovementConfirmation, SeriousIllness

        register_panel(MemberPanel(key="recognition", template="recognition/member_panel.html",
                                   right=Right.VIEW_MEMBERS, context=member_panel.context, order=20))  # fmt: skip
        # A stored badge list follows every fact it reads of a member (stored_lists.py).
        for model in (Member, MemberStatusPeriod, Discipline, ImprovementConfirmation, SeriousIllness, Badge):
            for signal in (post_save, post_delete):
                uid = f"recognition.stored.{model._meta.label}.{signal is post_save}"
                signal.connect(stored_lists.member_touched, sender=model, dispatch_uid=uid)
