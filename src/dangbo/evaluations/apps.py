from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "dangbo.evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"
