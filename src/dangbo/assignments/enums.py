"""Kinds of yearly tasks given to members and their year-end results (the 2025 rating rules score these)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.members.enums import MemberStatus


class TaskKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Nhiệm vụ chuyên môn")
    PARTY_WORK = "party_work", _("Công tác đảng")
    MASS_ORGANIZATION = "mass_organization", _("Công tác đoàn thể")
    RESIDENCE = "residence", _("Nhiệm vụ ở nơi cư trú")
    HELP_MEMBER = "help_member", _("Giúp đỡ quần chúng, đảng viên")
    OTHER = "other", _("Nhiệm vụ khác")


class TaskResult(models.TextChoices):
    """The year-end result. Exceeded and on time both count as on time for the rating's "100% on time"."""

    EXCEEDED = "exceeded", _("Hoàn thành vượt yêu cầu")
    ON_TIME = "on_time", _("Hoàn thành đúng hạn")
    LATE = "late", _("Hoàn thành chậm")
    NOT_DONE = "not_done", _("Không hoàn thành")


# The statuses of an "active" member, who is given tasks (Kế hoạch 20-KH/ĐUK, item 8) and counted by the share of
# members with a task: probationary and full members on a cell's rolls. Exempt members (miễn công tác và sinh hoạt),
# members temporarily transferred out or abroad, and those who have left are not given tasks by the cell.
ACTIVE_STATUSES = frozenset({MemberStatus.PROBATIONARY, MemberStatus.FULL})
# The results that count as "on time" for the rating's "100% of tasks on time" (exceeded is on time too).
ON_TIME_RESULTS = frozenset({TaskResult.EXCEEDED, TaskResult.ON_TIME})
# A year a task may be given for: none before the system's first plan year, none past next year.
FIRST_TASK_YEAR = 2000
