"""Forms of the hub and the programmes: the case list's filters, a programme (the report's filters are the
movements report's, `movements.report_forms.ReportFilterForm`). Forms only parse input (dates dd/mm/yyyy); the
rules live in the services, whose refusals the views put back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.movements.residence_forms import year_field
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import Body, CaseKind, CaseState

LIMITS = DateLimits(earliest=dt.date(2000, 1, 1), years_ahead=1)


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> VietnameseDateField:
    return VietnameseDateField(label=label, required=required, limits=LIMITS, **kwargs)


def text_field(label: Any, max_length: int, *, required: bool = False, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def everything(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


class CaseFilterForm(VietnameseForm):
    """The hub's filters (GET): unit in scope, year, kind, state, overdue only, the subject's name. All optional."""

    q = forms.CharField(
        label=_("Đối tượng"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Tên đảng viên, tổ chức (không cần dấu)"), "autocomplete": "off"}
        ),
    )
    nam = year_field(required=False)
    loai = forms.ChoiceField(label=_("Loại"), required=False, choices=everything(CaseKind.choices))
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=everything(CaseState.choices))
    qua_han = forms.BooleanField(label=_("Chỉ cuộc quá hạn"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, empty_label=str(_("Tất cả")),
            offer=organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True),
        )  # fmt: skip
        self.order_fields(["q", "to_chuc", "nam", "loai", "tinh_trang", "qua_han"])


class ProgrammeForm(VietnameseForm):
    """A new programme (the organization, body and year) or its correction (the rest only)."""

    organization = forms.IntegerField()
    body = forms.ChoiceField(label=_("Chủ thể"), choices=Body.choices)
    year = year_field()
    number = text_field(_("Số chương trình"), 80, required=True)
    approved_on = date_field(_("Ngày ban hành"))
    title = text_field(_("Tên chương trình"), 255, required=True)
    note = text_field(_("Ghi chú"), 2000, long=True)

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:  # a correction: the organization, body and year stay
            for name in ("organization", "body", "year"):
                del self.fields[name]
            return
        self.fields["organization"] = OrganizationField(label=_("Tổ chức đảng"), organizations=organizations)
