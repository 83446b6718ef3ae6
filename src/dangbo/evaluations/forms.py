"""Forms of the rating pages: opening a round, a step of one rating (with its sheet), override, reopen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.organizations.models import Organization

from .enums import Level, RatingMethod, RatingStep, SubjectKind
from .facts import RatingInputs
from .models import Rating
from .params import RuleSetData
from .scoring import TaskFacts
from .services import Deadlines


def _date(label: Any) -> forms.DateField:
    return VietnameseDateField(label=label)


class OpenCampaignForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Tổ chức đảng"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    reference_date = _date(_("Ngày tính điều kiện (đủ 6 tháng)"))
    self_assessment_due = _date(_("Hạn tự đánh giá"))
    review_due = _date(_("Hạn kiểm điểm tại chi bộ"))
    proposal_due = _date(_("Hạn đề xuất"))
    decision_due = _date(_("Hạn quyết định"))
    verification_due = _date(_("Hạn thẩm định"))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], year: int, **kwargs: Any) -> None:
        initial = dict(Deadlines.default_for(year).__dict__, year=year)
        first = organizations.first()
        if first is not None:
            initial["organization"] = first.pk
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def deadlines(self) -> Deadlines:
        names = Deadlines.__dataclass_fields__
        return Deadlines(**{name: self.cleaned_data[name] for name in names})


def _pct(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=7, decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))  # fmt: skip


class StepForm(forms.Form):
    """One step of one rating, with the rating sheet at the steps that take it. Prefixed by the rating id,
    so a unit page holds one form per row."""

    step = forms.ChoiceField(label=_("Bước"))
    level = forms.ChoiceField(label=_("Mức xếp loại"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(
        self, *args: Any, rating: Rating, rule_set: RuleSetData, steps: list[str], tasks: TaskFacts | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        kwargs.setdefault("prefix", f"r{rating.pk}")
        stored = RatingInputs.from_json(rating.score_sheet)
        initial: dict[str, Any] = {"version": rating.version, "step": steps[0] if steps else ""}
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.rating, self.rule_set = rating, rule_set
        self.fields["step"].choices = [(s, RatingStep(s).label) for s in steps]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("— theo phiếu / bước trước —")), *Level.choices]  # type: ignore[attr-defined]
        self.criteria: list[str] = []
        kind = SubjectKind(rating.subject_kind)
        # A member given tasks by the cell this year is judged on them: the sheet shows those figures, asks none.
        self.task_facts = tasks if tasks is not None and tasks.assigned and kind == SubjectKind.MEMBER else None
        if rule_set.method == RatingMethod.SCORE_100 and rule_set.params.score is not None:
            for c in rule_set.params.score.criteria_for(kind):
                name = f"c_{c.code}"
                self.fields[name] = forms.DecimalField(
                    label=f"{c.name} (tối đa {c.max_score.normalize():f})", required=False, max_digits=7,
                    decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
                )  # fmt: skip
                self.initial[name] = stored.scores.get(c.code)
                self.criteria.append(name)
            if self.task_facts is None:
                self.fields["on_time_pct"] = _pct(_("Nhiệm vụ đúng tiến độ (%)"))
                self.fields["exceeding_pct"] = _pct(_("Nhiệm vụ vượt mức (%)"))
                self.fields["late_pct"] = _pct(_("Nhiệm vụ chậm tiến độ (%)"))
        if kind == SubjectKind.MEMBER:
            self.fields["sick_leave_months"] = forms.DecimalField(
                label=_("Số tháng nghỉ ốm trong năm"), required=False, max_digits=5, decimal_places=1
            )
        self.fields["targets_met_pct"] = _pct(_("Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ (%)"))
        self.fields["degeneration"] = forms.BooleanField(
            label=_("Có biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa”"), required=False
        )
        for name in ("on_time_pct", "exceeding_pct", "late_pct", "sick_leave_months", "targets_met_pct"):
            if name in self.fields:
                value = getattr(stored, name)
                self.initial[name] = None if value is None or (name == "sick_leave_months" and not value) else value
        self.initial["degeneration"] = stored.degeneration

    @property
    def sheet_fields(self) -> list[forms.BoundField]:
        fixed = {"step", "level", "version", "reason"}
        return [self[name] for name in self.fields if name not in fixed]

    def inputs(self) -> RatingInputs | None:
        """The sheet as entered, at the steps that take one (None elsewhere: the stored sheet stays)."""
        data = self.cleaned_data
        if data["step"] not in (RatingStep.SELF_ASSESSED, RatingStep.REVIEWED):
            return None
        scores = {name[2:]: data[name] for name in self.criteria if data.get(name) is not None}
        return RatingInputs(
            scores=scores,
            on_time_pct=data.get("on_time_pct"),
            exceeding_pct=data.get("exceeding_pct"),
            late_pct=data.get("late_pct"),
            sick_leave_months=data.get("sick_leave_months") or Decimal(0),
            degeneration=bool(data.get("degeneration")),
            targets_met_pct=data.get("targets_met_pct"),
        )


class OverrideForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại mới"), choices=Level.choices)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class LockForm(forms.Form):
    """Locking asks for an explicit confirmation: a POST without the box ticked changes nothing."""

    confirm = forms.BooleanField(
        label=_("Tôi đã xem các đơn vị còn chờ và xác nhận khóa đợt đánh giá"),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận để khóa đợt đánh giá.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
