"""Choices of the reports a committee asks of its lower levels: the kind of report and where a unit stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    YEARLY = "yearly", _("Báo cáo năm")
    SIX_MONTHLY = "six_monthly", _("Báo cáo 6 tháng")
    QUARTERLY = "quarterly", _("Báo cáo quý")
    THEMATIC = "thematic", _("Báo cáo chuyên đề")
    MID_TERM = "mid_term", _("Báo cáo sơ kết")
    FINAL = "final", _("Báo cáo tổng kết")


# How many periods a year holds for each kind (0: the report covers the year, or a period of its own).
PERIODS_PER_YEAR: dict[str, int] = {RequestKind.SIX_MONTHLY: 2, RequestKind.QUARTERLY: 4}


class RecipientStatus(models.TextChoices):
    """What is stored; "late" (quá hạn) is computed from the due date and the day (`request_selectors.state_of`)."""

    PENDING = "pending", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class TrackingState(models.TextChoices):
    """What the committee and the unit see."""

    NOT_SENT = "not_sent", _("Chưa gửi")
    LATE = "late", _("Quá hạn")
    SENT = "sent", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# A unit still owes the report in these stored states.
OWING = (RecipientStatus.PENDING, RecipientStatus.RETURNED)


class ReviewKind(models.TextChoices):
    """A plan's review by the committee: half-way through its period, or at its end."""

    MID_TERM = "mid_term", _("Sơ kết giữa nhiệm kỳ")
    FINAL = "final", _("Tổng kết")
