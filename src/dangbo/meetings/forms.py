"""Forms of the meeting pages: the calendar's filters, the plan, the record of a held meeting, minutes, guests,
cancellation and file upload. Forms only parse input (dates dd/mm/yyyy, times hh:mm); the rules live in the
services, whose refusals the views put back beside the form. The attendance page is parsed by
`views.attendance.read_marks`: one field per member, not a form class."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .enums import MeetingKind, MeetingStatus
from .models import MeetingFileKind
from .selectors import GuestChoice

# A meeting is planned from 2000 on and at most a year ahead (the service says so again in Vietnamese).
MEETING_LIMITS = DateLimits(earliest=dt.date(2000, 1, 1), years_ahead=1)
HELD_LIMITS = DateLimits(earliest=dt.date(2000, 1, 1), years_ahead=0)
YEAR_MIN, YEAR_MAX = 2000, 2100
OFFER_LIMIT = 300
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.g]\s*(\d{1,2})?|(\d{2}))?\s*$")
TIME_ERROR = _("Giờ phải có dạng hh:mm, ví dụ 14:00.")


class VietnameseTimeField(forms.Field):
    """A time of day typed as 14:00, 14h00, 14.00 or 1400 (a phone's number pad has no colon)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid": TIME_ERROR})
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "placeholder": "hh:mm", "inputmode": "numeric",
                "autocomplete": "off", "maxlength": "5", "class": "time-input"}  # fmt: skip

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value

    def to_python(self, value: Any) -> dt.time | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.time):
            return value
        match = _TIME.match(str(value))
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(hour, minute)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment `time` on `day`, in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class MeetingFilterForm(VietnameseForm):
    """The calendar's filters (GET): unit in scope, month and year, kind. Every field is optional."""

    loai = forms.ChoiceField(label=_("Loại sinh hoạt"), required=False)
    thang = forms.TypedChoiceField(label=_("Tháng"), required=False, coerce=int, empty_value=None)
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, empty_label=str(_("Tất cả")),
            offer=self._offer(organizations),
        )  # fmt: skip
        loai = self.fields["loai"]
        assert isinstance(loai, forms.ChoiceField)
        loai.choices = [("", _("Tất cả")), *MeetingKind.choices]
        thang = self.fields["thang"]
        assert isinstance(thang, forms.ChoiceField)
        thang.choices = [("", _("Cả năm")), *[(m, f"{m:02d}") for m in range(1, 13)]]
        self.order_fields(["to_chuc", "thang", "nam", "loai"])

    def _offer(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        """Every unit of a small scope; above `OFFER_LIMIT` (a province) the cells are left out of the list but
        the one chosen by a link stays."""
        offer = organizations.exclude(kind=OrgKind.PARTY_GROUP)
        if offer.count() <= OFFER_LIMIT:
            return offer
        chosen = str(self.data.get("to_chuc") or "")
        keep = Q(pk=int(chosen)) if chosen.isdigit() and len(chosen) < 12 else Q(pk__in=[])
        return offer.filter(~Q(kind__in=MEMBER_HOLDING_KINDS) | keep)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("thang") and not data.get("nam"):
            self.add_error("nam", _("Hãy chọn năm của tháng cần xem."))
        return data


class PlanForm(VietnameseForm):
    """A meeting's plan. `organizations` given: a new meeting, whose unit is chosen among them."""

    kind = forms.ChoiceField(label=_("Loại sinh hoạt"), choices=MeetingKind.choices)
    day = VietnameseDateField(label=_("Ngày sinh hoạt"), limits=MEETING_LIMITS)
    time = VietnameseTimeField(label=_("Giờ bắt đầu"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    topic = forms.CharField(label=_("Chủ đề, nội dung"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    agenda = forms.CharField(label=_("Chương trình"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["to_chuc"] = OrganizationField(
                label=_("Chi bộ"), organizations=organizations, empty_label="—",
                offer=organizations.filter(dissolved_on__isnull=True, kind__in=MEMBER_HOLDING_KINDS),
            )  # fmt: skip
            self.order_fields(["to_chuc", "kind", "day", "time", "place", "topic", "agenda"])

    @property
    def planned_start(self) -> dt.datetime:
        return at(self.cleaned_data["day"], self.cleaned_data["time"])


class HeldForm(VietnameseForm):
    """The day the meeting was held and its start and end times."""

    day = VietnameseDateField(label=_("Ngày tổ chức"), limits=HELD_LIMITS)
    start = VietnameseTimeField(label=_("Bắt đầu lúc"))
    end = VietnameseTimeField(label=_("Kết thúc lúc"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data

    @property
    def started_at(self) -> dt.datetime:
        return at(self.cleaned_data["day"], self.cleaned_data["start"])

    @property
    def ended_at(self) -> dt.datetime:
        return at(self.cleaned_data["day"], self.cleaned_data["end"])


class MinutesForm(VietnameseForm):
    minutes = forms.CharField(label=_("Biên bản (diễn biến buổi sinh hoạt)"), required=False, max_length=50_000,
                              widget=forms.Textarea(attrs={"rows": 12}))  # fmt: skip
    resolutions = forms.CharField(label=_("Nghị quyết, kết luận"), required=False, max_length=20_000,
                                  widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip


class GuestsForm(VietnameseForm):
    guests = forms.TypedMultipleChoiceField(label=_("Cấp ủy cấp trên dự"), required=False, coerce=int,
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args: Any, choices: list[GuestChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guests"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.member.pk, c.label) for c in choices]


class CancelForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=255)


class UploadForm(VietnameseForm):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=MeetingFileKind.choices)
    file = forms.FileField(label=_("Tệp (PDF, Word, JPEG, PNG)"))

    def __init__(self, *args: Any, status: str = MeetingStatus.PLANNED, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if status != MeetingStatus.HELD:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(MeetingFileKind.DOCUMENT, MeetingFileKind.DOCUMENT.label)]
