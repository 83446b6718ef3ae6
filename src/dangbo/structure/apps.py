from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "dangbo.structure"
    verbose_name = "Sắp xếp tổ chức và cấp ủy"
