from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangbo.members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        # Registers the background job kinds of this app with core.jobs.
        from . import exports, import_jobs  # noqa: F401
