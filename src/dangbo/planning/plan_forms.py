"""The forms of the plans' pages: a plan, a task, a progress report. Dates are dd/mm/yyyy; an organization outside
the scope is refused by `OrganizationField` (the view logs it); the rules themselves are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.models import Organization

from .plan_enums import Board, DeadlineKind, OwnerKind, Stage, TaskState

DAYS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=10)
PAST = DateLimits(earliest=PARTY_FOUNDED, years_ahead=0)
YEAR_MIN, YEAR_MAX = 1930, 2100


class PlanForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document_number = forms.CharField(label=_("Số ký hiệu"), max_length=60)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), limits=PAST)
    year_from = forms.IntegerField(label=_("Thực hiện từ năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    implements = forms.CharField(label=_("Thực hiện văn bản"), max_length=255, required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:  # a new plan: who issues it
            self.fields["issuer"] = OrganizationField(
                label=_("Cấp ủy ban hành"), organizations=organizations,
                offer=organizations.filter(dissolved_on__isnull=True, kind__in=["upper", "grassroots_committee"]),
            )  # fmt: skip
            self.order_fields(["issuer", "document_number", "title", "issued_on"])


class TaskForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(label=_("Số thứ tự"), max_length=20, help_text=_("Ví dụ: III.2 hoặc IV.1.3"))
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    owner_kind = forms.ChoiceField(label=_("Chủ trì"), choices=[("", "—"), *OwnerKind.choices], required=False)
    board = forms.ChoiceField(label=_("Ban chủ trì"), choices=[("", "—"), *Board.choices], required=False)
    owner_text = forms.CharField(label=_("Chủ trì theo văn bản"), max_length=255, required=False)
    coordinating_boards = forms.MultipleChoiceField(
        label=_("Các ban phối hợp"), choices=Board.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline_kind = forms.ChoiceField(label=_("Thời hạn"), choices=DeadlineKind.choices)
    due_on = VietnameseDateField(label=_("Hạn hoàn thành"), limits=DAYS, required=False)
    due_day = forms.IntegerField(label=_("Hằng năm: ngày"), min_value=1, max_value=31, required=False)
    due_month = forms.IntegerField(label=_("Hằng năm: tháng"), min_value=1, max_value=12, required=False)
    deadline_text = forms.CharField(label=_("Thời hạn theo văn bản"), max_length=255, required=False)
    expected_result = forms.CharField(
        label=_("Kết quả cần đạt"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    state = forms.ChoiceField(label=_("Trạng thái"), choices=TaskState.choices, required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer = units.filter(dissolved_on__isnull=True)
        self.fields["unit"] = OrganizationField(
            label=_("Đơn vị chủ trì"), organizations=units, offer=offer, empty_label="—", required=False
        )
        self.fields["coordinating_units"] = forms.ModelMultipleChoiceField(
            label=_("Các đơn vị phối hợp"), queryset=offer.order_by("path"), required=False,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        )  # fmt: skip
        self.order_fields(["number", "title", "owner_kind", "board", "unit", "owner_text", "coordinating_boards",
                           "coordinating_units", "deadline_kind", "due_on", "due_day", "due_month", "deadline_text",
                           "expected_result", "state"])  # fmt: skip


class ProgressForm(VietnameseForm):
    reported_on = VietnameseDateField(label=_("Ngày báo cáo"), limits=PAST)
    stage = forms.ChoiceField(label=_("Tình hình"), choices=Stage.choices)
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), required=False)
    result = forms.CharField(label=_("Kết quả thực hiện"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Tệp kèm theo (PDF, Word, ảnh)"), required=False)

    def __init__(
        self, *args: Any, years: list[int] | None = None, units: list[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"] = forms.TypedChoiceField(
                label=_("Năm"), choices=[(y, str(y)) for y in years], coerce=int, initial=years[-1]
            )
        if units and len(units) > 1:
            self.fields["organization"] = forms.TypedChoiceField(
                label=_("Báo cáo cho đơn vị"), choices=[(u.pk, u.name) for u in units], coerce=int
            )
