"""The forms of questions and proposals: asking (to an organization of the member's line), answering, closing, and
the inbox's filter. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.members.forms import VietnameseForm
from dangbo.organizations.models import Organization

from .attachments import max_bytes
from .enums import QuestionKind, QuestionState
from .services import ANSWER_MAX, BODY_MAX, SUBJECT_MAX


class AddresseeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.qualified_name)


class AskForm(VietnameseForm):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=QuestionKind.choices, initial=QuestionKind.QUESTION, widget=forms.RadioSelect
    )
    addressee = AddresseeField(label=_("Gửi đến"), queryset=Organization.objects.none(), empty_label=None)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=SUBJECT_MAX + 50, strip=False)
    body = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), required=False, strip=False,
        max_length=BODY_MAX * 2,
        help_text=_("Tối đa %(n)s ký tự.") % {"n": BODY_MAX},
    )  # fmt: skip
    attachment = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"), required=False,
    )  # fmt: skip

    def __init__(self, *args: Any, addressees: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        assert isinstance(field, AddresseeField)
        field.queryset = addressees
        self.fields["subject"].required = False
        self.fields["attachment"].help_text = _("PDF, ảnh JPEG, PNG hoặc Word; tối đa %(n)s MB.") % {
            "n": max_bytes() // (1024 * 1024)
        }


class AnswerForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 6}), required=False, strip=False,
        max_length=ANSWER_MAX * 2,
    )  # fmt: skip


class CloseForm(VietnameseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InboxFilterForm(VietnameseForm):
    state = forms.ChoiceField(
        label=_("Tình trạng"), required=False,
        choices=[("", _("Tất cả")), ("overdue", _("Quá hạn trả lời")), *QuestionState.choices],
    )  # fmt: skip
