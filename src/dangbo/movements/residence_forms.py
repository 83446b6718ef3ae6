"""Forms of the residence liaison pages: the list's filters, introducing a member, ending an introduction,
recording or correcting a yearly feedback. Forms only parse input: the rules are in `residence`, whose Vietnamese
refusals the views put back beside the fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import FeedbackAssessment

YEAR_MIN, YEAR_MAX = 2000, 2100


def year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs,
    )  # fmt: skip


def feedback_year(today: dt.date) -> int:
    """The year a feedback typed today most likely concerns: last year's until the end of March."""
    return today.year - 1 if today.month <= 3 else today.year


def unit_field(organizations: QuerySet[Organization]) -> OrganizationField:
    """The unit of a list's filters: any organization of the scope, the select offering the active ones."""
    offer = organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True)
    return OrganizationField(label=_("Đơn vị"), required=False, organizations=organizations, offer=offer)


class ResidenceFilterForm(VietnameseForm):
    """The list's filters (GET): the unit in scope and the year."""

    nam = year_field(required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "nam"])


class IntroductionForm(VietnameseForm):
    introduced_on = VietnameseDateField(label=_("Ngày giới thiệu (ngày của giấy giới thiệu)"))
    ward = forms.CharField(label=_("Xã, phường, đặc khu nơi cư trú"), max_length=255)
    residence_cell = forms.CharField(label=_("Chi bộ nơi cư trú"), max_length=255)
    residence_committee = forms.CharField(label=_("Đảng ủy xã, phường"), max_length=255, required=False)
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=80, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class EndIntroductionForm(VietnameseForm):
    ended_on = VietnameseDateField(label=_("Ngày kết thúc"))
    reason = forms.CharField(label=_("Lý do (chuyển nơi ở, chuyển công tác…)"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeedbackFieldsForm(VietnameseForm):
    received_on = VietnameseDateField(label=_("Ngày nhận nhận xét"))
    assessment = forms.ChoiceField(label=_("Nhận xét chung"), choices=FeedbackAssessment.choices,
                                   widget=forms.RadioSelect)  # fmt: skip
    content = forms.CharField(label=_("Nội dung nhận xét"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class FeedbackForm(FeedbackFieldsForm):
    year = year_field()

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": feedback_year(today), "received_on": today,
                                      "assessment": FeedbackAssessment.GOOD})  # fmt: skip
        super().__init__(*args, **kwargs)
        self.order_fields(["year", "received_on", "assessment", "content"])


class CorrectFeedbackForm(FeedbackFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
