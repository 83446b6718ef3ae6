"""Forms of the designation pages: a checklist, a designation with its evidence, a revocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.errors import DomainError
from dangbo.organizations.models import Organization

from .designations import FIRST_YEAR, check_evidence
from .enums import DesignationKind
from .models import DesignationChecklist

EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _year_field(label: Any, *, extra: int = 0) -> forms.IntegerField:
    last = timezone.localdate().year + extra
    return forms.IntegerField(
        label=label, min_value=FIRST_YEAR, max_value=last,
        error_messages={
            "required": _("Hãy nhập năm."), "invalid": _("Năm phải là số."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
    )  # fmt: skip


class ChecklistForm(forms.Form):
    """A new checklist (the issuing organization chosen), or a correction of one (organization fixed)."""

    organization = forms.ModelChoiceField(label=_("Cấp ủy ban hành"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Danh hiệu"), choices=DesignationKind.choices)
    year_from = _year_field(_("Áp dụng từ năm"), extra=1)
    items = forms.CharField(
        label=_("Tiêu chí (mỗi dòng một tiêu chí)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Hãy nêu ít nhất một tiêu chí.")},
    )
    source_document = forms.CharField(label=_("Văn bản căn cứ"), required=False, max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], checklist: DesignationChecklist | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        if checklist is not None:
            kwargs["initial"] = {
                "organization": checklist.organization_id, "kind": checklist.kind, "year_from": checklist.year_from,
                "items": "\n".join(checklist.items), "source_document": checklist.source_document,
                "version": checklist.version,
            }  # fmt: skip
        else:
            kwargs.setdefault("initial", {"year_from": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["organization"].error_messages["invalid_choice"] = _("Hãy chọn một cấp ủy trong phạm vi của bạn.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Danh hiệu không hợp lệ.")
        if checklist is not None:
            for name in ("organization", "kind", "year_from"):
                self.fields[name].disabled = True

    def item_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["items"].splitlines() if line.strip()]


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes whose values the service checks against the checklist (its refusal names the item)."""

    def valid_value(self, value: Any) -> bool:
        return True


class DesignateForm(forms.Form):
    """A designation of one unit for one year: the checklist's criteria as checkboxes, the evidence."""

    year = _year_field(_("Năm"))
    kind = forms.ChoiceField(label=_("Danh hiệu"))
    checked_items = OpenMultipleChoiceField(
        label=_("Tiêu chí đã đạt"), required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = forms.FileField(
        label=_("Minh chứng (PDF, JPG hoặc PNG, tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        error_messages={"empty": _("Tệp minh chứng rỗng."), "invalid": _("Tệp minh chứng không hợp lệ.")},
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, kinds: list[str], checklist: DesignationChecklist | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.fields["kind"].choices = [(k, DesignationKind(k).label) for k in kinds]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["invalid_choice"] = _("Đơn vị này không được công nhận danh hiệu đó.")
        items = list(checklist.items) if checklist is not None else []
        self.fields["checked_items"].choices = [(item, item) for item in items]  # type: ignore[attr-defined]

    def clean_evidence(self) -> Any:
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            try:
                check_evidence(evidence)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from exc
        return evidence


class PeriodForm(forms.Form):
    """The year and kind a designation form is built for (read from the query string)."""

    year = _year_field(_("Năm"))
    kind = forms.ChoiceField(label=_("Danh hiệu"), choices=DesignationKind.choices)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
        error_messages={"required": _("Hãy nêu lý do thu hồi danh hiệu.")},
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)
