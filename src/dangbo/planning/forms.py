"""Input of the dashboard pages: the year picker and the page number."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    nam = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages={
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải đến %(limit_value)s trở về trước."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
        },
    )
    trang = forms.IntegerField(min_value=1, required=False)
