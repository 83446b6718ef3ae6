"""The cell's month form: the payment date and channel for the whole cell, and per line only the exceptions
(not paid, another amount, another channel, a reason), read by `cell_lines`."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import DateLimits
from dangbo.core.forms import VietnameseDateField

from .enums import PaymentChannel
from .ledger import MAX_PAYMENT, CellPayment

PAID_ON_LIMITS = DateLimits(years_ahead=0)


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
