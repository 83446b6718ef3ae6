"""Forms of the Excel import: the upload and the confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Hãy chọn tệp Excel để tải lên."), "empty": _("Tệp tải lên rỗng.")},
    )


class ImportConfirmForm(forms.Form):
    only_valid = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ"), required=False)
