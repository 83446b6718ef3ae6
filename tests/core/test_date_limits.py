"""Every date typed into a form lies in a sensible range: 01/01/1900 to ten years ahead by default, narrower
where the field says so; impossible and absurd dates get a Vietnamese message, never a server error."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import timezone

import dangbo
from dangbo.core.date_limits import ADMISSION_LIMITS, BIRTH_DATE_LIMITS
from dangbo.core.dates import add_years
from dangbo.core.forms import VietnameseDateField

BAD_DATES = {
    "31/12/9999": "không được sau",
    "01/01/0001": "không được trước 01/01/1900",
    "29/02/2023": "Ngày phải có dạng dd/mm/yyyy",
    "abc": "Ngày phải có dạng dd/mm/yyyy",
}


def messages_of(field: forms.Field, value: str) -> str:
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(("value", "message"), BAD_DATES.items())
def test_date_field_bad_date_is_refused_in_vietnamese(value: str, message: str) -> None:
    assert message in messages_of(VietnameseDateField(), value)


def test_date_field_default_range_is_1900_to_ten_years_ahead() -> None:
    field = VietnameseDateField()
    today = timezone.localdate()
    assert field.clean("01/01/1900") == dt.date(1900, 1, 1)
    assert field.clean(add_years(today, 9).strftime("%d/%m/%Y")).year == today.year + 9
    assert "Ngày không được trước 01/01/1900." in messages_of(field, "31/12/1899")
    assert "không được sau" in messages_of(field, add_years(today, 11).strftime("%d/%m/%Y"))


def test_date_field_birth_date_limits_end_today() -> None:
    field = VietnameseDateField(limits=BIRTH_DATE_LIMITS)
    today = timezone.localdate()
    assert field.clean(today.strftime("%d/%m/%Y")) == today
    tomorrow = today + dt.timedelta(days=1)
    assert f"Ngày không được sau {today:%d/%m/%Y}." in messages_of(field, tomorrow.strftime("%d/%m/%Y"))


def test_date_field_admission_limits_start_at_the_partys_founding() -> None:
    field = VietnameseDateField(limits=ADMISSION_LIMITS)
    assert field.clean("03/02/1930") == dt.date(1930, 2, 3)
    assert "Ngày không được trước 03/02/1930." in messages_of(field, "02/02/1930")


def _all_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(dangbo.__path__, "dangbo."):
        if ".migrations" not in module.name and ".settings" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("dangbo."):
                found.append(sub)
    return found


def test_every_date_field_of_every_form_is_bounded() -> None:
    """A date field is a `VietnameseDateField`, or its form checks the same limits in `clean_<field>`."""
    checked = 0
    for form_class in _all_forms():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.DateField):
                continue
            checked += 1
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            if isinstance(field, VietnameseDateField):
                for value in BAD_DATES:
                    with pytest.raises(forms.ValidationError):
                        field.clean(value)
            else:
                assert hasattr(form_class, f"clean_{name}"), where
    assert checked >= 10
