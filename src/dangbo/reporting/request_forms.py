"""The forms of the reports asked of lower levels: a new request (units by checkbox, figures one per line), a
unit's submission (the file and one box per figure asked for) and the committee's answer (comment and version).
Numbers and dates are checked again by the services, whose Vietnamese message is shown on the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import VietnameseForm
from dangbo.organizations.models import Organization

from .enums import RequestKind
from .models import ReportRequest

DUE_DAYS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=10)
PERIOD_CHOICES = [
    (0, _("Cả năm / không chia kỳ")),
    (1, _("Kỳ 1 (6 tháng đầu năm, quý I)")),
    (2, _("Kỳ 2 (6 tháng cuối năm, quý II)")),
    (3, _("Quý III")),
    (4, _("Quý IV")),
]


class UnitsField(forms.MultipleChoiceField):
    """Units by checkbox: the offered ones are listed, but any id is accepted here so that the form can tell an
    organization outside the scope (logged by the view) from one outside the requester's tree (the service's
    refusal)."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class RequestForm(VietnameseForm):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=RequestKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2100)
    period = forms.TypedChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_CHOICES, coerce=int, initial=0)
    title = forms.CharField(label=_("Tên báo cáo"), max_length=255)
    due_on = VietnameseDateField(label=_("Hạn gửi"), limits=DUE_DAYS)
    units = UnitsField(label=_("Đơn vị phải gửi"))
    figures = forms.CharField(
        label=_("Số liệu chủ yếu (mỗi dòng một số liệu)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ví dụ: Số đảng viên; Số đảng viên mới kết nạp"),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    template = forms.FileField(label=_("Mẫu báo cáo (PDF, Word, Excel; không bắt buộc)"), required=False)

    def __init__(
        self, *args: Any, offered: QuerySet[Organization], allowed: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.out_of_scope_ids: list[int] = []
        units = self.fields["units"]
        assert isinstance(units, UnitsField)
        units.choices = [(o.pk, o.qualified_name) for o in offered]

    def clean_units(self) -> list[Organization]:
        ids = [int(v) for v in self.cleaned_data["units"]]
        found = {o.pk: o for o in self.allowed.filter(pk__in=ids)}
        self.out_of_scope_ids = [pk for pk in ids if pk not in found]
        if self.out_of_scope_ids:
            raise forms.ValidationError(_("Đơn vị không có hoặc nằm ngoài phạm vi của bạn."))
        return [found[pk] for pk in dict.fromkeys(ids)]

    def figure_names(self) -> list[str]:
        return [line for line in self.cleaned_data.get("figures", "").splitlines() if line.strip()]


class SubmissionForm(VietnameseForm):
    file = forms.FileField(label=_("Tệp báo cáo (PDF, Word hoặc Excel)"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, request: ReportRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = list(request.figures)
        for i, name in enumerate(self.names):
            self.fields[f"so_lieu_{i}"] = forms.CharField(
                label=name, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
            )
        self.order_fields([*(f"so_lieu_{i}" for i in range(len(self.names))), "file", "note"])

    def figure_values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"so_lieu_{i}", "") for i, name in enumerate(self.names)}


class ReviewForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
