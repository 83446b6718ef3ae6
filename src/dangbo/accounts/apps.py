from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangbo.accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
