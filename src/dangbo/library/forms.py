"""The library's forms: the list's search and filters, a document (new, edit, its replacement) and its validity.
Dates are dd/mm/yyyy; organizations are chosen among the writer's own, members by card number within the
writer's scope (another is refused in Vietnamese)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .enums import Audience, DocumentKind, Validity
from .models import PartyDocument
from .selectors import document_by_reference

PAST = DateLimits(earliest=PARTY_FOUNDED, years_ahead=0)
EXPIRY = DateLimits(earliest=PARTY_FOUNDED, years_ahead=5)
YEAR_MIN, YEAR_MAX = 1930, 2100


class FilterForm(VietnameseForm):
    q = forms.CharField(label=_("Tìm (số, ký hiệu, trích yếu, cơ quan ban hành)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại văn bản"), required=False, choices=[("", "—"), *DocumentKind.choices])
    year = forms.IntegerField(label=_("Năm ban hành"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    validity = forms.ChoiceField(label=_("Hiệu lực"), required=False, choices=[("", "—"), *Validity.choices])
    mine = forms.ChoiceField(
        label=_("Của tôi"), required=False,
        choices=[("", "—"), ("saved", _("Đã lưu")), ("unstudied", _("Chưa học tập"))],
    )  # fmt: skip

    def __init__(self, *args: Any, member: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        if not member:
            del self.fields["mine"]


class OrganizationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.qualified_name)


class DocumentForm(VietnameseForm):
    """A document: new (`issuers` given: who may issue it), edited (`document` given), or the replacement of one
    (`replacing`). `organizations` are those it may be published to, `members` those it may name."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(label=_("Số"), max_length=20, help_text=_("Ví dụ: 20"))
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, help_text=_("Ví dụ: KH/ĐUK"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), limits=PAST)
    issuer_name = forms.CharField(
        label=_("Cơ quan ban hành ngoài đảng bộ"), max_length=255, required=False,
        help_text=_("Ví dụ: Ban Chấp hành Trung ương, Tỉnh ủy Thái Bình (để trống nếu chọn đơn vị ban hành)"),
    )  # fmt: skip
    audience = forms.ChoiceField(
        label=_("Phát hành đến"), choices=Audience.choices, initial=Audience.WHOLE_TREE, widget=forms.RadioSelect
    )
    organizations = OrganizationsField(
        label=_("Các tổ chức đảng nhận"), queryset=Organization.objects.none(), required=False,
        error_messages={"invalid_choice": _("Tổ chức đảng đã chọn không thuộc phạm vi của bạn.")},
    )  # fmt: skip
    members = forms.CharField(
        label=_("Số thẻ đảng viên nhận"), required=False, max_length=2000,
        help_text=_("Các số thẻ đảng viên, cách nhau bởi dấu phẩy hoặc khoảng trắng"),
    )  # fmt: skip
    file = forms.FileField(
        label=_("Tệp văn bản (PDF, Word, Excel)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.xlsx"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], member_scope: Q,
        issuers: QuerySet[Organization] | None = None, document: PartyDocument | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.member_scope = member_scope
        field = self.fields["organizations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organizations.filter(dissolved_on__isnull=True).select_related("parent").order_by("path")
        if issuers is not None:
            self.fields["issuer"] = OrganizationField(
                label=_("Đơn vị ban hành"), required=False, organizations=issuers, empty_label="—"
            )
            self.order_fields(["number", "symbol", "kind", "title", "issued_on", "issuer", "issuer_name"])
        elif document is not None and document.issuer_id is not None:
            del self.fields["issuer_name"]

    def clean_members(self) -> list[Member]:
        cards = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("members") or "") if c]
        if not cards:
            return []
        found = {m.card_number: m for m in Member.objects.filter(self.member_scope, card_number__in=cards)}
        missing = [c for c in cards if c not in found]
        if missing:
            raise forms.ValidationError(
                _("Không tìm thấy đảng viên có số thẻ %(cards)s trong phạm vi của bạn.") % {"cards": ", ".join(missing)}
            )
        return list(found.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "issuer" in self.fields and not data.get("issuer") and not (data.get("issuer_name") or "").strip():
            self.add_error("issuer", _("Chọn đơn vị ban hành hoặc nhập tên cơ quan ban hành ngoài đảng bộ."))
        return data


class ValidityForm(VietnameseForm):
    """The validity and, for "amended" or "replaced", the document that did it, named by its number, symbol and year
    as it is cited (a library may hold thousands: no list to scroll)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    validity = forms.ChoiceField(label=_("Hiệu lực"), choices=Validity.choices, widget=forms.RadioSelect)
    other = forms.CharField(
        label=_("Văn bản sửa đổi, bổ sung hoặc thay thế: số, ký hiệu"), max_length=64, required=False,
        help_text=_("Ví dụ 09-HD/ĐUK"),
    )  # fmt: skip
    other_year = forms.IntegerField(
        label=_("Năm ban hành của văn bản đó"), min_value=PARTY_FOUNDED.year, max_value=2100, required=False
    )
    expired_on = VietnameseDateField(label=_("Hết hiệu lực từ ngày"), limits=EXPIRY, required=False)

    def __init__(self, *args: Any, documents: QuerySet[PartyDocument], document: PartyDocument, **kwargs: Any) -> None:
        other = document.replaced_by or document.amended_by
        if other is not None:
            kwargs.setdefault("initial", {}).update(other=other.reference, other_year=other.year)
        super().__init__(*args, **kwargs)
        self.documents = documents
        self.document = document

    def clean(self) -> dict[str, Any]:
        """`other` becomes the document found in the reader's library (None when left empty)."""
        data = super().clean() or {}
        text = (data.get("other") or "").strip()
        data["other"] = None
        if not text:
            return data
        number, dash, symbol = text.partition("-")
        year = data.get("other_year")
        if not dash or not number.strip() or not symbol.strip():
            self.add_error("other", _("Nhập số và ký hiệu của văn bản như khi trích dẫn, ví dụ 09-HD/ĐUK."))
        elif year is None:
            self.add_error("other_year", _("Nhập năm ban hành của văn bản %(r)s.") % {"r": text})
        else:
            found = document_by_reference(number, symbol, year, issuer=self.document.issuer, among=self.documents)
            if found is None:
                self.add_error("other", _("Không tìm thấy văn bản %(r)s năm %(y)s trong thư viện của bạn.")
                               % {"r": text, "y": year})  # fmt: skip
            data["other"] = found
        return data
