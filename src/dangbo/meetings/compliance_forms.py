"""Input of the compliance pages: the quarter shown (year, quarter, unit, page) and locking a quarter."""

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
QUARTER_ERRORS = {
    "min_value": _("Quý phải từ 1 đến 4."),
    "max_value": _("Quý phải từ 1 đến 4."),
    "invalid": _("Quý phải từ 1 đến 4."),
    "required": _("Hãy chọn quý."),
}


def _year(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=required, error_messages=YEAR_ERRORS
    )


def _quarter(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Quý"), min_value=1, max_value=4, required=required, error_messages=QUARTER_ERRORS
    )


class QuarterFilterForm(forms.Form):
    """The quarter and unit shown; `to_chuc` is checked against the scope by the view (404 and logged)."""

    nam = _year(required=False)
    quy = _quarter(required=False)
    trang = forms.IntegerField(min_value=1, max_value=100_000, required=False)


class YearFilterForm(forms.Form):
    """The year of an export (every quarter of it)."""

    nam = _year(required=False)
    quy = _quarter(required=False)


class QuarterLockForm(forms.Form):
    """Lock or unlock one quarter of one organization (the organization in the address)."""

    nam = _year(required=True)
    quy = _quarter(required=True)
