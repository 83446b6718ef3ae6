"""Forms of the standing pages (temporary attachment, exemption, going abroad, suspension) and of their steps.
Forms only parse input (dates dd/mm/yyyy); the rules live in the services (`standing.py`, `abroad.py`), whose
refusals the views put back beside the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import TemporaryPurpose

LIMITS = DateLimits(earliest=dt.date(2000, 1, 1), years_ahead=3)
OFFER_LIMIT = 500


def _date(label: Any, *, required: bool = True) -> VietnameseDateField:
    return VietnameseDateField(label=label, required=required, limits=LIMITS)


def _text(label: Any, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


class MemberField(forms.IntegerField):
    """A member chosen by id among `members` (those the user may record movements for); an id outside them is
    refused and kept in `out_of_scope_id` for the view to log."""

    widget = forms.Select

    def __init__(self, *, members: QuerySet[Member], chosen: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members = members
        self.out_of_scope_id: int | None = None
        listed = list(members.select_related("organization").order_by("organization__path", "sort_key")[:OFFER_LIMIT])
        # The member the page was opened for (from their record) is offered even beyond the first OFFER_LIMIT.
        if str(chosen or "").isdigit() and all(m.pk != int(chosen) for m in listed):
            listed[:0] = members.select_related("organization").filter(pk=int(chosen))
        self.widget.choices = [("", _("— chọn đảng viên —")), *[
            (m.pk, f"{m.full_name} — {m.organization.name}") for m in listed]]  # fmt: skip

    def clean(self, value: Any) -> Member | None:
        pk = super().clean(value)
        if pk is None:
            return None
        member = self.members.filter(pk=pk).select_related("organization").first()
        if member is None:
            self.out_of_scope_id = pk
            raise forms.ValidationError(_("Không tìm thấy đảng viên này trong phạm vi của bạn."), code="out_of_scope")
        return member


class StandingForm(VietnameseForm):
    """A new record: `members` are those the user manages, `cells` the host cells offered."""

    def __init__(self, *args: Any, members: QuerySet[Member], cells: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "member" in self.fields:
            chosen = self.data.get("member") if self.is_bound else self.initial.get("member")
            self.fields["member"] = MemberField(label=_("Đảng viên"), members=members, chosen=chosen)
        if "to_organization" in self.fields:
            required = self.fields["to_organization"].required
            self.fields["to_organization"] = OrganizationField(
                label=self.fields["to_organization"].label, organizations=cells, empty_label="—", required=required
            )

    def out_of_scope_ids(self) -> list[tuple[str, int]]:
        """What was posted outside the user's scope: ("member" | "organization", id)."""
        found = []
        for name, what in (("member", "member"), ("to_organization", "organization")):
            field = self.fields.get(name)
            pk = getattr(field, "out_of_scope_id", None)
            if pk is not None:
                found.append((what, pk))
        return found


class TemporaryOutForm(StandingForm):
    member = forms.IntegerField()
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=TemporaryPurpose.choices)
    start = _date(_("Từ ngày"))
    planned_end = _date(_("Đến ngày (dự kiến)"))
    to_organization = forms.IntegerField(label=_("Chi bộ nơi đến (trong Đảng bộ)"), required=False)
    external_organization = _text(_("hoặc tên tổ chức đảng nơi đến (ngoài Đảng bộ)"), 255)
    decision_number = _text(_("Số giấy giới thiệu, quyết định"), 80)
    reason = _text(_("Lý do"), 500)


class TemporaryInForm(StandingForm):
    person_name = _text(_("Họ và tên đảng viên"), 200, required=True)
    external_organization = _text(_("Tổ chức đảng nơi đi"), 255, required=True)
    to_organization = forms.IntegerField(label=_("Chi bộ tiếp nhận"))
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=TemporaryPurpose.choices)
    start = _date(_("Từ ngày"))
    planned_end = _date(_("Đến ngày (dự kiến)"))
    reason = _text(_("Lý do"), 500)


class ExemptionForm(StandingForm):
    member = forms.IntegerField()
    applied_on = _date(_("Ngày làm đơn"))
    decision_number = _text(_("Số quyết định (nghị quyết) của chi bộ"), 80, required=True)
    decision_date = _date(_("Ngày chi bộ quyết định"))
    informed_on = _date(_("Ngày báo cáo cấp ủy cấp trên"), required=False)
    reason = _text(_("Lý do (tuổi cao, sức khỏe yếu…)"), 500)


class AbroadForm(StandingForm):
    member = forms.IntegerField()
    applied_on = _date(_("Ngày làm đơn"))
    country = _text(_("Nước đến"), 120, required=True)
    planned_start = _date(_("Ngày dự kiến xuất cảnh"))
    planned_end = _date(_("Ngày dự kiến về nước"), required=False)
    reason = _text(_("Mục đích, lý do"), 500)


class SuspensionForm(StandingForm):
    member = forms.IntegerField()
    decision_number = _text(_("Số quyết định đình chỉ"), 80, required=True)
    decision_date = _date(_("Ngày quyết định"))
    start = _date(_("Đình chỉ từ ngày"))
    planned_end = _date(_("Đến ngày"))
    reason = _text(_("Lý do"), 500)
    legal_proceedings = forms.BooleanField(
        label=_("Đình chỉ do bị truy tố, tạm giam (thời hạn theo quy định của pháp luật)"), required=False
    )


class DayForm(VietnameseForm):
    on = _date(_("Ngày"))


class DecisionForm(VietnameseForm):
    decision_number = _text(_("Số quyết định"), 80, required=True)
    decision_date = _date(_("Ngày quyết định"))


class EarlyEndForm(DecisionForm):
    on = _date(_("Chấm dứt từ ngày"))


class ExtensionForm(DecisionForm):
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=366)
    reason = _text(_("Lý do gia hạn"), 500)


class ApprovalForm(VietnameseForm):
    on = _date(_("Ngày cấp ủy cơ sở đồng ý"))
    decision_number = _text(_("Số văn bản đồng ý"), 80)
