"""Forms of the task pages: the list's filters, giving a task to members picked with check boxes, editing it,
progress, the year-end result and removal. Forms only parse input: the task's rules are in `services`, whose
Vietnamese refusals the views put back beside the fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import TaskKind, TaskResult

# Above this many organizations in scope the unit filter lists no cells under a grassroots organization (as the
# admission list does); a cell chosen by a link is still listed.
OFFER_LIMIT = 300
YEAR_MIN, YEAR_MAX = 2000, 2100


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs,
    )  # fmt: skip


class TaskFilterForm(VietnameseForm):
    """The list's filters (GET): the unit in scope, the year, "members without a task" only."""

    nam = _year_field(required=False)
    chua_giao = forms.BooleanField(label=_("Chỉ đảng viên chưa được giao nhiệm vụ"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, offer=self._offer(organizations),
        )  # fmt: skip
        self.order_fields(["to_chuc", "nam", "chua_giao"])

    def _offer(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        offer = organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True)
        if offer.count() <= OFFER_LIMIT:
            return offer
        chosen = str(self.data.get("to_chuc") or "")
        keep_chosen = Q(pk=int(chosen)) if chosen.isdigit() and len(chosen) < 12 else Q(pk__in=[])
        return offer.filter(~Q(kind=OrgKind.CELL) | keep_chosen)


class MemberChoiceField(forms.TypedMultipleChoiceField):
    """Members ticked by id. Any id is accepted here: the view refuses one outside the scope (404, logged) and the
    service explains in Vietnamese why it refuses one in scope (left the cell, exempt...)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit() and len(str(value)) < 12


def member_label(member: Member) -> str:
    return f"{member.full_name} — {member.get_status_display()}"


class TaskFieldsForm(VietnameseForm):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))  # fmt: skip
    details = forms.CharField(label=_("Nội dung, yêu cầu"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), choices=TaskKind.choices)
    assigned_on = VietnameseDateField(label=_("Ngày giao"))
    deadline = VietnameseDateField(label=_("Thời hạn"))


class AssignForm(TaskFieldsForm):
    """The same task for one or several members of a cell (picked with check boxes, all or nothing)."""

    members = MemberChoiceField(
        label=_("Giao cho đảng viên"),
        error_messages={"required": _("Hãy chọn ít nhất một đảng viên để giao nhiệm vụ.")},
    )
    year = _year_field()

    def __init__(self, *args: Any, members: list[Member], today: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assigned_on": today, "deadline": dt.date(today.year, 12, 31),
                                      "year": today.year, "kind": TaskKind.PROFESSIONAL})  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, MemberChoiceField)
        field.choices = [(m.pk, member_label(m)) for m in members]
        self.order_fields(["members", "title", "kind", "details", "year", "assigned_on", "deadline"])


class EditForm(TaskFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(VietnameseForm):
    # No bounds here: the service refuses a value outside 0–100 with its own Vietnamese message.
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"), widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100})
    )
    progress_note = forms.CharField(label=_("Ghi chú tiến độ"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResultForm(VietnameseForm):
    result = forms.ChoiceField(label=_("Kết quả cuối năm"), choices=[("", _("— chưa có —")), *TaskResult.choices],
                               required=False)  # fmt: skip
    completed_on = VietnameseDateField(label=_("Ngày hoàn thành"), required=False)
    result_note = forms.CharField(label=_("Nhận xét"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemoveForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do xóa"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)
