"""Forms of a case: a new case, and one form per step on the case's page (the decision, a stage's day, the team, a
finding, the conclusion, a follow-up item and its completion, the closing). Forms only parse input; the services
check the rules and the views put their refusals back beside the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.discipline.enums import DisciplineForm, ViolationKind
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.members.models import Member
from dangbo.movements.standing_forms import MemberField
from dangbo.organizations.models import Organization

from .enums import Body, CaseKind, ConclusionResult, TeamRole
from .forms import date_field, text_field
from .services import Decision, TeamEntry

TEAM_ROWS = 6  # the leader and up to five members on the page
VIOLATION_FORMS = [("", _("— chọn mức độ —")), *DisciplineForm.choices]
MONTHS = [("", "—"), *[(str(m), _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]]


def _decision_fields(required: bool) -> dict[str, forms.Field]:
    return {
        "decision_number": text_field(_("Số quyết định"), 80, required=required),
        "decision_date": date_field(_("Ngày quyết định"), required=required),
        "violation_date": date_field(_("Ngày vi phạm (kiểm tra khi có dấu hiệu vi phạm)"), required=False),
        "violation_form": forms.ChoiceField(
            label=_("Mức độ vi phạm (hình thức kỷ luật tương ứng)"), required=False, choices=VIOLATION_FORMS
        ),
        "violation_kind": forms.ChoiceField(
            label=_("Loại vi phạm (thời hiệu)"),
            required=False,
            choices=ViolationKind.choices,
            initial=ViolationKind.ORDINARY,
        ),
    }


def decision_of(data: dict[str, Any]) -> Decision:
    return Decision(number=data["decision_number"], date=data["decision_date"], violation_date=data["violation_date"],
                    violation_form=data["violation_form"], violation_kind=data["violation_kind"])  # fmt: skip


class CaseForm(VietnameseForm):
    """A new case: the inspecting organization and body (fixed by the programme when opened from one), the kind, the
    subject (a member or an organization), the content, the planned month, and the decision when it starts now."""

    organization = forms.IntegerField()
    body = forms.ChoiceField(label=_("Chủ thể"), choices=Body.choices)
    kind = forms.ChoiceField(label=_("Loại"), choices=CaseKind.choices)
    member = forms.IntegerField(required=False)
    subject_organization = forms.IntegerField(required=False)
    content = text_field(_("Nội dung"), 4000, required=True, long=True)
    planned_month = forms.TypedChoiceField(label=_("Tháng dự kiến"), choices=MONTHS, coerce=int, required=False,
                                           empty_value=None)  # fmt: skip

    def __init__(
        self, *args: Any, runners: QuerySet[Organization], members: QuerySet[Member],
        subjects: QuerySet[Organization], decision_required: bool, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["organization"] = OrganizationField(label=_("Tổ chức đảng tiến hành"), organizations=runners)
        chosen = self.data.get("member") if self.is_bound else self.initial.get("member")
        self.fields["member"] = MemberField(label=_("Đối tượng: đảng viên"), members=members, chosen=chosen,
                                            required=False)  # fmt: skip
        self.fields["subject_organization"] = OrganizationField(
            label=_("hoặc đối tượng: tổ chức đảng"), organizations=subjects, empty_label="—", required=False
        )
        self.fields.update(_decision_fields(decision_required))


class DecisionForm(VietnameseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_decision_fields(True))


class DayForm(VietnameseForm):
    on = date_field(_("Ngày"))


class TeamForm(VietnameseForm):
    """The leader (row 0) and up to five members: each a member of the registry or a name, with a position."""

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(TEAM_ROWS):
            who = _("Trưởng đoàn") if i == 0 else _("Thành viên %(n)s") % {"n": i}
            chosen = self.data.get(f"{self.prefix}-member_{i}" if self.prefix else f"member_{i}") if self.is_bound \
                else self.initial.get(f"member_{i}")  # fmt: skip
            self.fields[f"member_{i}"] = MemberField(label=who, members=members, chosen=chosen, required=False)
            self.fields[f"name_{i}"] = text_field(_("hoặc họ và tên"), 200)
            self.fields[f"position_{i}"] = text_field(_("Chức vụ"), 200)

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Each row's three fields (member, name, position), for the page."""
        return [(self[f"member_{i}"], self[f"name_{i}"], self[f"position_{i}"]) for i in range(TEAM_ROWS)]

    def entries(self) -> list[TeamEntry]:
        out = []
        for i in range(TEAM_ROWS):
            member, name = self.cleaned_data[f"member_{i}"], self.cleaned_data[f"name_{i}"]
            if member is None and not name.strip():
                continue
            out.append(TeamEntry(member=member, name=name, position=self.cleaned_data[f"position_{i}"],
                                 role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER))  # fmt: skip
        return out


class FindingForm(VietnameseForm):
    found_on = date_field(_("Ngày ghi nhận"))
    text = text_field(_("Nội dung"), 4000, required=True, long=True)
    is_violation = forms.BooleanField(label=_("Là vi phạm"), required=False)


class ConclusionForm(VietnameseForm):
    concluded_on = date_field(_("Ngày kết luận"))
    result = forms.ChoiceField(label=_("Kết luận"), choices=ConclusionResult.choices)
    conclusion = text_field(_("Nội dung kết luận"), 8000, required=True, long=True)
    conclusion_number = text_field(_("Số thông báo kết luận"), 80)
    form = forms.ChoiceField(label=_("Hình thức kỷ luật (khi phải xem xét kỷ luật)"), required=False,
                             choices=[("", "—"), *DisciplineForm.choices])  # fmt: skip
    decision_number = text_field(_("Số quyết định kỷ luật (khi cấp này quyết định)"), 80)
    decision_date = date_field(_("Ngày quyết định kỷ luật (mặc định: ngày kết luận)"), required=False)
    votes_for = forms.IntegerField(label=_("Số phiếu tán thành"), required=False, min_value=0, max_value=100_000)
    voters_entitled = forms.IntegerField(label=_("Số thành viên có quyền biểu quyết"), required=False, min_value=1,
                                         max_value=100_000)  # fmt: skip
    violation_date = date_field(_("Ngày vi phạm (nếu chưa ghi khi mở cuộc)"), required=False)


class FollowUpForm(VietnameseForm):
    task = text_field(_("Việc phải làm"), 2000, required=True, long=True)
    owner = text_field(_("Người, tổ chức thực hiện"), 255, required=True)
    due_on = date_field(_("Hạn"))


class FollowUpDoneForm(VietnameseForm):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    on = date_field(_("Ngày hoàn thành"))
