"""Form fields shared by every app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .date_limits import DEFAULT_LIMITS, DateLimits

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {
    "invalid": _("Ngày phải có dạng dd/mm/yyyy, ví dụ 19/05/2005."),
    "too_early": _("Ngày không được trước %(limit)s."),
    "too_late": _("Ngày không được sau %(limit)s."),
}


def check_date_limits(value: dt.date | None, limits: DateLimits = DEFAULT_LIMITS) -> None:
    """Refuse a date outside `limits` with a Vietnamese message naming the limit (dd/mm/yyyy).

    Used by `VietnameseDateField` and by the filters that keep their own date field.
    """
    if value is None:
        return
    if limits.too_early(value):
        limit = limits.earliest
        raise forms.ValidationError(DATE_ERRORS["too_early"], code="too_early", params={"limit": f"{limit:%d/%m/%Y}"})
    today = timezone.localdate()
    if limits.too_late(value, today=today):
        limit = limits.latest(today)
        raise forms.ValidationError(DATE_ERRORS["too_late"], code="too_late", params={"limit": f"{limit:%d/%m/%Y}"})


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy in a text box (a browser date picker would show the browser's own format),
    within `limits` (by default 01/01/1900 to ten years after today)."""

    def __init__(self, *, limits: DateLimits = DEFAULT_LIMITS, **kwargs: Any) -> None:
        self.limits = limits
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
            ),
        )
        kwargs.setdefault("error_messages", {"invalid": DATE_ERRORS["invalid"]})
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        check_date_limits(value, self.limits)
