"""Form fields shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy in a text box (a browser date picker would show the browser's own format)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
            ),
        )
        kwargs.setdefault("error_messages", {"invalid": _("Ngày phải có dạng dd/mm/yyyy, ví dụ 19/05/2005.")})
        super().__init__(**kwargs)
