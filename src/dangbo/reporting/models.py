"""Reports a committee asks of its lower levels (issue 11 item 3).

A `ReportRequest` is set by an organization (the requester) for some of the organizations under it: one
`ReportRecipient` row per unit, holding where the unit stands (stored: pending, submitted, returned, accepted; "late"
is computed from the due date). Each time a unit sends the report a new `ReportSubmission` is kept (its number
grows: a returned report is sent again as the next version); the committee's comment on a returned or accepted
version stays on it. A `ReportReminder` is one reminder sent to one unit, shown to the unit with its date.

`path` fields copy the organization's materialized path (the requester's on the request, the unit's on the
recipient) so scope checks are a prefix test like everywhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import TimeStampedModel, VersionedModel

from .enums import RecipientStatus, RequestKind


class ReportRequest(VersionedModel):
    """A report asked of some units under `requester`, for a period, by a due date, with the figures it wants."""

    requester = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp yêu cầu")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=RequestKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.PositiveSmallIntegerField(_("kỳ"), default=0)  # half-year 1–2, quarter 1–4; 0 otherwise
    title = models.CharField(_("tên báo cáo"), max_length=255)
    requested_on = models.DateField(_("ngày yêu cầu"))
    due_on = models.DateField(_("hạn gửi"))
    figures = models.JSONField(_("số liệu chủ yếu"), default=list, blank=True)  # list of names, in order
    note = models.TextField(_("ghi chú"), blank=True)
    template = models.FileField(_("mẫu báo cáo"), upload_to="report_requests/%Y/", blank=True)
    template_name = models.CharField(max_length=255, blank=True)
    template_content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("requested_on")),
                name="reporting_request_due_after_request",
                violation_error_message="Hạn gửi không được trước ngày yêu cầu.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReportRecipient(VersionedModel):
    """One unit asked to send one report, and where it stands."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="recipients")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)  # the latest version's day
    accepted_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    last_reminded_on = models.DateField(_("nhắc lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị phải gửi báo cáo")
        verbose_name_plural = _("đơn vị phải gửi báo cáo")
        ordering = ["request", "organization__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organization"], name="reporting_recipient_once_per_request")
        ]

    def __str__(self) -> str:
        return f"{self.request} — {self.organization}"


class ReportSubmission(TimeStampedModel):
    """One version of a unit's report: the file and the figures; the committee's answer to it, once given."""

    recipient = models.ForeignKey(ReportRecipient, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("lần gửi"))
    submitted_on = models.DateField(_("ngày gửi"))
    file = models.FileField(_("tệp báo cáo"), upload_to="report_submissions/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)  # name → whole number
    note = models.TextField(_("ghi chú"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=20, blank=True)  # "", "returned" or "accepted"
    review_comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    reviewed_on = models.DateField(_("ngày xem xét"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        ordering = ["recipient", "-number"]
        constraints = [models.UniqueConstraint(fields=["recipient", "number"], name="reporting_submission_number_once")]


class ReportReminder(TimeStampedModel):
    """A reminder sent to one unit that has not sent the report."""

    recipient = models.ForeignKey(ReportRecipient, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("ngày nhắc"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lần nhắc gửi báo cáo")
        verbose_name_plural = _("lần nhắc gửi báo cáo")
        ordering = ["-sent_on", "-id"]
