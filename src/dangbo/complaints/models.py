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

from dangbo.core.models import VersionedModel

from .enums import Channel, ComplaintKind, ComplaintResult, ComplaintState, NotConsideredReason, ReplyMethod


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
