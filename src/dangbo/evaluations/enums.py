"""Rating levels, rating methods and subject kinds (glossary: Quality)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    FULFILLED = "fulfilled", _("Hoàn thành nhiệm vụ")
    UNFULFILLED = "unfulfilled", _("Không hoàn thành nhiệm vụ")


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
    FOUR_LEVEL_CHOICE = "four_level_choice", _("Chọn một trong bốn mức xếp loại")
    SCORE_100 = "score_100", _("Chấm điểm theo thang 100 điểm")


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    CELL = "cell", _("Chi bộ")
    GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")


COLLECTIVE_KINDS = frozenset({SubjectKind.CELL, SubjectKind.GRASSROOTS})


class Confidence(models.TextChoices):
    """How sure the project is of a rule's source (docs/rules.md)."""

    SURE = "sure", _("Chắc chắn")
    LIKELY = "likely", _("Khá chắc chắn")
    ASSUMED = "assumed", _("Giả định")


class CapScope(models.TextChoices):
    """Where the cap on "excellent" is counted."""

    ORGANIZATION = "organization", _("Trong cùng tổ chức đảng")
    GRASSROOTS = "grassroots", _("Trong cùng tổ chức cơ sở đảng")
    ROUND = "round", _("Trong toàn đợt đánh giá")


class CampaignState(models.TextChoices):
    OPEN = "open", _("Đang đánh giá")
    LOCKED = "locked", _("Đã khóa")


class RatingStep(models.TextChoices):
    """Where one subject's rating stands; each step is taken by the level the access roles name."""

    PENDING = "pending", _("Chưa tự đánh giá")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    REVIEWED = "reviewed", _("Đã kiểm điểm tại chi bộ")
    PROPOSED = "proposed", _("Đã đề xuất mức xếp loại")
    DECIDED = "decided", _("Cấp có thẩm quyền đã quyết định")
    VERIFIED = "verified", _("Cấp trên đã thẩm định")


class DesignationKind(models.TextChoices):
    MODEL_CELL = "model_cell", _("Chi bộ kiểu mẫu")
    FOUR_GOOD = "four_good", _("Bốn tốt")
