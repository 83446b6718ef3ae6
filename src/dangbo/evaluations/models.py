"""Rule sets of the yearly quality rating: thresholds as data, versioned by effective date.

A rating for year Y uses the rule set in force on 31/12/Y (`selectors.rule_set_for_year`). The
thresholds live in `params` (JSON, layout in docs/rules.md), checked by `params.parse_params`
whenever a rule set is saved through the admin, so an administrator can change them without code.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import RatingMethod
from .params import ParamsError, RuleSetData, parse_params


class RuleSet(VersionedModel):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    source_documents = models.TextField(
        _("văn bản căn cứ"), help_text=_("Ví dụ: Quy định 124-QĐ/TW ngày 10/10/2023; Hướng dẫn 25-HD/BTCTW.")
    )
    citation = models.CharField(
        _("trích dẫn ngắn"),
        max_length=255,
        help_text=_("Dùng trong lời giải thích, ví dụ: Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW."),
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    method = models.CharField(_("phương pháp xếp loại"), max_length=30, choices=RatingMethod.choices)
    params = models.JSONField(_("tham số"), default=dict)

    class Meta:
        verbose_name = _("bộ quy tắc xếp loại")
        verbose_name_plural = _("bộ quy tắc xếp loại")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="ruleset_dates_ordered",
                violation_error_message="Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def as_data(self) -> RuleSetData:
        """The rule set as the verdict engine takes it (raises `ParamsError` when the params are invalid)."""
        return RuleSetData(
            code=self.code,
            name=self.name,
            citation=self.citation,
            method=RatingMethod(self.method),
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            params=parse_params(self.method, self.params, default_source=self.citation),
        )

    def overlapping(self) -> models.QuerySet[RuleSet]:
        """Other rule sets whose effective range shares a day with this one."""
        qs = RuleSet.objects.exclude(pk=self.pk)
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        return qs.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
        if self.method in RatingMethod.values:
            try:
                parse_params(self.method, self.params, default_source=self.citation or "?")
            except ParamsError as exc:
                errors["params"] = exc.errors
        if self.effective_from and "effective_to" not in errors:
            clash = list(self.overlapping().values_list("code", flat=True))
            if clash:
                errors["effective_from"] = (
                    f"Thời gian hiệu lực trùng với bộ quy tắc {', '.join(clash)}: "
                    "mỗi ngày chỉ một bộ quy tắc có hiệu lực."
                )
        if errors:
            raise ValidationError(errors)
