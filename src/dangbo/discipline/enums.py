"""Discipline forms (rules.md §8): which apply to members, to probationary members, to organizations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DISMISSAL = "dismissal", _("Cách chức")
    EXPULSION = "expulsion", _("Khai trừ")
    DISSOLUTION = "dissolution", _("Giải tán")


# Full members: reprimand, warning, dismissal (when holding a post), expulsion.
MEMBER_FORMS = frozenset(
    {DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION}
)
# Probationary members: reprimand or warning only.
PROBATIONARY_MEMBER_FORMS = frozenset({DisciplineForm.REPRIMAND, DisciplineForm.WARNING})
# Organizations: reprimand, warning, dissolution.
ORGANIZATION_FORMS = frozenset({DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION})


class ViolationKind(models.TextChoices):
    """The limitation class of a violation (QĐ 69-QĐ/TW Art. 4 as amended by QĐ 264-QĐ/TW): ordinary violations
    have a limitation period by the form they warrant; the named kinds have none."""

    ORDINARY = "ordinary", _("Vi phạm thông thường")
    INTERNAL_POLITICS = "internal_politics", _("Vi phạm về chính trị nội bộ")
    NATIONAL_SECURITY = "national_security", _("Vi phạm về an ninh quốc gia")
    DEFENCE = "defence", _("Vi phạm về quốc phòng")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Vi phạm về đối ngoại xâm hại lợi ích quốc gia")
    ILLEGAL_DIPLOMA = "illegal_diploma", _("Sử dụng văn bằng, chứng chỉ không hợp pháp")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("Giữ nguyên quyết định")
    CHANGED = "changed", _("Thay đổi hình thức kỷ luật")
    ANNULLED = "annulled", _("Hủy bỏ quyết định")


class DisciplineState(models.TextChoices):
    """Where a decision stands on a day (computed, not stored)."""

    IN_FORCE = "in_force", _("Đang có hiệu lực")
    APPEALED = "appealed", _("Đang khiếu nại")
    LAPSED = "lapsed", _("Đã hết hiệu lực")
    ANNULLED = "annulled", _("Đã bị hủy bỏ")


class SubjectClass(models.TextChoices):
    """Whom a decision disciplines, for the forms that apply and the competent levels."""

    MEMBER = "member", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    ORGANIZATION = "organization", _("Tổ chức đảng")
