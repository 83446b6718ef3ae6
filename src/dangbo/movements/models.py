"""Movements of members (rules-2025 §2–§3): transfers, temporary attachment, exemption, going abroad and
suspension as dated `Movement` records; residence liaison (Quy định 213-QĐ/TW) as an introduction and its
yearly feedback.

A movement is the procedure (dates, decision, letter, channel, deadlines); the registry's dated status and
cell membership (`members`) carry its effect, written by the movement services through the registry's own
services. `from_path` and `to_path` are the two sides' places in the tree when recorded, so both sides'
officers see it (a side outside the tree has an empty path and a name in `external_organization`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import Channel, FeedbackAssessment, MovementKind, MovementState, TemporaryPurpose
from .params import parse_params


class MovementRuleSet(RuleSetBase):
    """Deadlines and periods of the movement procedures in force from a date (transfer 60/30 working days,
    temporary attachment 3 months to under 1 year or study up to 2 years, the report after returning from
    abroad, the residence feedback's due day, the exemption's age threshold); `params` is checked by
    `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["MovementRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc biến động đảng viên")
        verbose_name_plural = _("bộ quy tắc biến động đảng viên")
        constraints = [RuleSetBase.dates_ordered("movement_ruleset_dates_ordered")]


class Movement(VersionedModel):
    """One procedure of one member (or, for an incoming temporary attachment from outside the tree, of one
    person named in `person_name`)."""

    kind = models.CharField(_("loại"), max_length=30, choices=MovementKind.choices)
    state = models.CharField(_("tình trạng"), max_length=20, choices=MovementState.choices, default=MovementState.OPEN)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("đảng viên"),
    )
    person_name = models.CharField(_("họ và tên (đảng viên nơi khác)"), max_length=200, blank=True)

    # The two sides. Inside the tree: the organization; outside: its name.
    from_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements_out",
        verbose_name=_("nơi đi"),
    )
    to_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements_in",
        verbose_name=_("nơi đến"),
    )
    external_organization = models.CharField(_("tổ chức đảng ngoài Đảng bộ"), max_length=255, blank=True)
    from_path = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    to_path = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    issuing_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements_issued",
        verbose_name=_("cấp ủy giới thiệu"),
    )

    # Dates of the procedure.
    cause_date = models.DateField(_("ngày phát sinh (quyết định nghỉ hưu, chuyển công tác…)"), null=True, blank=True)
    applied_on = models.DateField(_("ngày làm đơn"), null=True, blank=True)
    opinion_on = models.DateField(_("ngày chi bộ cho ý kiến"), null=True, blank=True)
    approved_on = models.DateField(_("ngày cấp trên đồng ý"), null=True, blank=True)
    informed_on = models.DateField(_("ngày báo cáo cấp trên"), null=True, blank=True)
    start = models.DateField(_("từ ngày"))
    planned_end = models.DateField(_("đến ngày (dự kiến)"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc thực tế"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao (nơi nhận đã tiếp nhận)"), null=True, blank=True)
    report_on = models.DateField(_("ngày báo cáo sau khi về nước"), null=True, blank=True)
    departed_on = models.DateField(_("ngày xuất cảnh"), null=True, blank=True)

    decision_number = models.CharField(_("số quyết định, nghị quyết"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    end_decision_number = models.CharField(_("số quyết định kết thúc"), max_length=80, blank=True)
    end_decision_date = models.DateField(_("ngày quyết định kết thúc"), null=True, blank=True)
    letter_number = models.CharField(_("số giấy giới thiệu"), max_length=80, blank=True)
    letter_date = models.DateField(_("ngày giấy giới thiệu"), null=True, blank=True)
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices, default=Channel.PAPER)
    portal_reference = models.CharField(_("mã hồ sơ trên Cổng"), max_length=80, blank=True)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=TemporaryPurpose.choices, blank=True)
    country = models.CharField(_("nước đến"), max_length=120, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # A suspension because the member is prosecuted or detained lasts as the law says (QĐ 22 art. 31.2): the
    # rule set's 90/180 days do not apply to it.
    legal_proceedings = models.BooleanField(
        _("đình chỉ do bị truy tố, tạm giam (thời hạn theo pháp luật)"), default=False
    )
    rule_set = models.ForeignKey(MovementRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("biến động đảng viên")
        verbose_name_plural = _("biến động đảng viên")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["member", "kind", "start"], name="movement_member_idx"),
            models.Index(fields=["kind", "state", "start"], name="movement_kind_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(person_name=""),
                name="movement_has_person",
                violation_error_message="Biến động phải gắn với một đảng viên.",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start")),
                name="movement_planned_end_after_start",
                violation_error_message="Ngày kết thúc không được trước ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start")),
                name="movement_ended_after_start",
                violation_error_message="Ngày kết thúc không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        who = self.member if self.member_id else self.person_name
        return f"{self.get_kind_display()}: {who} ({self.start:%d/%m/%Y})"


class ResidenceIntroduction(VersionedModel):
    """A working member introduced to the party cell where they live (Quy định 213-QĐ/TW), usually outside the
    tree: the commune or ward and the cell's name are text. Open until `ended_on`."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="residence_introductions", verbose_name=_("đảng viên")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chi bộ nơi công tác"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    introduced_on = models.DateField(_("ngày giới thiệu"))
    ward = models.CharField(_("xã, phường, đặc khu nơi cư trú"), max_length=255)
    residence_cell = models.CharField(_("chi bộ nơi cư trú"), max_length=255)
    residence_committee = models.CharField(_("đảng ủy xã, phường"), max_length=255, blank=True)
    letter_number = models.CharField(_("số giấy giới thiệu"), max_length=80, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("giới thiệu sinh hoạt nơi cư trú")
        verbose_name_plural = _("giới thiệu sinh hoạt nơi cư trú")
        ordering = ["-introduced_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(ended_on__isnull=True), name="residence_one_open_introduction"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("introduced_on")),
                name="residence_ended_after_introduced",
                violation_error_message="Ngày kết thúc không được trước ngày giới thiệu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.residence_cell}, {self.ward}"


class ResidenceFeedback(VersionedModel):
    """The residence cell's yearly feedback on a member (due by the rule set's day, default 15/11)."""

    introduction = models.ForeignKey(ResidenceIntroduction, on_delete=models.PROTECT, related_name="feedback")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="residence_feedback")
    year = models.PositiveSmallIntegerField(_("năm"))
    received_on = models.DateField(_("ngày nhận"))
    assessment = models.CharField(_("nhận xét chung"), max_length=20, choices=FeedbackAssessment.choices)
    content = models.TextField(_("nội dung nhận xét"))
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("nhận xét của chi bộ nơi cư trú")
        verbose_name_plural = _("nhận xét của chi bộ nơi cư trú")
        ordering = ["-year", "-received_on"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="residence_feedback_once_a_year")]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"


class SuspensionExtension(models.Model):
    """One extension of a suspension: the planned end moved by `days` by a decision (`movements.standing.
    extend_suspension`, within the rule set's maximum)."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="suspension_extensions", verbose_name=_("đình chỉ")
    )
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    previous_end = models.DateField(_("hạn cũ"))
    new_end = models.DateField(_("hạn mới"))
    decision_number = models.CharField(_("số quyết định gia hạn"), max_length=80)
    decision_date = models.DateField(_("ngày quyết định gia hạn"))
    reason = models.CharField(_("lý do gia hạn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gia hạn đình chỉ sinh hoạt đảng")
        verbose_name_plural = _("gia hạn đình chỉ sinh hoạt đảng")
        ordering = ["movement", "new_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=F("previous_end")),
                name="suspension_extension_moves_end",
                violation_error_message="Hạn mới phải sau hạn cũ.",
            ),
        ]

    def __str__(self) -> str:
        return f"Gia hạn {self.days} ngày đến {self.new_end:%d/%m/%Y}"
