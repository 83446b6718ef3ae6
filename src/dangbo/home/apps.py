from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "dangbo.home"
    label = "home"
    verbose_name = "Trang chủ"

    def ready(self) -> None:
        from . import views  # registers the role home page with core (core imports no domain app)

        del views
