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
