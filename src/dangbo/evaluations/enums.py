"""Rating levels, rating methods and subject kinds (glossary: Quality)."""

from django.db import models


class Level(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    FULFILLED = "fulfilled", "Hoàn thành nhiệm vụ"
    UNFULFILLED = "unfulfilled", "Không hoàn thành nhiệm vụ"


LEVEL_ABBREVIATIONS = {
    Level.EXCELLENT: "HTXSNV",
    Level.GOOD: "HTTNV",
    Level.FULFILLED: "HTNV",
    Level.UNFULFILLED: "KHTNV",
}
# Best first: a level "below" another has a higher index.
LEVEL_ORDER: tuple[Level, ...] = (Level.EXCELLENT, Level.GOOD, Level.FULFILLED, Level.UNFULFILLED)
GOOD_OR_BETTER = frozenset({Level.EXCELLENT, Level.GOOD})


def level_rank(level: str) -> int:
    """0 for excellent … 3 for unfulfilled."""
    return LEVEL_ORDER.index(Level(level))


class RatingMethod(models.TextChoices):
    FOUR_LEVEL_CHOICE = "four_level_choice", "Chọn một trong bốn mức xếp loại"
    SCORE_100 = "score_100", "Chấm điểm theo thang 100 điểm"


class SubjectKind(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    CELL = "cell", "Chi bộ"
    GRASSROOTS = "grassroots", "Tổ chức cơ sở đảng"


COLLECTIVE_KINDS = frozenset({SubjectKind.CELL, SubjectKind.GRASSROOTS})


class Confidence(models.TextChoices):
    """How sure the project is of a rule's source (docs/rules.md)."""

    SURE = "sure", "Chắc chắn"
    LIKELY = "likely", "Khá chắc chắn"
    ASSUMED = "assumed", "Giả định"


class CapScope(models.TextChoices):
    """Where the cap on "excellent" is counted."""

    ORGANIZATION = "organization", "Trong cùng tổ chức đảng"
    GRASSROOTS = "grassroots", "Trong cùng tổ chức cơ sở đảng"
    ROUND = "round", "Trong toàn đợt đánh giá"
