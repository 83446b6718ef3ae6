"""Input of a plan's review page: the plan and the organization (chosen above the form), the kind of review, the
end year, the format, and the document's frame (`forms.DocumentFrameForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.organizations.models import Organization
from dangbo.planning.models import Plan

from .enums import ReviewKind
from .forms import DocumentFrameForm
from .review_services import FORMATS


class PlanReviewForm(DocumentFrameForm):
    field_order = ["ke_hoach", "to_chuc", "loai", "nam", "dinh_dang"]

    ke_hoach = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        label=_("Kế hoạch"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Kế hoạch được chọn không có.")},
    )
    to_chuc = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Tổ chức đảng"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Tổ chức đảng được chọn không lập được báo cáo.")},
    )
    loai = forms.ChoiceField(
        label=_("Loại báo cáo"),
        choices=ReviewKind.choices,
        error_messages={"invalid_choice": _("Hãy chọn sơ kết giữa nhiệm kỳ hoặc tổng kết.")},
    )
    nam = forms.IntegerField(
        label=_("Đến hết năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Hãy nhập năm cuối của báo cáo."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải đến %(limit_value)s trở về trước."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
        },
    )
    dinh_dang = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[(f.code, f.label) for f in FORMATS.values()],
        initial="docx",
        help_text=_("Cấp ủy sửa, bổ sung văn bản Word trước khi ban hành."),
        error_messages={"invalid_choice": _("Định dạng “%(value)s” không có; hãy chọn Word hoặc PDF.")},
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ke_hoach"].queryset = plans  # type: ignore[attr-defined]
        self.fields["to_chuc"].queryset = organizations  # type: ignore[attr-defined]
