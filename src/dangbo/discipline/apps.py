from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "dangbo.discipline"
    verbose_name = "Kiểm tra, kỷ luật"
