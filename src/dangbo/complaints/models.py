"""Complaints, denunciations and other letters received by the inspection committees (rules-2025 §6).

A `Complaint` is one letter: its reception (date, channel, the handling organization whose inspection committee
deals with it, assignee, summary), its subject (a member or an organization), its deadline and the outcome. The
person who wrote it is kept apart in `ComplainantIdentity`: only the inspection roles that hold
`view_complainant_identity` read it, on its own page, and every read is audited. Nothing that lists, exports
or audits complaints touches that table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import (
    Channel,
    ComplaintKind,
    ComplaintResult,
    ComplaintState,
    NotConsideredReason,
    NoticeDirection,
    NoticeEvent,
    ReplyMethod,
)
from .params import parse_params


class ComplaintRuleSet(RuleSetBase):
    """The deadlines for settling complaints, denunciations and other letters, the extensions allowed, the 5 days
    of the notices between state bodies and the party, and the final level per discipline form, in force from a
    date; `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["ComplaintRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc khiếu nại, tố cáo")
        verbose_name_plural = _("bộ quy tắc khiếu nại, tố cáo")
        constraints = [RuleSetBase.dates_ordered("complaint_ruleset_dates_ordered")]


class Complaint(VersionedModel):
    kind = models.CharField(_("loại đơn"), max_length=30, choices=ComplaintKind.choices)
    state = models.CharField(
        _("tình trạng"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.HANDLING
    )
    reference = models.CharField(_("số thụ lý"), max_length=60, blank=True)
    received_on = models.DateField(_("ngày nhận"))
    channel = models.CharField(_("hình thức nhận"), max_length=20, choices=Channel.choices)
    forwarded_by = models.CharField(_("cơ quan, tổ chức chuyển đến"), max_length=255, blank=True)
    handling_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="complaints_handled",
        verbose_name=_("tổ chức đảng giải quyết"),
        help_text=_("Ủy ban kiểm tra của cấp này tiếp nhận và giải quyết đơn."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_assigned",
        verbose_name=_("cán bộ được giao"),
    )
    summary = models.TextField(_("nội dung tóm tắt"))

    # Whom the letter is about: a member, an organization, or (an other letter) nobody in particular.
    subject_member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("đảng viên bị khiếu nại, tố cáo"),
    )
    subject_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_about",
        verbose_name=_("tổ chức đảng bị khiếu nại, tố cáo"),
    )
    # A complaint about a party discipline: the decision appealed against.
    discipline = models.ForeignKey(
        "discipline.Discipline",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("quyết định kỷ luật bị khiếu nại"),
    )

    # Classification: letters the rules do not consider are recorded and closed with the reason.
    not_considered_reason = models.CharField(
        _("lý do không xem xét"), max_length=20, choices=NotConsideredReason.choices, blank=True
    )
    repeat_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
        verbose_name=_("đơn đã gửi trước"),
    )

    # The deadline (from the complaint rule set in force on the receipt day, extensions included).
    due_on = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    rule_code = models.CharField(_("bộ quy tắc áp dụng"), max_length=40, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("số ngày đã gia hạn"), default=0)

    # Outcome.
    result = models.CharField(_("kết quả"), max_length=20, choices=ComplaintResult.choices, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    resolution_number = models.CharField(_("số văn bản kết luận, quyết định"), max_length=80, blank=True)
    result_note = models.TextField(_("nội dung kết luận"), blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    reply_method = models.CharField(_("hình thức trả lời"), max_length=30, choices=ReplyMethod.choices, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đơn khiếu nại, tố cáo")
        verbose_name_plural = _("đơn khiếu nại, tố cáo")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["handling_organization", "received_on"], name="complaint_handler_idx"),
            models.Index(fields=["state", "due_on"], name="complaint_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(subject_member__isnull=False) & Q(subject_organization__isnull=False)),
                name="complaint_one_subject",
                violation_error_message="Đơn chỉ nêu một đối tượng: một đảng viên hoặc một tổ chức đảng.",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("received_on")),
                name="complaint_resolved_after_received",
                violation_error_message="Ngày giải quyết không được trước ngày nhận đơn.",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=F("received_on")),
                name="complaint_replied_after_received",
                violation_error_message="Ngày trả lời không được trước ngày nhận đơn.",
            ),
            models.CheckConstraint(
                condition=Q(kind=ComplaintKind.DISCIPLINE_COMPLAINT) | Q(discipline__isnull=True),
                name="complaint_discipline_only_for_appeal",
                violation_error_message="Chỉ đơn khiếu nại kỷ luật đảng mới gắn với một quyết định kỷ luật.",
            ),
        ]

    def __str__(self) -> str:
        label = self.reference or f"#{self.pk}"
        return f"{self.get_kind_display()} {label} ({self.received_on:%d/%m/%Y})"

    @property
    def subject_name(self) -> str:
        if self.subject_member_id:
            return str(self.subject_member)
        if self.subject_organization_id:
            return str(self.subject_organization)
        return ""


class ComplaintExtension(models.Model):
    """One extension of a letter's deadline (working days, within the rule set's maximum), with its reason."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("đơn"))
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc gia hạn"))
    granted_on = models.DateField(_("ngày gia hạn"))
    previous_due = models.DateField(_("hạn cũ"))
    new_due = models.DateField(_("hạn mới"))
    reason = models.CharField(_("lý do gia hạn"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("gia hạn giải quyết đơn")
        verbose_name_plural = _("gia hạn giải quyết đơn")
        ordering = ["complaint", "granted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due__gt=F("previous_due")),
                name="complaint_extension_moves_due",
                violation_error_message="Hạn mới phải sau hạn cũ.",
            ),
        ]

    def __str__(self) -> str:
        return f"Gia hạn {self.working_days} ngày làm việc đến {self.new_due:%d/%m/%Y}"


class Notice(VersionedModel):
    """A notice between a state body (or mass organization) and the party organization of a member (QĐ 296): the
    body tells the party it suspended or disciplined the member, or the party organization directs or proposes
    administrative handling after a party discipline; each within the rule set's days of the event."""

    direction = models.CharField(_("chiều thông báo"), max_length=20, choices=NoticeDirection.choices)
    event = models.CharField(_("sự việc"), max_length=20, choices=NoticeEvent.choices)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="notices", verbose_name=_("đảng viên")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("tổ chức đảng quản lý đảng viên"),
    )
    other_body = models.CharField(_("cơ quan, đơn vị, đoàn thể"), max_length=255)
    event_date = models.DateField(_("ngày quyết định (đình chỉ, kỷ luật)"))
    notice_date = models.DateField(_("ngày thông báo"), null=True, blank=True)
    discipline = models.ForeignKey(
        "discipline.Discipline",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("quyết định kỷ luật đảng"),
    )
    reference = models.CharField(_("số văn bản"), max_length=80, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thông báo giữa cơ quan nhà nước, đoàn thể và tổ chức đảng")
        verbose_name_plural = _("thông báo giữa cơ quan nhà nước, đoàn thể và tổ chức đảng")
        ordering = ["-event_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_date__isnull=True) | Q(notice_date__gte=F("event_date")),
                name="notice_after_event",
                violation_error_message="Ngày thông báo không được trước ngày quyết định.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.member} ({self.event_date:%d/%m/%Y})"


class ComplainantIdentity(models.Model):
    """Who wrote the letter. Confidential: read only through `complaints.identity` (right and audit)."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="identity", verbose_name=_("đơn")
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    citizen_id = models.CharField(_("số căn cước công dân"), max_length=12, blank=True)
    note = models.TextField(_("ghi chú về người gửi"), blank=True)

    class Meta:
        verbose_name = _("danh tính người khiếu nại, tố cáo")
        verbose_name_plural = _("danh tính người khiếu nại, tố cáo")

    def __str__(self) -> str:
        return f"Danh tính người gửi đơn #{self.complaint_id}"
