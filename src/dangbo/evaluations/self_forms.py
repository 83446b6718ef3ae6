"""The member's own self-assessment form: the written self-review, the self-proposed level and the sheet
the year's rule set uses, on top of the step form the officers use (same fields, same checks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Level, RatingMethod, RatingStep
from .forms import StepForm
from .models import Rating
from .params import RuleSetData
from .workflow import SELF_REVIEW_MAX

_NOT_SHEET = {"step", "level", "version", "reason", "self_review"}


class SelfAssessmentForm(StepForm):
    """The self-assessment step only. A member the rules do not rate writes the self-review alone: the
    level and the sheet are left out, since the rules give them no level."""

    self_review = forms.CharField(
        label=_("Bản tự kiểm điểm"),
        required=False,
        max_length=SELF_REVIEW_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ưu điểm, khuyết điểm, kết quả thực hiện nhiệm vụ trong năm và hướng khắc phục."),
    )

    def __init__(self, *args: Any, rating: Rating, rule_set: RuleSetData, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "tdg")
        super().__init__(*args, rating=rating, rule_set=rule_set, steps=[RatingStep.SELF_ASSESSED], **kwargs)
        self.fields["step"].widget = forms.HiddenInput()
        del self.fields["reason"]
        self.initial["self_review"] = rating.self_review
        self.initial["level"] = rating.self_level
        self.fields["level"].label = _("Mức tự xếp loại")
        self.fields["level"].choices = [("", _("— chọn mức —")), *Level.choices]  # type: ignore[attr-defined]
        if rule_set.method == RatingMethod.SCORE_100:
            self.fields["level"].choices = [  # type: ignore[attr-defined]
                ("", _("— theo điểm của phiếu —")),
                *Level.choices,
            ]
        if rating.not_rated:
            for name in [n for n in self.fields if n not in ("step", "version", "self_review")]:
                del self.fields[name]
            self.criteria = []
            self.fields["self_review"].required = True

    @property
    def sheet_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in _NOT_SHEET]

    def self_review_text(self) -> str:
        return str(self.cleaned_data.get("self_review") or "")
