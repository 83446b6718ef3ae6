"""Discipline forms (rules.md §8): which apply to members, to probationary members, to organizations."""

from django.db import models


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"
    DISSOLUTION = "dissolution", "Giải tán"


# Full members: reprimand, warning, dismissal (when holding a post), expulsion.
MEMBER_FORMS = frozenset(
    {DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION}
)
# Probationary members: reprimand or warning only.
PROBATIONARY_MEMBER_FORMS = frozenset({DisciplineForm.REPRIMAND, DisciplineForm.WARNING})
# Organizations: reprimand, warning, dissolution.
ORGANIZATION_FORMS = frozenset({DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION})
