"""Forms of the discipline pages: the list's filters, recording a decision, recording and settling an appeal.
Forms only parse input (dates dd/mm/yyyy); the rules live in `services` and `checks`, whose Vietnamese refusals
the views put back beside the fields.

The member disciplined is chosen with a search-as-you-type picker (a bloc has tens of thousands of members): the
typed text (`dang_vien_tim`) lists the matching members of the user's scope as radio buttons named `dang_vien`
(htmx, `discipline:member_picker`; without JavaScript the form does the same on submit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import ADMISSION_LIMITS
from dangbo.core.forms import VietnameseDateField
from dangbo.members.enums import ON_ROLLS
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.members.models import Member
from dangbo.members.selectors import search_members
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import AppealResult, DisciplineForm, DisciplineState, ViolationKind

YEAR_MIN, YEAR_MAX = 1930, 2100
PICKER_LIMIT = 20
SUBJECT_CHOICES = [("member", _("Đảng viên")), ("organization", _("Tổ chức đảng"))]


def _date(label: Any, *, required: bool = True) -> VietnameseDateField:
    return VietnameseDateField(label=label, required=required, limits=ADMISSION_LIMITS)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip


def offered_units(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True)


class DisciplineFilterForm(VietnameseForm):
    """The list's filters (GET): unit in scope, year of decision, form, state on a day, the subject's name."""

    q = forms.CharField(label=_("Tên đảng viên, tổ chức"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))  # fmt: skip
    nam = forms.IntegerField(label=_("Năm quyết định"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    hinh_thuc = forms.ChoiceField(label=_("Hình thức"), required=False,
                                  choices=[("", _("Tất cả")), *DisciplineForm.choices])  # fmt: skip
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả")), *DisciplineState.choices])  # fmt: skip
    ngay = _date(_("Tình trạng tính đến ngày"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, offer=offered_units(organizations),
            empty_label=str(_("Tất cả")),
        )  # fmt: skip
        self.order_fields(["to_chuc", "nam", "hinh_thuc", "tinh_trang", "q", "ngay"])


class DisciplineRecordForm(VietnameseForm):
    """A new decision. `members`: those the user may discipline; `subjects`: the organizations they may; `deciders`:
    the organizations offered as the deciding level."""

    doi_tuong = forms.ChoiceField(label=_("Đối tượng"), choices=SUBJECT_CHOICES, widget=forms.RadioSelect,
                                  initial="member")  # fmt: skip
    dang_vien_tim = forms.CharField(label=_("Đảng viên bị kỷ luật"), required=False, max_length=100)
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    violation_kind = forms.ChoiceField(label=_("Loại vi phạm (thời hiệu)"), choices=ViolationKind.choices,
                                       initial=ViolationKind.ORDINARY)  # fmt: skip
    violation_date = _date(_("Ngày vi phạm"))
    concluded_on = _date(_("Ngày kết luận vi phạm (để trống: ngày quyết định)"), required=False)
    decision_date = _date(_("Ngày quyết định"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80)
    votes_for = _count(_("Số phiếu tán thành"))
    voters_entitled = _count(_("Số thành viên có quyền biểu quyết"))
    paper_record = forms.BooleanField(label=_("Ghi lại từ hồ sơ giấy, không có số phiếu (ghi rõ nguồn ở ghi chú)"),
                                      required=False)  # fmt: skip
    received_on = _date(_("Ngày đối tượng nhận quyết định"), required=False)
    state_notified_on = _date(_("Ngày thông báo cho cơ quan nhà nước, đoàn thể"), required=False)
    self_remedied = forms.BooleanField(label=_("Tập thể tự phát hiện, khắc phục (tổ chức đảng)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Member],
        subjects: QuerySet[Organization],
        deciders: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["dang_vien"] = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                                      max_value=2**63 - 1)  # fmt: skip
        self.fields["organization"] = OrganizationField(label=_("Tổ chức đảng bị kỷ luật"), required=False,
                                                        organizations=subjects, empty_label="—")  # fmt: skip
        self.fields["deciding_organization"] = OrganizationField(label=_("Cấp ra quyết định"), organizations=deciders)
        self.order_fields(["doi_tuong", "dang_vien_tim", "organization", "form", "deciding_organization",
                           "violation_kind", "violation_date", "concluded_on", "decision_date", "decision_number",
                           "votes_for", "voters_entitled", "paper_record", "received_on", "state_notified_on",
                           "self_remedied", "note"])  # fmt: skip
        self.picks: list[Member] = []
        self.chosen_id: int | None = None
        self.out_of_scope_member: int | None = None

    @property
    def picker_text(self) -> str:
        return str(self.data.get("dang_vien_tim", "")) if self.is_bound else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("doi_tuong") == "organization":
            if data.get("organization") is None and "organization" not in self.errors:
                self.add_error("organization", _("Hãy chọn tổ chức đảng bị kỷ luật."))
            data["member"] = None
            return data
        data["organization"] = None
        data["member"] = self._member(data)
        return data

    def _member(self, data: dict[str, Any]) -> Member | None:
        chosen = data.get("dang_vien")
        if chosen is not None:
            member = self.members.filter(pk=chosen).select_related("organization").first()
            if member is None:
                self.out_of_scope_member = chosen
                self.add_error("dang_vien_tim", _("Không tìm thấy đảng viên này trong phạm vi của bạn."))
                return None
            self.picks, self.chosen_id = [member], member.pk
            return member
        text = (data.get("dang_vien_tim") or "").strip()
        if not text:
            self.add_error("dang_vien_tim", _("Hãy chọn đảng viên bị kỷ luật."))
            return None
        matches = member_matches(self.members, text)
        if len(matches) == 1:
            self.picks, self.chosen_id = matches, matches[0].pk
            return matches[0]
        self.picks = matches[:PICKER_LIMIT]
        message = (
            _("Có nhiều đảng viên khớp với “%(text)s”: hãy chọn một.")
            if matches
            else _("Không có đảng viên nào khớp với “%(text)s” trong phạm vi của bạn.")
        )
        self.add_error("dang_vien_tim", message % {"text": text})
        return None


def member_matches(members: QuerySet[Member], text: str) -> list[Member]:
    """The members (of the scope) whose name, card or citizen id starts with what was typed, at most the picker's
    limit and one more (to say there are more)."""
    found = search_members(members, text).filter(status__in=sorted(ON_ROLLS))
    return list(found.select_related("organization__parent").order_by("sort_key", "pk")[: PICKER_LIMIT + 1])


class AppealForm(VietnameseForm):
    filed_on = _date(_("Ngày khiếu nại"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SettleAppealForm(VietnameseForm):
    result = forms.ChoiceField(label=_("Kết quả giải quyết"), choices=AppealResult.choices, widget=forms.RadioSelect)
    new_form = forms.ChoiceField(label=_("Hình thức mới (khi thay đổi)"), required=False,
                                 choices=[("", "—"), *DisciplineForm.choices])  # fmt: skip
    decided_on = _date(_("Ngày giải quyết"))
    decision_number = forms.CharField(label=_("Số quyết định giải quyết khiếu nại"), max_length=80)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportFilterForm(VietnameseForm):
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False, limits=ADMISSION_LIMITS)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(label=_("Đơn vị"), required=False, organizations=organizations,
                                                   offer=offered_units(organizations))  # fmt: skip
        self.order_fields(["to_chuc", "nam", "ngay"])
