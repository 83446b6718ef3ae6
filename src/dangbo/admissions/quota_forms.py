"""Input of the quota page: the year shown, one organization's quota, accepting every suggestion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_ERRORS = {
    "min_value": _("Năm phải từ %(limit_value)s trở đi."),
    "max_value": _("Năm phải đến %(limit_value)s trở về trước."),
    "invalid": _("Năm phải là một số, ví dụ 2025."),
    "required": _("Hãy chọn năm."),
}


def _year_field(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=required, error_messages=YEAR_ERRORS
    )


class QuotaYearForm(forms.Form):
    nam = _year_field(required=False)


class QuotaForm(forms.Form):
    """One grassroots organization's quota; `version` is the quota's version when it already exists."""

    nam = _year_field(required=True)
    quota = forms.IntegerField(
        label=_("Chỉ tiêu kết nạp"),
        min_value=0,
        max_value=100_000,
        error_messages={
            "required": _("Hãy nhập chỉ tiêu kết nạp."),
            "invalid": _("Chỉ tiêu kết nạp phải là một số nguyên."),
            "min_value": _("Chỉ tiêu kết nạp không được là số âm."),
            "max_value": _("Chỉ tiêu kết nạp quá lớn."),
        },
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class AcceptSuggestionsForm(forms.Form):
    nam = _year_field(required=True)
