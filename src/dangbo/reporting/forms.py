"""Input of the report pages: the document's frame (shared), and for the year report which organization and
year and the format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.members.forms import VietnameseDateField
from dangbo.organizations.models import Organization

from .services import FORMATS, DocumentParams


class DocumentFrameForm(forms.Form):
    """The parts of the party document frame the user types: shared by the year report and a plan's review."""

    cap_tren = forms.CharField(label=_("Tổ chức đảng cấp trên"), max_length=255, required=False,
                               help_text=_("In trên tên cấp ủy ban hành; để trống nếu không có."))  # fmt: skip
    so = forms.CharField(label=_("Số"), max_length=10, required=False,
                         help_text=_("Để trống nếu văn phòng sẽ ghi số khi ban hành."))  # fmt: skip
    ky_hieu = forms.CharField(label=_("Ký hiệu"), max_length=30)
    noi_ban_hanh = forms.CharField(label=_("Địa danh"), max_length=60)
    ngay = VietnameseDateField(label=_("Ngày ban hành"))
    thay_mat = forms.CharField(label=_("Thẩm quyền ký"), max_length=60)
    chuc_vu = forms.CharField(label=_("Chức vụ người ký"), max_length=60)
    nguoi_ky = forms.CharField(label=_("Họ và tên người ký"), max_length=80, required=False)
    noi_nhan = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), widget=forms.Textarea(attrs={"rows": 4}),
                               required=False)  # fmt: skip

    def document_params(self) -> DocumentParams:
        data = self.cleaned_data
        recipients = tuple(line.strip() for line in data["noi_nhan"].splitlines() if line.strip())
        return DocumentParams(
            number=data["so"].strip(), symbol=data["ky_hieu"].strip(), place=data["noi_ban_hanh"].strip(),
            day=data["ngay"], on_behalf=data["thay_mat"].strip(), signer_title=data["chuc_vu"].strip(),
            signer_name=data["nguoi_ky"].strip(), recipients=recipients, superior=data["cap_tren"].strip(),
        )  # fmt: skip


class YearReportForm(DocumentFrameForm):
    field_order = ["to_chuc", "nam", "dinh_dang"]

    to_chuc = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Tổ chức đảng"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Tổ chức đảng được chọn không lập được báo cáo.")},
    )
    nam = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Hãy nhập năm của báo cáo."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải đến %(limit_value)s trở về trước."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
        },
    )
    dinh_dang = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[(f.code, f.label) for f in FORMATS.values()],
        initial="pdf",
        error_messages={"invalid_choice": _("Định dạng “%(value)s” không có; hãy chọn PDF, Word hoặc Excel.")},
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = organizations  # type: ignore[attr-defined]
