"""Party badges and commendations: the states of a badge record, the verdicts of a badge list, the subjects
and states of a commendation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BadgeState(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    AWARDED = "awarded", _("Đã tặng")
    WITHDRAWN = "withdrawn", _("Đã rút đề nghị")


class BadgeKind(models.TextChoices):
    """How a badge is given: on reaching the milestone, early to a seriously ill member, or posthumously."""

    REGULAR = "regular", _("Tặng đủ tuổi đảng")
    EARLY = "early", _("Tặng sớm (bệnh nặng)")
    POSTHUMOUS = "posthumous", _("Truy tặng")


class Verdict(models.TextChoices):
    """One row of the badge list of an award date."""

    DUE = "due", _("Đủ điều kiện")
    EARLY = "early", _("Xét tặng sớm")
    POSTHUMOUS = "posthumous", _("Truy tặng")
    BLOCKED = "blocked", _("Chưa xét tặng (kỷ luật)")
    PROPOSED = "proposed", _("Đã đề nghị, chờ quyết định")
    AWARDED = "awarded", _("Đã tặng")


# Verdicts that may be proposed on the list of an award date.
PROPOSABLE = frozenset({Verdict.DUE, Verdict.EARLY, Verdict.POSTHUMOUS})
KIND_OF_VERDICT = {Verdict.DUE: BadgeKind.REGULAR, Verdict.EARLY: BadgeKind.EARLY,
                   Verdict.POSTHUMOUS: BadgeKind.POSTHUMOUS}  # fmt: skip


class CommendationSubject(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    ORGANIZATION = "organization", _("Tổ chức đảng")


class CommendationState(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    DECIDED = "decided", _("Đã quyết định khen thưởng")
    REFUSED = "refused", _("Không khen thưởng")


class DecidingLevel(models.TextChoices):
    """The committee whose decision a commendation level is: the grassroots committee or the one above it."""

    GRASSROOTS = "grassroots", _("Đảng ủy cơ sở")
    UPPER = "upper", _("Cấp ủy cấp trên cơ sở")
