"""Forms of the party-tree pages: as-of date, restructuring operations, committees and oversight."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.models import Member
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, CommitteePosition, OrgKind, OrgType
from dangbo.organizations.models import Organization

from .restructuring import Decision


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return VietnameseDateField(label=label, required=required)


class OrgChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, indented by depth, with their code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.organization.name})"


class AsOfForm(forms.Form):
    ngay = date_field(_("Xem theo ngày"), required=False)


class RestructuringForm(forms.Form):
    """Fields every operation has: the effective date and the decision."""

    effective_date = date_field(_("Ngày hiệu lực"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # Fields naming other organizations: the view checks each submitted id against the user's scope.
    org_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, org: Organization, choices: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.choices = choices
        for name in self.org_fields:
            self.fields[name].queryset = self._choices_for(name)  # type: ignore[attr-defined]

    def _choices_for(self, name: str) -> QuerySet[Organization]:
        return self.choices.exclude(pk=self.org.pk)

    def decision_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("effective_date", "decision_number", "decision_date", "note")]

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(number=d.get("decision_number") or "", date=d.get("decision_date"), note=d.get("note") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decided, effective = cleaned.get("decision_date"), cleaned.get("effective_date")
        if decided and effective and decided > effective:
            self.add_error("decision_date", _("Ngày quyết định không được sau ngày hiệu lực."))
        return cleaned


class RenameForm(RestructuringForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)


class ReparentForm(RestructuringForm):
    new_parent = OrgChoiceField(label=_("Chuyển giao về tổ chức"), queryset=Organization.objects.none())
    org_fields = ("new_parent",)


def _cells(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    return qs.filter(kind__in=MEMBER_HOLDING_KINDS)


class MergeForm(RestructuringForm):
    others = OrgMultipleChoiceField(label=_("Hợp nhất cùng các tổ chức"), queryset=Organization.objects.none())
    code = forms.CharField(label=_("Mã tổ chức mới"), max_length=40)
    name = forms.CharField(label=_("Tên tổ chức mới"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrgKind.choices)
    org_type = forms.ChoiceField(label=_("Loại hình"), choices=OrgType.choices)
    parent = OrgChoiceField(label=_("Trực thuộc"), queryset=Organization.objects.none(), required=False)
    members_to = OrgChoiceField(
        label=_("Chi bộ tiếp nhận đảng viên (khi tổ chức mới không phải chi bộ)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    org_fields = ("others", "parent", "members_to")

    def _choices_for(self, name: str) -> QuerySet[Organization]:
        if name == "others":
            # the organization itself stays selectable so that the service can explain why it is refused
            return self.choices
        qs = super()._choices_for(name)
        return _cells(qs) if name == "members_to" else qs


class AbsorbForm(RestructuringForm):
    into = OrgChoiceField(label=_("Sáp nhập vào tổ chức"), queryset=Organization.objects.none())
    members_to = OrgChoiceField(
        label=_("Chi bộ tiếp nhận đảng viên (khi tổ chức tiếp nhận không phải chi bộ)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    org_fields = ("into", "members_to")

    def _choices_for(self, name: str) -> QuerySet[Organization]:
        qs = super()._choices_for(name)
        return _cells(qs) if name == "members_to" else qs


class DissolveForm(RestructuringForm):
    members_to = OrgChoiceField(
        label=_("Chi bộ tiếp nhận đảng viên"), queryset=Organization.objects.none(), required=False
    )
    children_to = OrgChoiceField(
        label=_("Tổ chức tiếp nhận các tổ chức trực thuộc"), queryset=Organization.objects.none(), required=False
    )
    org_fields = ("members_to", "children_to")

    def _choices_for(self, name: str) -> QuerySet[Organization]:
        qs = super()._choices_for(name)
        return _cells(qs) if name == "members_to" else qs


MAX_SPLIT_PARTS = 6


class SplitForm(RestructuringForm):
    """Parts as numbered field groups; each child and member of the source gets a "which part" choice."""

    def __init__(
        self,
        *args: Any,
        parts: int,
        children: list[Organization],
        members: list[Member],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.part_count = max(2, min(parts, MAX_SPLIT_PARTS))
        part_choices = [("", "—")] + [
            (str(i), str(_("Tổ chức mới %(n)s") % {"n": i})) for i in range(1, self.part_count + 1)
        ]
        for i in range(1, self.part_count + 1):
            self.fields[f"part_{i}_code"] = forms.CharField(label=_("Mã"), max_length=40)
            self.fields[f"part_{i}_name"] = forms.CharField(label=_("Tên"), max_length=255)
            self.fields[f"part_{i}_kind"] = forms.ChoiceField(
                label=_("Loại tổ chức"), choices=OrgKind.choices, initial=self.org.kind
            )
        self.children = children
        self.members = members
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=part_choices)
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(label=member.full_name, choices=part_choices)

    def part_groups(self) -> list[list[forms.BoundField]]:
        return [[self[f"part_{i}_{f}"] for f in ("code", "name", "kind")] for i in range(1, self.part_count + 1)]

    def child_fields(self) -> list[forms.BoundField]:
        return [self[f"child_{c.pk}"] for c in self.children]

    def member_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{m.pk}"] for m in self.members]

    def parts(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        out = []
        for i in range(1, self.part_count + 1):
            out.append(
                {
                    "code": d[f"part_{i}_code"],
                    "name": d[f"part_{i}_name"],
                    "kind": d[f"part_{i}_kind"],
                    "child_ids": [c.pk for c in self.children if d.get(f"child_{c.pk}") == str(i)],
                    "member_ids": [m.pk for m in self.members if d.get(f"member_{m.pk}") == str(i)],
                }
            )
        return out


class CommitteeForm(forms.Form):
    term_label = forms.CharField(label=_("Nhiệm kỳ"), max_length=40, help_text=_("Ví dụ: 2025–2030"))
    term_start = date_field(_("Bắt đầu nhiệm kỳ"))
    term_end = date_field(_("Kết thúc nhiệm kỳ"), required=False)
    secretary_is_head = forms.BooleanField(label=_("Bí thư đồng thời là thủ trưởng cơ quan, đơn vị"), required=False)


class CommitteeEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    term_label = forms.CharField(label=_("Nhiệm kỳ"), max_length=40)
    term_end = date_field(_("Kết thúc nhiệm kỳ"), required=False)
    secretary_is_head = forms.BooleanField(label=_("Bí thư đồng thời là thủ trưởng cơ quan, đơn vị"), required=False)


class SeatForm(forms.Form):
    member = MemberChoiceField(label=_("Đảng viên"), queryset=Member.objects.none())
    position = forms.ChoiceField(label=_("Chức vụ"), choices=CommitteePosition.choices)
    start = date_field(_("Từ ngày"))

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class EndForm(forms.Form):
    end = date_field(_("Đến ngày"))


class TermEndForm(forms.Form):
    """Ending a committee's term asks for an explicit confirmation: without the box ticked nothing changes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    end = date_field(_("Ngày kết thúc nhiệm kỳ"))
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận kết thúc nhiệm kỳ và các chức vụ cấp ủy nêu trên"),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận để kết thúc nhiệm kỳ.")},
    )


class OversightForm(forms.Form):
    member = MemberChoiceField(label=_("Cấp ủy viên cấp trên"), queryset=Member.objects.none())
    start = date_field(_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


def today_initial(day: dt.date) -> dict[str, str]:
    return {"start": day.strftime("%d/%m/%Y")}
