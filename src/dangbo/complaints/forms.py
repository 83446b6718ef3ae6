"""Forms of the letters' pages. Forms only parse input (dates dd/mm/yyyy, ids among what the user may pick); the
rules live in the services, whose refusals the views put back beside the form. A record id posted outside the
user's scope is refused and kept in the field's `out_of_scope_id` for the view to log (`out_of_scope_ids`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.discipline.enums import AppealResult, DisciplineForm
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import (
    Channel,
    ComplaintKind,
    ComplaintResult,
    ComplaintState,
    NotConsideredReason,
    NoticeDirection,
    NoticeEvent,
    ReplyMethod,
)

LIMITS = DateLimits(earliest=dt.date(2000, 1, 1), years_ahead=1)
YEAR_MIN, YEAR_MAX = 2000, 2100
OFFER_LIMIT = 500
ALL = ("", _("Tất cả"))


def _date(label: Any, *, required: bool = True) -> VietnameseDateField:
    return VietnameseDateField(label=label, required=required, limits=LIMITS)


def _text(label: Any, max_length: int, *, required: bool = False, area: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4}) if area else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, strip=True)


class RecordField(forms.IntegerField):
    """A record chosen by id among `records` (those in the user's scope), offered as a select of at most
    `OFFER_LIMIT`; an id outside them is refused and kept in `out_of_scope_id`."""

    widget = forms.Select

    def __init__(self, *, records: QuerySet[Any], label_of: Any = str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.records = records
        self.out_of_scope_id: int | None = None
        self.widget.choices = [("", "—"), *[(r.pk, label_of(r)) for r in records[:OFFER_LIMIT]]]

    def clean(self, value: Any) -> Model | None:
        pk = super().clean(value)
        if pk is None:
            return None
        record = self.records.filter(pk=pk).first()
        if record is None:
            self.out_of_scope_id = pk
            raise forms.ValidationError(_("Không tìm thấy trong phạm vi của bạn."), code="out_of_scope")
        return record


class ScopedForm(VietnameseForm):
    """A form whose record fields are `RecordField`s or `OrganizationField`s over the user's scope."""

    def out_of_scope_ids(self) -> list[tuple[str, int]]:
        found = []
        for name, field in self.fields.items():
            pk = getattr(field, "out_of_scope_id", None)
            if pk is not None:
                found.append((name, pk))
        return found


class ComplaintFilterForm(VietnameseForm):
    loai = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[ALL, *ComplaintKind.choices])
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[ALL, *ComplaintState.choices])
    qua_han = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)
    nam = forms.IntegerField(label=_("Năm nhận"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị giải quyết"), required=False, organizations=organizations, empty_label=str(_("Tất cả")),
            offer=organizations.exclude(kind=OrgKind.PARTY_GROUP),
        )  # fmt: skip
        self.order_fields(["to_chuc", "loai", "tinh_trang", "qua_han", "nam"])


class ReceptionForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=ComplaintKind.choices)
    received_on = _date(_("Ngày nhận đơn"))
    channel = forms.ChoiceField(label=_("Hình thức nhận"), choices=Channel.choices)
    forwarded_by = _text(_("Cơ quan, tổ chức chuyển đến (nếu có)"), 255)
    reference = _text(_("Số thụ lý"), 60)
    summary = _text(_("Nội dung tóm tắt"), 5000, required=True, area=True)
    not_considered_reason = forms.ChoiceField(
        label=_("Không xem xét, giải quyết vì"), required=False,
        choices=[("", _("— đơn đủ điều kiện, thụ lý giải quyết —")), *NotConsideredReason.choices],
    )  # fmt: skip
    full_name = _text(_("Họ và tên người gửi"), 200)
    address = _text(_("Địa chỉ"), 255)
    phone = _text(_("Điện thoại"), 30)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    citizen_id = _text(_("Số căn cước công dân"), 12)

    IDENTITY = ("full_name", "address", "phone", "email", "citizen_id")

    def __init__(self, *args: Any, handlers: QuerySet[Organization], members: QuerySet[Any],
                 organizations: QuerySet[Organization], disciplines: QuerySet[Any], letters: QuerySet[Any],
                 users: QuerySet[Any], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["handling_organization"] = OrganizationField(
            label=_("Tổ chức đảng giải quyết (ủy ban kiểm tra cấp này)"), organizations=handlers, empty_label="—",
            offer=handlers.exclude(kind=OrgKind.PARTY_GROUP),
        )  # fmt: skip
        self.fields["assignee"] = RecordField(label=_("Cán bộ được giao"), required=False, records=users,
                                              label_of=lambda u: u.get_full_name() or u.username)  # fmt: skip
        self.fields["subject_member"] = RecordField(
            label=_("Đảng viên bị tố cáo, khiếu nại"), required=False,
            records=members.select_related("organization").order_by("organization__path", "sort_key"),
            label_of=lambda m: f"{m.full_name} — {m.organization.name}",
        )  # fmt: skip
        self.fields["subject_organization"] = OrganizationField(
            label=_("hoặc tổ chức đảng bị tố cáo"), required=False, organizations=organizations, empty_label="—",
            offer=organizations.exclude(kind=OrgKind.PARTY_GROUP),
        )  # fmt: skip
        self.fields["discipline"] = RecordField(label=_("Quyết định kỷ luật bị khiếu nại"), required=False,
                                                records=disciplines)  # fmt: skip
        self.fields["repeat_of"] = RecordField(label=_("Đơn đã gửi trước (đơn gửi lại)"), required=False,
                                               records=letters)  # fmt: skip
        self.order_fields(["kind", "received_on", "channel", "forwarded_by", "handling_organization", "reference",
                           "assignee", "subject_member", "subject_organization", "discipline", "summary",
                           "not_considered_reason", "repeat_of", *self.IDENTITY])  # fmt: skip

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["identity"] = {name: data.pop(name) for name in self.IDENTITY}
        return data


class AssignForm(ScopedForm):
    def __init__(self, *args: Any, users: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = RecordField(label=_("Cán bộ được giao"), required=False, records=users,
                                              label_of=lambda u: u.get_full_name() or u.username)  # fmt: skip


class ExtensionForm(ScopedForm):
    working_days = forms.IntegerField(label=_("Số ngày làm việc gia hạn"), min_value=1, max_value=365)
    granted_on = _date(_("Ngày gia hạn"))
    reason = _text(_("Lý do gia hạn"), 500, required=True)


class ResultForm(ScopedForm):
    resolved_on = _date(_("Ngày giải quyết"))
    resolution_number = _text(_("Số văn bản kết luận, quyết định"), 80, required=True)
    result_note = _text(_("Nội dung kết luận"), 5000, area=True)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == ComplaintKind.DISCIPLINE_COMPLAINT:
            self.fields["appeal_result"] = forms.ChoiceField(label=_("Kết quả đối với quyết định kỷ luật"),
                                                             choices=AppealResult.choices)  # fmt: skip
            self.fields["new_form"] = forms.ChoiceField(
                label=_("Hình thức kỷ luật mới (khi thay đổi)"), required=False,
                choices=[("", "—"), *DisciplineForm.choices],
            )  # fmt: skip
        else:
            kept = (ComplaintResult.FOUNDED, ComplaintResult.PARTLY_FOUNDED, ComplaintResult.UNFOUNDED)
            if kind != ComplaintKind.DENUNCIATION:
                kept = (ComplaintResult.UPHELD, ComplaintResult.PARTLY_UPHELD, ComplaintResult.REJECTED)
            self.fields["result"] = forms.ChoiceField(label=_("Kết quả"), choices=[
                (v, ComplaintResult(v).label) for v in kept])  # fmt: skip


class ReplyForm(ScopedForm):
    replied_on = _date(_("Ngày trả lời"))
    reply_method = forms.ChoiceField(
        label=_("Hình thức trả lời"), choices=[c for c in ReplyMethod.choices if c[0] != ReplyMethod.NOT_POSSIBLE]
    )


class CloseForm(ScopedForm):
    reason = forms.ChoiceField(
        label=_("Lý do không xem xét"),
        choices=[c for c in NotConsideredReason.choices if c[0] != NotConsideredReason.ANONYMOUS],
    )
    closed_on = _date(_("Ngày kết thúc"))

    def __init__(self, *args: Any, letters: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["repeat_of"] = RecordField(label=_("Đơn đã gửi trước (đơn gửi lại)"), required=False,
                                               records=letters)  # fmt: skip


class IdentityForm(VietnameseForm):
    full_name = _text(_("Họ và tên người gửi"), 200)
    address = _text(_("Địa chỉ"), 255)
    phone = _text(_("Điện thoại"), 30)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    citizen_id = _text(_("Số căn cước công dân"), 12)


class NoticeForm(ScopedForm):
    direction = forms.ChoiceField(label=_("Chiều thông báo"), choices=NoticeDirection.choices)
    event = forms.ChoiceField(label=_("Sự việc"), choices=NoticeEvent.choices)
    other_body = _text(_("Cơ quan, đơn vị, đoàn thể"), 255, required=True)
    event_date = _date(_("Ngày quyết định (đình chỉ, kỷ luật)"), required=False)
    notice_date = _date(_("Ngày thông báo (để trống nếu chưa có)"), required=False)
    reference = _text(_("Số văn bản"), 80)
    note = _text(_("Ghi chú"), 2000, area=True)

    def __init__(self, *args: Any, members: QuerySet[Any], disciplines: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = RecordField(
            label=_("Đảng viên"), records=members.select_related("organization").order_by("organization__path",
                                                                                            "sort_key"),
            label_of=lambda m: f"{m.full_name} — {m.organization.name}",
        )  # fmt: skip
        self.fields["discipline"] = RecordField(label=_("Quyết định kỷ luật đảng (thông báo của tổ chức đảng)"),
                                                required=False, records=disciplines)  # fmt: skip
        self.order_fields(["direction", "event", "member", "other_body", "discipline", "event_date", "notice_date",
                           "reference", "note"])  # fmt: skip


class NoticeDateForm(VietnameseForm):
    notice_date = _date(_("Ngày thông báo"))


class ReportForm(VietnameseForm):
    nam = forms.IntegerField(label=_("Năm nhận đơn"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    ngay = _date(_("Tính đến ngày"), required=False)
