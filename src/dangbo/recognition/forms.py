"""Forms of the recognition pages. Forms only parse input: the rules are in `services` and `commendations`, whose
Vietnamese refusals the views put back beside the fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import VietnameseForm
from dangbo.members.models import Member
from dangbo.movements.residence_forms import unit_field, year_field
from dangbo.organizations.models import Organization

from .enums import Verdict
from .models import CommendationKind, CommendationLevel

DEFAULT_AUTHORITY = "Ban Thường vụ Tỉnh ủy"


class BadgeFilterForm(VietnameseForm):
    """The badge list's filters (GET): the unit in scope and the verdict."""

    ket_qua = forms.ChoiceField(label=_("Kết quả"), required=False,
                                choices=[("", _("Tất cả")), *list(Verdict.choices)])  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "ket_qua"])


class AwardForm(VietnameseForm):
    """The deciding level's record of the award of the ticked proposals."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80)
    decision_date = VietnameseDateField(label=_("Ngày quyết định"))
    deciding_authority = forms.CharField(label=_("Cấp quyết định"), max_length=255, initial=DEFAULT_AUTHORITY)


class WithdrawForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do rút đề nghị"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class IllnessForm(VietnameseForm):
    certified_on = VietnameseDateField(label=_("Ngày xác nhận bệnh nặng"))
    certified_by = forms.CharField(label=_("Nơi xác nhận (cơ sở y tế)"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ConfirmationForm(VietnameseForm):
    confirmed_on = VietnameseDateField(label=_("Ngày chi bộ công nhận"))
    resolution = forms.CharField(label=_("Nghị quyết, biên bản chi bộ"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class CommendationFilterForm(VietnameseForm):
    nam = year_field(required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "nam"])


class CommendationProposeForm(VietnameseForm):
    """A proposal: the kind and level, the year, the subject (a member of the unit, or a grassroots organization
    under it) and the achievement."""

    kind = forms.ModelChoiceField(label=_("Loại khen thưởng"), queryset=CommendationKind.objects.none())
    level = forms.ModelChoiceField(label=_("Mức khen thưởng"), queryset=CommendationLevel.objects.all())
    year = year_field()
    member = forms.ModelChoiceField(label=_("Đảng viên"), queryset=Member.objects.none(), required=False)
    organization = forms.ModelChoiceField(label=_("Tổ chức cơ sở đảng"), queryset=Organization.objects.none(),
                                          required=False)  # fmt: skip
    achievement = forms.CharField(label=_("Thành tích"), max_length=1000, required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip

    def __init__(
        self, *args: Any, members: QuerySet[Member], organizations: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CommendationKind.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class DecideForm(VietnameseForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80)
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RefuseForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do không khen thưởng"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(VietnameseForm):
    nam = year_field(required=False)
    ngay = VietnameseDateField(label=_("Số liệu đến ngày"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "nam", "ngay"])


def parse_award_date(text: str) -> dt.date | None:
    """An award date from the address (yyyy-mm-dd), or None when it is not a date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
