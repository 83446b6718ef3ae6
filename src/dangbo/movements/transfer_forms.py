"""The forms of the transfer pages and of the movements hub. Dates are dd/mm/yyyy; the rules (scope, dates in
order, duplicates) are checked by `transfers`, whose Vietnamese refusals the views put on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import ADMISSION_LIMITS
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import MemberCreateForm, OrganizationField, VietnameseForm
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .enums import Channel, MovementKind, MovementState

YEAR_MIN, YEAR_MAX = 1930, 2100


def active_cells(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)


class InternalTransferForm(VietnameseForm):
    """One cell to another of the tree (any cell: the receiving side accepts when it lies outside the scope)."""

    on = VietnameseDateField(label=_("Ngày chuyển sinh hoạt"), limits=ADMISSION_LIMITS)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80, required=False)
    decision_date = VietnameseDateField(label=_("Ngày quyết định"), required=False, limits=ADMISSION_LIMITS)
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Chuyển đến chi bộ"), organizations=organizations, offer=active_cells(organizations),
            empty_label="—",
        )  # fmt: skip
        self.order_fields(["to_chuc", "on", "decision_number", "decision_date", "reason", "note"])


class LetterFields(VietnameseForm):
    """The introduction letter's number, date and channel."""

    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices, initial=Channel.PAPER)
    portal_reference = forms.CharField(label=_("Mã hồ sơ trên Cổng"), max_length=80, required=False)


class TransferOutForm(LetterFields):
    external_organization = forms.CharField(label=_("Chuyển đến tổ chức đảng (ngoài Đảng bộ)"), max_length=255)
    cause_date = VietnameseDateField(
        label=_("Ngày phát sinh (quyết định nghỉ hưu, chuyển công tác…)"), limits=ADMISSION_LIMITS
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=80, required=False)
    letter_date = VietnameseDateField(label=_("Ngày giấy giới thiệu"), required=False, limits=ADMISSION_LIMITS)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["external_organization", "cause_date", "reason", "letter_number", "letter_date", "channel",
                   "portal_reference", "note"]  # fmt: skip


class LetterForm(LetterFields):
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=80)
    letter_date = VietnameseDateField(label=_("Ngày giấy giới thiệu"), limits=ADMISSION_LIMITS)
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["letter_number", "letter_date", "channel", "portal_reference"]


class HandOverForm(VietnameseForm):
    handed_over_on = VietnameseDateField(label=_("Ngày nơi nhận tiếp nhận"), limits=ADMISSION_LIMITS)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransferInForm(MemberCreateForm):
    """The member sheet, the receiving cell and the letter the member brings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sheet_order = list(self.fields)
        self.fields.update(
            joined_on=VietnameseDateField(label=_("Ngày tiếp nhận"), limits=ADMISSION_LIMITS),
            external_organization=forms.CharField(label=_("Tổ chức đảng nơi chuyển đến"), max_length=255),
            letter_number=forms.CharField(label=_("Số giấy giới thiệu"), max_length=80),
            letter_date=VietnameseDateField(label=_("Ngày giấy giới thiệu"), limits=ADMISSION_LIMITS),
            channel=forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices, initial=Channel.PAPER),
            portal_reference=forms.CharField(label=_("Mã hồ sơ trên Cổng"), max_length=80, required=False),
            confirm_similar=forms.BooleanField(
                label=_("Tôi đã kiểm tra: đây là người khác với đảng viên trùng họ, tên, ngày sinh"), required=False
            ),
        )
        letter = ["to_chuc", "joined_on", "external_organization", "letter_number", "letter_date", "channel",
                  "portal_reference"]  # fmt: skip
        self.order_fields([*letter, *[n for n in sheet_order if n not in letter], "confirm_similar"])


class MovementFilterForm(VietnameseForm):
    """The hub's filters (GET): unit in scope, kind, state, year. Every field is optional."""

    loai = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *MovementKind.choices])
    tinh_trang = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *MovementState.choices]
    )
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, empty_label=str(_("Tất cả")),
            offer=organizations.exclude(kind=OrgKind.PARTY_GROUP),
        )  # fmt: skip
        self.order_fields(["to_chuc", "loai", "tinh_trang", "nam"])
