"""Choices of the training records: course kinds and enrollment results."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.members.enums import TheoryLevel


class CourseKind(models.TextChoices):
    AWARENESS = "awareness", _("Bồi dưỡng nhận thức về Đảng")
    NEW_MEMBER = "new_member", _("Bồi dưỡng lý luận chính trị dành cho đảng viên mới")
    SECRETARY_REFRESHER = "secretary_refresher", _("Bồi dưỡng nghiệp vụ công tác đảng cho bí thư, cấp ủy viên")
    THEORY_ELEMENTARY = "theory_elementary", _("Lý luận chính trị sơ cấp")
    THEORY_INTERMEDIATE = "theory_intermediate", _("Lý luận chính trị trung cấp")
    THEORY_ADVANCED = "theory_advanced", _("Lý luận chính trị cao cấp")
    OTHER = "other", _("Lớp khác")


class Result(models.TextChoices):
    PENDING = "pending", _("Chưa có kết quả")
    PASSED = "passed", _("Đạt, hoàn thành")
    FAILED = "failed", _("Không đạt")
    ABSENT = "absent", _("Không tham gia")


# The theory level a passed theory course gives (the qualification recorded with its certificate).
LEVEL_OF_COURSE: dict[str, str] = {
    CourseKind.THEORY_ELEMENTARY: TheoryLevel.ELEMENTARY,
    CourseKind.THEORY_INTERMEDIATE: TheoryLevel.INTERMEDIATE,
    CourseKind.THEORY_ADVANCED: TheoryLevel.ADVANCED,
}

# The theory levels from lowest to highest; a qualification raises a member's level, never lowers it.
LEVEL_RANK: dict[str, int] = {
    TheoryLevel.NONE: 0,
    TheoryLevel.ELEMENTARY: 1,
    TheoryLevel.INTERMEDIATE: 2,
    TheoryLevel.ADVANCED: 3,
    TheoryLevel.BACHELOR: 4,
}

QUALIFICATION_LEVELS = [(v, label) for v, label in TheoryLevel.choices if v != TheoryLevel.NONE]
