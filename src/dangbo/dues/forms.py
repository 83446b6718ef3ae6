"""The cell's month form: the payment date and channel for the whole cell, and per line only the exceptions
(not paid, another amount, another channel, a reason), read by `cell_lines`; the forms of a member's dues
profile (a base from a month, an exemption or a reduction, removing one entered by mistake). The services
check the rules; these forms only read what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import DATE_INPUT_FORMATS, VietnameseDateField

from .enums import DuesCategory, PaymentChannel, ReliefKind
from .ledger import MAX_BASE, MAX_PAYMENT, CellPayment

PAID_ON_LIMITS = DateLimits(years_ahead=0)
MONTH_LIMITS = DateLimits(earliest=PARTY_FOUNDED)
MONTH_ATTRS = {"placeholder": "mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class CellMonthForm(forms.Form):
    paid_on = VietnameseDateField(label=_("Ngày đóng"), limits=PAID_ON_LIMITS)
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)


def _int(value: str | None) -> int | None:
    digits = (value or "").replace(".", "").replace(",", "").replace(" ", "")
    return int(digits) if digits.isdigit() and len(digits) <= len(str(MAX_PAYMENT)) + 1 else None


def cell_lines(post: QueryDict, known: set[int], *, default_channel: str) -> tuple[list[CellPayment], list[int]]:
    """The lines of the posted form (`m` lists the members on the page; `paid-<id>` ticked means paid, in full
    unless `amount-<id>` says otherwise; `reason-<id>` excuses an unpaid month) and the posted member ids that
    are not on the cell's page (answered 404)."""
    lines, unknown = [], []
    for raw in post.getlist("m"):
        if not raw.isdigit():
            continue
        member_id = int(raw)
        if member_id not in known:
            unknown.append(member_id)
            continue
        typed = post.get(f"amount-{member_id}", "").strip()
        amount = _int(typed) if typed else None
        if typed and amount is None:
            amount = -1  # refused by the service with its message
        channel = post.get(f"channel-{member_id}") or default_channel
        lines.append(CellPayment(
            member_id=member_id, version=_int(post.get(f"version-{member_id}")) or 0,
            unpaid=post.get(f"paid-{member_id}") != "1", amount=amount,
            channel=channel if channel in PaymentChannel.values else default_channel,
            excused_reason=post.get(f"reason-{member_id}", ""),
        ))  # fmt: skip
    return lines, unknown


class MonthField(VietnameseDateField):
    """A month typed as mm/yyyy (a full date dd/mm/yyyy is taken as its month), given as the month's first day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            limits=MONTH_LIMITS,
            input_formats=["%m/%Y", "%m-%Y", *DATE_INPUT_FORMATS],
            widget=forms.DateInput(format="%m/%Y", attrs=MONTH_ATTRS),
            error_messages={"invalid": _("Tháng phải có dạng mm/yyyy, ví dụ 02/2026.")},
            **kwargs,
        )


def dong(value: str) -> int | None:
    """Whole dong as typed: "8.500.000", "8,500,000", "8 500 000" or "8500000" (a minus sign kept, for the
    service to refuse); None when it is not a number."""
    text = "".join(value.split()).replace(".", "").replace(",", "")
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    return sign * int(digits) if digits.isdigit() and len(digits) <= len(str(MAX_BASE)) + 2 else None


class DongField(forms.Field):
    """Whole dong typed with or without thousands separators (see `dong`)."""

    default_error_messages = {"invalid": _("Hãy ghi số đồng, ví dụ 8.500.000.")}
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 20})

    def to_python(self, value: object) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        amount = dong(text)
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class BaseForm(forms.Form):
    start = MonthField(label=_("Từ tháng"))
    category = forms.ChoiceField(label=_("Đối tượng"), choices=DuesCategory.choices)
    base = DongField(label=_("Căn cứ tính (đồng/tháng)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReliefKind.choices)
    percent = forms.IntegerField(label=_("Mức giảm (chỉ khi giảm)"), required=False, widget=forms.Select)
    start = MonthField(label=_("Từ tháng"))
    end = MonthField(label=_("Đến tháng (để trống: miễn không thời hạn)"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80, required=False)
    decision_date = VietnameseDateField(label=_("Ngày quyết định"), required=False, limits=PAID_ON_LIMITS)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)

    def __init__(self, *args: Any, percents: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.choices = [("", "—")] + [(str(p), f"{p}%") for p in percents]


class RemoveReliefForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Lý do xóa (ghi nhầm)"), max_length=255)
