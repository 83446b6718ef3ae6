from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.recognition"
    verbose_name = _("Khen thưởng, Huy hiệu Đảng")

    def ready(self) -> None:
        from dangbo.accounts.enums import Right
        from dangbo.members.panels import MemberPanel, register_panel

        from . import member_panel

        register_panel(MemberPanel(key="recognition", template="recognition/member_panel.html",
                                   right=Right.VIEW_MEMBERS, context=member_panel.context, order=20))  # fmt: skip
