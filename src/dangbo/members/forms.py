"""Forms of the member pages: list filters, the member sheet, status change and move to another cell.

Forms only parse input; the rules (dates, uniqueness, cells) live in the services, whose
`DomainError` the views put back on the form. Dates are typed dd/mm/yyyy.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import ADMISSION_LIMITS, BIRTH_DATE_LIMITS, DEFAULT_LIMITS
from dangbo.core.forms import VietnameseDateField
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import matching_organizations

from .enums import Gender, MemberStatus, TheoryLevel
from .models import Member, PersonSheet
from .selectors import AGE_BANDS, SENIORITY_BANDS, STATUS_ANY, STATUS_ON_ROLLS, MemberFilters
from .services import SHEET_FIELDS


class VietnameseForm(forms.Form):
    """Labels without the trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _org_label(org: Organization, top_depth: int) -> str:
    return "— " * max(org.depth - top_depth, 0) + org.qualified_name


# How many organizations the filter's picker lists for what was typed.
PICKER_LIMIT = 20


class OrganizationField(forms.IntegerField):
    """An organization chosen by id among `organizations` (the user's scope).

    An id outside the scope gets a Vietnamese message, and `out_of_scope_id` records it so the view
    can log the attempt. `offer` narrows what the select lists (cells, say) while any organization of
    `organizations` is still accepted, so the service can explain in Vietnamese why it refuses one.
    """

    widget = forms.Select

    def __init__(
        self,
        *,
        organizations: QuerySet[Organization],
        offer: QuerySet[Organization] | None = None,
        empty_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.organizations = organizations
        self.out_of_scope_id: int | None = None
        if not isinstance(self.widget, forms.Select):
            return  # chosen with a search-as-you-type picker: nothing to list
        offered = organizations if offer is None else offer
        listed = list(
            offered.select_related("parent")
            .order_by("path")
            .only("pk", "name", "depth", "path", "kind", "parent_id", "parent__name")
        )
        top = min((o.depth for o in listed), default=0)
        choices: list[tuple[Any, str]] = [("", empty_label or "—")] if empty_label is not None else []
        choices += [(o.pk, _org_label(o, top)) for o in listed]
        self.widget.choices = choices

    def clean(self, value: Any) -> Organization | None:
        pk = super().clean(value)
        if pk is None:
            return None
        org = self.organizations.filter(pk=pk).first()
        if org is None:
            self.out_of_scope_id = pk
            raise forms.ValidationError(_("Không tìm thấy tổ chức này trong phạm vi của bạn."), code="out_of_scope")
        return org


def pick_organization(
    form: forms.Form, field: str, pickable: QuerySet[Organization], text: str, *, nothing: Any = None
) -> tuple[Organization | None, list[Organization]]:
    """What a search-as-you-type picker's text names among `pickable`: the one match, else the matches to choose
    from (several: an error on `field` asking to choose; none: the error `nothing`)."""
    matches = matching_organizations(pickable, text, limit=PICKER_LIMIT + 1)
    if len(matches) == 1:
        return matches[0], []
    if matches:
        form.add_error(field, _("Có nhiều tổ chức khớp với “%(text)s”: hãy chọn một.") % {"text": text})
    else:
        nothing = nothing or _("Không có tổ chức nào khớp với “%(text)s” trong phạm vi của bạn.")
        form.add_error(field, nothing % {"text": text})
    return None, matches[:PICKER_LIMIT]


def _active_cells(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)


def _choices(pairs: Any, first: str) -> list[tuple[str, str]]:
    return [("", first), *[(str(k), str(v)) for k, v in pairs]]


class MemberFilterForm(VietnameseForm):
    """Filters of the member list (GET). Every field is optional; an empty form lists members on the rolls."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Họ tên, số thẻ hoặc số CCCD"), "autocomplete": "off"}
        ),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False)
    age_band = forms.ChoiceField(label=_("Độ tuổi"), required=False)
    seniority_band = forms.ChoiceField(label=_("Tuổi đảng"), required=False)
    theory_level = forms.ChoiceField(label=_("Lý luận chính trị"), required=False)
    to_chuc_tim = forms.CharField(label=_("Tổ chức đảng"), required=False, max_length=100)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = str(_("Tất cả"))
        choices: dict[str, list[tuple[str, str]]] = {
            "status": [
                (STATUS_ON_ROLLS, str(_("Đảng viên hiện có"))),
                (STATUS_ANY, everyone),
                *[(v, str(label)) for v, label in MemberStatus.choices],
            ],
            "gender": _choices(Gender.choices, everyone),
            "age_band": _choices(((k, str(v[0])) for k, v in AGE_BANDS.items()), everyone),
            "seniority_band": _choices(((k, str(v[0])) for k, v in SENIORITY_BANDS.items()), everyone),
            "theory_level": _choices(TheoryLevel.choices, everyone),
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        self.pickable = organizations.exclude(kind=OrgKind.PARTY_GROUP)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Tổ chức đảng"), required=False, organizations=organizations, widget=forms.HiddenInput
        )
        self.picker_matches: list[Organization] = []
        self.order_fields(
            ["q", "to_chuc_tim", "to_chuc", "status", "gender", "age_band", "seniority_band", "theory_level"]
        )

    def clean(self) -> dict[str, Any]:
        """The organization picker: the typed name wins over a stale chosen id.

        The chosen id (`to_chuc`, hidden, set by links and the picker) stands while the text shows its name;
        an emptied text drops it; other text is looked up in the scope: one match is chosen, several are
        offered as links (the page without JavaScript works the same way), none is an error.
        """
        data = super().clean() or {}
        if "to_chuc_tim" not in self.data or "to_chuc" in self.errors:
            return data
        text = (data.get("to_chuc_tim") or "").strip()
        chosen: Organization | None = data.get("to_chuc")
        if chosen is not None and text == chosen.qualified_name:
            return data
        data["to_chuc"] = None
        if not text:
            return data
        data["to_chuc"], self.picker_matches = pick_organization(self, "to_chuc_tim", self.pickable, text)
        return data

    def picker_text(self) -> str:
        """What the picker's text box shows: what was typed, else the chosen organization's name."""
        if "to_chuc_tim" in self.data:
            return str(self.data.get("to_chuc_tim", ""))[:100]
        chosen = self.cleaned_data.get("to_chuc") if hasattr(self, "cleaned_data") else None
        return chosen.qualified_name if chosen is not None else ""

    def filters(self) -> tuple[MemberFilters, Organization | None]:
        """The filters of a valid form, and the organization chosen (already checked against the scope)."""
        data = self.cleaned_data
        org: Organization | None = data.get("to_chuc")
        return (
            MemberFilters(
                status=data.get("status") or STATUS_ON_ROLLS,
                organization_id=org.pk if org is not None else None,
                gender=data.get("gender") or "",
                age_band=data.get("age_band") or "",
                seniority_band=data.get("seniority_band") or "",
                theory_level=data.get("theory_level") or "",
                text=(data.get("q") or "").strip(),
            ),
            org,
        )


# Dates of the sheet: a birth date is not after today; admission dates are not before the Party's founding.
SHEET_DATE_LIMITS = {
    "birth_date": BIRTH_DATE_LIMITS,
    "admission_decision_date": ADMISSION_LIMITS,
    "ceremony_date": ADMISSION_LIMITS,
    "full_membership_date": ADMISSION_LIMITS,
}


def _sheet_formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field:
    if field.get_internal_type() == "DateField":
        limits = SHEET_DATE_LIMITS.get(field.name, DEFAULT_LIMITS)
        return VietnameseDateField(label=capfirst(str(field.verbose_name)), required=not field.blank, limits=limits)
    formfield = field.formfield(**kwargs)
    assert formfield is not None  # every sheet field is editable
    return formfield


# The personal part of the sheet (`PersonSheet`), which an admission candidate's sheet shares.
PERSON_SHEET_FIELDS = [name for name in SHEET_FIELDS if name in {f.name for f in PersonSheet._meta.get_fields()}]


def sheet_formfields(model: type[models.Model], names: list[str]) -> dict[str, forms.Field]:
    """The sheet's form fields for `names` of `model` (a member, or a candidate on the same `PersonSheet`):
    the same labels, choices and dd/mm/yyyy dates with their limits wherever the sheet is typed."""
    sheet = forms.fields_for_model(model, fields=names, formfield_callback=_sheet_formfield)
    return {name: field for name in names if (field := sheet[name]) is not None}


class MemberSheetForm(VietnameseForm):
    """The member sheet (2-HSĐV). Uniqueness and date rules are checked by the service, in Vietnamese."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(sheet_formfields(Member, SHEET_FIELDS))

    def sheet_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in SHEET_FIELDS if name in self.cleaned_data}


class MemberCreateForm(MemberSheetForm):
    """A new member: the sheet plus the cell they join."""

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        self.fields["to_chuc"] = OrganizationField(
            label=_("Chi bộ"), organizations=organizations, offer=_active_cells(organizations), empty_label="—"
        )
        self.order_fields(["to_chuc", *SHEET_FIELDS])


class StatusChangeForm(VietnameseForm):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=MemberStatus.choices)
    on = VietnameseDateField(label=_("Từ ngày"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveToCellForm(VietnameseForm):
    on = VietnameseDateField(label=_("Ngày chuyển"))
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Chuyển đến chi bộ"),
            organizations=organizations,
            offer=_active_cells(organizations),
            empty_label="—",
        )
        self.order_fields(["to_chuc", "on", "reason", "version"])
