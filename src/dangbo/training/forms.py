"""The training pages' forms: a course, its filters, a person who is not a member, the results of a whole
course, a theory qualification, and the filters of the lists and the report. Dates are dd/mm/yyyy within the
project's limits; an organization outside the scope is refused by `OrganizationField` (the view logs it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import BIRTH_DATE_LIMITS, PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .enums import QUALIFICATION_LEVELS, CourseKind, Result
from .models import Enrollment
from .results import ResultRow

PAST = DateLimits(earliest=PARTY_FOUNDED, years_ahead=0)
COURSE_DAYS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=2)
YEAR_MIN, YEAR_MAX = 1930, 2100


def unit_field(
    organizations: QuerySet[Organization], *, label: Any = None, required: bool = False
) -> OrganizationField:
    """A unit of the scope, the select offering the active ones (not party groups)."""
    offer = organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True)
    return OrganizationField(label=label or _("Đơn vị"), required=required, organizations=organizations, offer=offer)


def cell_field(organizations: QuerySet[Organization], *, label: Any) -> OrganizationField:
    """A cell of the scope (any organization is accepted, so the service can say why it refuses one)."""
    offer = organizations.filter(kind__in=sorted(MEMBER_HOLDING_KINDS), dissolved_on__isnull=True)
    return OrganizationField(label=label, required=True, organizations=organizations, offer=offer, empty_label="—")


class CourseForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=CourseKind.choices)
    title = forms.CharField(label=_("Tên lớp"), max_length=255)
    starts_on = VietnameseDateField(label=_("Ngày khai giảng"), limits=COURSE_DAYS)
    ends_on = VietnameseDateField(label=_("Ngày bế giảng"), limits=COURSE_DAYS)
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:  # a new course: who holds it
            self.fields["organizer"] = unit_field(organizations, label=_("Đơn vị tổ chức"), required=True)
            self.order_fields(["kind", "title", "organizer", "starts_on", "ends_on", "venue", "note"])


class CourseFilterForm(VietnameseForm):
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=[("", _("Mọi loại")), *CourseKind.choices], required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    q = forms.CharField(label=_("Tên lớp"), max_length=100, required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "kind", "year", "q"])


class PersonForm(VietnameseForm):
    """A person who is not a member yet, enrolled with the cell that prepares them."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    birth_date = VietnameseDateField(label=_("Ngày sinh"), limits=BIRTH_DATE_LIMITS)
    citizen_id = forms.CharField(label=_("Số CCCD"), max_length=12, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"] = cell_field(organizations, label=_("Chi bộ bồi dưỡng, giới thiệu"))


class EnrollMembersForm(VietnameseForm):
    """Members of one cell ticked for the course."""

    members = forms.TypedMultipleChoiceField(label=_("Đảng viên"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, offered: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = offered


class ResultsForm(forms.Form):
    """The whole course's results: for each enrollment shown, its version, result, note and certificate."""

    def __init__(self, *args: Any, enrollments: list[Enrollment], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.enrollments = enrollments
        self.rows: list[dict[str, Any]] = []
        for e in enrollments:
            cert = getattr(e, "certificate", None)
            p = f"r{e.pk}"
            self.fields[f"{p}_version"] = forms.IntegerField(widget=forms.HiddenInput, initial=e.version)
            self.fields[f"{p}_result"] = forms.ChoiceField(label=_("Kết quả"), choices=Result.choices, initial=e.result)
            self.fields[f"{p}_number"] = forms.CharField(
                label=_("Số giấy chứng nhận"), max_length=60, required=False, initial=cert.number if cert else ""
            )
            self.fields[f"{p}_issued_on"] = VietnameseDateField(
                label=_("Ngày cấp"), required=False, limits=PAST, initial=cert.issued_on if cert else None
            )
            stated = cert.valid_until if cert and cert.validity_stated else None
            self.fields[f"{p}_valid_until"] = VietnameseDateField(
                label=_("Có giá trị đến (nếu giấy ghi)"), required=False, initial=stated
            )
            self.fields[f"{p}_note"] = forms.CharField(
                label=_("Nhận xét"), max_length=500, required=False, initial=e.result_note
            )
            self.rows.append({"enrollment": e, "fields": [self[f"{p}_{n}"] for n in
                                                          ("result", "number", "issued_on", "valid_until", "note")],
                              "version": self[f"{p}_version"]})  # fmt: skip

    def result_rows(self) -> list[ResultRow]:
        data = self.cleaned_data
        return [
            ResultRow(
                enrollment_id=e.pk,
                version=data[f"r{e.pk}_version"],
                result=data[f"r{e.pk}_result"],
                note=data[f"r{e.pk}_note"],
                certificate_number=data[f"r{e.pk}_number"],
                issued_on=data[f"r{e.pk}_issued_on"],
                valid_until=data[f"r{e.pk}_valid_until"],
            )
            for e in self.enrollments
        ]


class QualificationForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Trình độ lý luận chính trị"), choices=QUALIFICATION_LEVELS)
    certificate_number = forms.CharField(label=_("Số bằng, giấy chứng nhận"), max_length=60)
    issued_on = VietnameseDateField(label=_("Ngày cấp"), limits=PAST)
    institution = forms.CharField(label=_("Cơ sở đào tạo"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["level"]


class QualificationFilterForm(VietnameseForm):
    level = forms.ChoiceField(label=_("Trình độ"), choices=[("", _("Mọi trình độ")), *QUALIFICATION_LEVELS],
                              required=False)  # fmt: skip
    q = forms.CharField(label=_("Họ tên"), max_length=100, required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "level", "q"])


class DayFilterForm(VietnameseForm):
    """A unit of the scope and the day (the who-needs lists and the report)."""

    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "ngay"])

    def day(self, today: dt.date) -> dt.date:
        return (self.cleaned_data.get("ngay") if self.is_bound else None) or today
