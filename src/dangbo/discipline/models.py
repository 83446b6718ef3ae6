"""Discipline decisions: the dated facts the rating rules read (and the later inspection work extends).

A decision disciplines either a member or an organization, never both. `organization_at_decision`
keeps the unit the subject belonged to on the decision date (the member's cell, or the organization
itself), so roll-ups "as of" a year stay true after members move and organizations are restructured.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import MEMBER_FORMS, ORGANIZATION_FORMS, AppealResult, DisciplineForm, ViolationKind
from .params import parse_params


class DisciplineRuleSet(RuleSetBase):
    """The discipline rules in force from a date: the forms per subject, the vote each form needs, the competent
    levels, the limitation periods, the appeal window and the lapse; `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["DisciplineRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc kỷ luật đảng")
        verbose_name_plural = _("bộ quy tắc kỷ luật đảng")
        constraints = [RuleSetBase.dates_ordered("discipline_ruleset_dates_ordered")]


class Discipline(VersionedModel):
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("đảng viên"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("tổ chức đảng"),
    )
    form = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineForm.choices)
    violation_date = models.DateField(_("ngày vi phạm"))
    decision_date = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=80)
    deciding_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="disciplines_decided",
        verbose_name=_("cấp ra quyết định"),
    )
    organization_at_decision = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="disciplines_at",
        verbose_name=_("đơn vị khi bị kỷ luật"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    self_remedied = models.BooleanField(_("tập thể tự phát hiện, khắc phục"), default=False)
    violation_kind = models.CharField(
        _("loại vi phạm (thời hiệu)"), max_length=30, choices=ViolationKind.choices, default=ViolationKind.ORDINARY
    )
    concluded_on = models.DateField(_("ngày kết luận vi phạm"), null=True, blank=True)
    # The vote of the deciding body; both blank for a decision recorded from the paper files.
    votes_for = models.PositiveIntegerField(_("số phiếu tán thành"), null=True, blank=True)
    voters_entitled = models.PositiveIntegerField(_("số thành viên có quyền biểu quyết"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận quyết định"), null=True, blank=True)
    state_notified_on = models.DateField(_("ngày thông báo cho cơ quan nhà nước"), null=True, blank=True)
    # The appeal: filed, then settled (upheld, form changed, annulled). `original_form` keeps the form first
    # decided when the appeal changed it; `form` is always the form in force.
    appealed_on = models.DateField(_("ngày khiếu nại"), null=True, blank=True)
    appeal_result = models.CharField(_("kết quả giải quyết khiếu nại"), max_length=20, choices=AppealResult.choices,
                                     blank=True)  # fmt: skip
    appeal_decided_on = models.DateField(_("ngày giải quyết khiếu nại"), null=True, blank=True)
    appeal_decision_number = models.CharField(_("số quyết định giải quyết khiếu nại"), max_length=80, blank=True)
    original_form = models.CharField(_("hình thức ban đầu"), max_length=20, choices=DisciplineForm.choices, blank=True)
    rule_set = models.ForeignKey(DisciplineRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["member", "decision_date"], name="discipline_member_idx"),
            models.Index(fields=["organization", "decision_date"], name="discipline_org_idx"),
            models.Index(fields=["organization_at_decision", "decision_date"], name="discipline_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organization__isnull=True))
                | (Q(member__isnull=True) & Q(organization__isnull=False)),
                name="discipline_member_xor_org",
                violation_error_message="Kỷ luật phải áp dụng cho đúng một đảng viên hoặc một tổ chức đảng.",
            ),
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(form__in=sorted(MEMBER_FORMS)))
                | (Q(organization__isnull=False) & Q(form__in=sorted(ORGANIZATION_FORMS))),
                name="discipline_form_fits_subject",
                violation_error_message="Hình thức kỷ luật không áp dụng cho đối tượng này.",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__gte=F("violation_date")),
                name="discipline_decision_after_violation",
                violation_error_message="Ngày quyết định kỷ luật không được trước ngày vi phạm.",
            ),
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True) & Q(voters_entitled__isnull=True))
                | (Q(votes_for__isnull=False) & Q(voters_entitled__gte=F("votes_for"))),
                name="discipline_votes_within_entitled",
                violation_error_message="Số phiếu tán thành không được lớn hơn số thành viên có quyền biểu quyết.",
            ),
            models.CheckConstraint(
                condition=Q(appeal_result="") | (Q(appealed_on__isnull=False) & Q(appeal_decided_on__isnull=False)),
                name="discipline_appeal_settled_after_filed",
                violation_error_message="Chỉ giải quyết được khiếu nại đã ghi nhận.",
            ),
        ]

    def __str__(self) -> str:
        subject = self.member if self.member_id else self.organization
        return f"{self.get_form_display()} {subject} ({self.decision_number}, {self.decision_date:%d/%m/%Y})"

    @property
    def annulled(self) -> bool:
        return self.appeal_result == AppealResult.ANNULLED

    @property
    def appeal_pending(self) -> bool:
        return self.appealed_on is not None and not self.appeal_result

    @property
    def subject_name(self) -> str:
        subject = self.member if self.member_id else self.organization
        return str(subject)
