"""Forms of the money pages: the statement's period, a remittance, a retention setting, a statement upload and
its column mapping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField

from .enums import PaymentChannel, StatementSource
from .reconciliation import ROLES


class PeriodForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quy = forms.IntegerField(label=_("Quý"), min_value=1, max_value=4, required=False)
    thang = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)


class RemittanceForm(forms.Form):
    period_start = VietnameseDateField(label=_("Từ tháng (ngày bất kỳ trong tháng)"))
    period_end = VietnameseDateField(label=_("Đến tháng (ngày bất kỳ trong tháng)"))
    amount = forms.IntegerField(label=_("Số tiền (đồng)"))
    paid_on = VietnameseDateField(label=_("Ngày nộp"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)
    reference = forms.CharField(label=_("Số chứng từ"), max_length=120, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RetentionForm(forms.Form):
    start = VietnameseDateField(label=_("Từ tháng (ngày bất kỳ trong tháng)"))
    percent = forms.IntegerField(label=_("Tỷ lệ giữ lại (%)"), min_value=0, max_value=100)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80, required=False)


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Nguồn dữ liệu"), choices=StatementSource.choices)
    file = forms.FileField(label=_("Tệp sao kê (.xlsx hoặc .csv)"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for role, (label, _names) in ROLES.items():
            self.fields[f"cot_{role}"] = forms.CharField(
                label=_("Cột “%(label)s” (để trống: tự nhận theo tiêu đề)") % {"label": label},
                max_length=120,
                required=False,
            )

    def mapping(self) -> dict[str, str] | None:
        chosen = {role: self.cleaned_data.get(f"cot_{role}", "").strip() for role in ROLES}
        chosen = {role: header for role, header in chosen.items() if header}
        return chosen or None
