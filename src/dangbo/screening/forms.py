"""Forms of the screening pages: the year and the filters of the list, and one small form per decision.

Forms only parse input; the rules (who votes, the fraction, the order of decisions) live in `services`, whose
refusals the views put back beside the form. Dates are typed dd/mm/yyyy and are past days.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import Outcome, Signal

YEAR_MIN, YEAR_MAX = 2019, 2100
PAST_LIMITS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=0)
# A help period may be set to end in the coming years.
HELP_LIMITS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=5)
OFFER_LIMIT = 300


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class SignalFilterForm(VietnameseForm):
    """Filters of the signals list (GET): year, unit in scope, signal. Every field is optional."""

    nam = _year_field(required=False)
    dau_hieu = forms.ChoiceField(label=_("Dấu hiệu"), required=False, choices=[("", _("Tất cả")), *Signal.choices])

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer = organizations.exclude(kind=OrgKind.PARTY_GROUP)
        if offer.count() > OFFER_LIMIT:
            offer = offer.exclude(kind=OrgKind.CELL)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, offer=offer, empty_label=str(_("Tất cả"))
        )
        self.order_fields(["nam", "to_chuc", "dau_hieu"])


class YearForm(VietnameseForm):
    nam = _year_field(required=True)


class RefreshForm(VietnameseForm):
    nam = _year_field(required=True)
    to_chuc = forms.IntegerField(required=False, widget=forms.HiddenInput)


class VersionForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddMemberForm(VersionForm):
    member = forms.IntegerField(label=_("Đảng viên"), widget=forms.Select)
    reason = forms.CharField(label=_("Lý do chi bộ bổ sung"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [("", "—"), *choices]


class VoteForm(VersionForm):
    vote_date = VietnameseDateField(label=_("Ngày biểu quyết"), limits=PAST_LIMITS)
    votes_for = forms.IntegerField(
        label=_("Số phiếu đồng ý đưa vào diện giáo dục, giúp đỡ"),
        min_value=0,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Số phiếu đồng ý không thể là số âm."),
            "max_value": _("Số phiếu đồng ý quá lớn: không thể nhiều hơn số đảng viên chính thức được biểu quyết."),
        },
    )
    help_until = VietnameseDateField(
        label=_("Giúp đỡ đến ngày"),
        required=False,
        limits=HELP_LIMITS,
        help_text=_("Để trống: theo thời gian giúp đỡ mặc định của bộ quy tắc."),
    )


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả sau thời gian giáo dục, giúp đỡ"),
        choices=[
            (o.value, o.label) for o in (Outcome.IMPROVED, Outcome.STRIKE_OFF_PROPOSED, Outcome.DISCIPLINE_PROPOSED)
        ],
        widget=forms.RadioSelect,
    )
    on = VietnameseDateField(label=_("Ngày chi bộ kết luận"), limits=PAST_LIMITS)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
