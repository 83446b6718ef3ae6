"""A plan's tasks: who owns one (a board of the committee, a unit, or every grassroots organization), how its
deadline is given, its state, and the stage a progress report states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.accounts.enums import RoleKind


class Board(models.TextChoices):
    """The boards (ban) of the committee that a plan gives tasks to."""

    ORGANIZATION = "organization", _("Ban Tổ chức")
    PROPAGANDA = "propaganda", _("Ban Tuyên giáo và Dân vận")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    OFFICE = "office", _("Văn phòng")
    # The standing committees of the bloc's political-social organizations (the plan's section IV.4): not a board
    # of the party committee and no officer role of its own; the plan's managers record its progress.
    MASS_ORGANIZATIONS = "mass_organizations", _("Ban Thường vụ các đoàn thể chính trị - xã hội Khối")


# The officer roles that serve each board: an officer of the role reports progress on the board's tasks.
BOARD_OF_ROLE: dict[str, str] = {
    RoleKind.BLOC_ORGANIZATION_OFFICER: Board.ORGANIZATION,
    RoleKind.BLOC_PROPAGANDA_OFFICER: Board.PROPAGANDA,
    RoleKind.BLOC_INSPECTION_OFFICER: Board.INSPECTION,
    RoleKind.BLOC_OFFICE_OFFICER: Board.OFFICE,
}
# Boards without an officer role: their progress is recorded by those who manage the plan.
REPORTED_BY_MANAGERS = frozenset({Board.MASS_ORGANIZATIONS})


class OwnerKind(models.TextChoices):
    BOARD = "board", _("Một ban của cấp ủy")
    UNIT = "unit", _("Một đơn vị")
    GRASSROOTS = "grassroots", _("Từng tổ chức cơ sở đảng")


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Một ngày")
    YEARLY = "yearly", _("Hằng năm, vào một ngày")
    NONE = "none", _("Không có hạn cụ thể")


class TaskState(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Dừng thực hiện")


CLOSED_STATES = frozenset({TaskState.DONE, TaskState.CANCELLED})


class Stage(models.TextChoices):
    """What a progress report states, with or without a percent."""

    STARTED = "started", _("Đã triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    BLOCKED = "blocked", _("Gặp vướng mắc")
    DONE = "done", _("Hoàn thành")
