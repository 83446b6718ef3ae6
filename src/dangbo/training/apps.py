from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.training"
    verbose_name = _("Đào tạo, bồi dưỡng")

    def ready(self) -> None:
        from dangbo.accounts.enums import Right
        from dangbo.members.panels import MemberPanel, register_panel

        from .panel import member_panel_context

        register_panel(
            MemberPanel(
                key="training", template="training/member_panel.html", right=Right.VIEW_MEMBERS,
                context=member_panel_context, order=30,
            )
        )  # fmt: skip
