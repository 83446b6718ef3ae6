"""Discipline decisions: the dated facts the rating rules read (and the later inspection work extends).

A decision disciplines either a member or an organization, never both. `organization_at_decision`
keeps the unit the subject belonged to on the decision date (the member's cell, or the organization
itself), so roll-ups "as of" a year stay true after members move and organizations are restructured.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import MEMBER_FORMS, ORGANIZATION_FORMS, DisciplineForm


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
        ]

    def __str__(self) -> str:
        subject = self.member if self.member_id else self.organization
        return f"{self.get_form_display()} {subject} ({self.decision_number}, {self.decision_date:%d/%m/%Y})"

    @property
    def subject_name(self) -> str:
        subject = self.member if self.member_id else self.organization
        return str(subject)
