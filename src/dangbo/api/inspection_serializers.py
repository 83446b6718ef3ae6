"""Shapes of the inspection API: programmes, cases (list and full record with stages, team, findings and
follow-up), the bodies that create them and the data of each step taken on a case (named as the services'
arguments). Days are `yyyy-mm-dd`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from dangbo.discipline.enums import DisciplineForm, ViolationKind
from dangbo.inspection.deadlines import StageLine, is_overdue, progress
from dangbo.inspection.enums import Body, CaseKind, CaseState, ConclusionResult, Stage, TeamRole
from dangbo.inspection.models import Case, Finding, FollowUp, Programme, TeamMember

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .movement_serializers import id_field


def body_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="InspectionBodyEnum", choices=Body.choices, **kwargs)


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="InspectionCaseKindEnum", choices=CaseKind.choices, **kwargs)


def form_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DisciplineFormEnum", choices=DisciplineForm.choices, **kwargs)


def text(max_length: int, *, required: bool = False, **kwargs: Any) -> serializers.CharField:
    if not required:
        kwargs.setdefault("default", "")
    return serializers.CharField(max_length=max_length, required=required, allow_blank=not required, **kwargs)


def optional_day(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, **kwargs)


# ---- programmes ----------------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    body = body_field(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Programme
        fields = ("id", "organization", "organization_name", "body", "year", "number", "approved_on", "title", "note",
                  "version")  # fmt: skip
        read_only_fields = fields


class ProgrammeCreateSerializer(serializers.Serializer[dict[str, Any]]):
    organization = id_field(help_text="Tổ chức đảng (id) được quyền cập nhật kiểm tra, kỷ luật.")
    body = body_field()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = text(80, required=True)
    approved_on = serializers.DateField()
    title = text(255, required=True)
    note = text(2000)


class ProgrammeUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    expected_version = version_field()
    number = text(80, required=True)
    approved_on = serializers.DateField()
    title = text(255, required=True)
    note = text(2000)


# ---- cases ---------------------------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer[Case]):
    kind = kind_field(read_only=True)
    body = body_field(read_only=True)
    state = NamedChoiceField(enum_name="InspectionCaseStateEnum", choices=CaseState.choices, read_only=True)
    due_stage = NamedChoiceField(enum_name="InspectionStageEnum", choices=Stage.choices, read_only=True,
                                 allow_blank=True)  # fmt: skip
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    progress = serializers.SerializerMethodField(help_text="Phần trăm số bước đã xong.")
    overdue = serializers.SerializerMethodField(help_text="Bước tiếp theo đã quá hạn.")

    class Meta:
        model = Case
        fields: tuple[str, ...] = (
            "id", "programme", "organization", "organization_name", "body", "kind", "state", "subject_member",
            "subject_organization", "subject_name", "decision_number", "decision_date", "due_stage", "due_on",
            "progress", "overdue", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_progress(self, case: Case) -> int:
        return progress(case)

    def get_overdue(self, case: Case) -> bool:
        return is_overdue(case, self.context.get("today") or dt.date.today())


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    role = NamedChoiceField(enum_name="InspectionTeamRoleEnum", choices=TeamRole.choices, read_only=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = TeamMember
        fields = ("member", "name", "display_name", "role", "position")
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer[Finding]):
    class Meta:
        model = Finding
        fields = ("id", "found_on", "text", "is_violation")
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ("id", "task", "owner", "due_on", "done_on")
        read_only_fields = fields


class StageSerializer(serializers.Serializer[Any]):
    """One stage of a case (`deadlines.StageLine`)."""

    stage = NamedChoiceField(enum_name="InspectionStageEnum", choices=Stage.choices, read_only=True)
    name = serializers.CharField(source="label", read_only=True)
    planned = serializers.DateField(read_only=True, allow_null=True, help_text="Hạn (theo ngày làm việc).")
    done = serializers.DateField(read_only=True, allow_null=True)
    late = serializers.BooleanField(read_only=True, help_text="Xong sau hạn, hoặc chưa xong mà đã quá hạn.")
    is_next = serializers.BooleanField(read_only=True)
    rule = serializers.CharField(read_only=True, help_text="Căn cứ của hạn, kèm văn bản.")


class CaseDetailSerializer(CaseListSerializer):
    violation_form = form_field(read_only=True, allow_blank=True)
    result = NamedChoiceField(enum_name="InspectionResultEnum", choices=ConclusionResult.choices, read_only=True,
                              allow_blank=True)  # fmt: skip
    proposed_form = form_field(read_only=True, allow_blank=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    stages = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = (
            *CaseListSerializer.Meta.fields, "content", "planned_month", "complaint", "violation_date",
            "violation_form", "violation_kind", "rule_code", "notice_on", "report_on", "verified_on", "draft_on",
            "concluded_on", "conclusion_notice_on", "closed_on", "result", "conclusion", "conclusion_number",
            "proposed_form", "proposed_to", "discipline", "team", "findings", "follow_ups", "stages",
        )  # fmt: skip
        read_only_fields = fields

    def get_stages(self, case: Case) -> list[dict[str, Any]]:
        lines: list[StageLine] = self.context.get("stages", [])
        return list(StageSerializer(lines, many=True).data)


class TeamEntrySerializer(serializers.Serializer[dict[str, Any]]):
    member = id_field(required=False, allow_null=True, default=None, help_text="Đảng viên (id), hoặc để trống và "
                      "ghi họ tên.")  # fmt: skip
    name = text(200)
    position = text(200)
    role = NamedChoiceField(enum_name="InspectionTeamRoleEnum", choices=TeamRole.choices, default=TeamRole.MEMBER)


class DecisionDataSerializer(serializers.Serializer[dict[str, Any]]):
    decision_number = text(80, required=True)
    decision_date = serializers.DateField()
    violation_date = optional_day(help_text="Ngày vi phạm (kiểm tra khi có dấu hiệu vi phạm).")
    violation_form = form_field(
        required=False,
        default="",
        allow_blank=True,
        help_text="Mức độ vi phạm: hình thức kỷ luật tương ứng (tính thời hiệu).",
    )
    violation_kind = NamedChoiceField(enum_name="ViolationKindEnum", choices=ViolationKind.choices, required=False,
                                      default=ViolationKind.ORDINARY)  # fmt: skip


class CaseCreateSerializer(serializers.Serializer[dict[str, Any]]):
    organization = id_field(help_text="Tổ chức đảng tiến hành (id).")
    body = body_field()
    kind = kind_field()
    content = text(4000, required=True)
    member = id_field(required=False, allow_null=True, default=None, help_text="Đối tượng: đảng viên (id).")
    subject_organization = id_field(required=False, allow_null=True, default=None,
                                    help_text="Đối tượng: tổ chức đảng (id).")  # fmt: skip
    programme = id_field(required=False, allow_null=True, default=None, help_text="Chương trình (id), nếu có.")
    complaint = id_field(required=False, allow_null=True, default=None, help_text="Đơn khiếu nại, tố cáo (id).")
    planned_month = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                             max_value=12)  # fmt: skip
    decision = DecisionDataSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Quyết định; để trống khi cuộc chỉ mới có trong chương trình.",
    )
    team = TeamEntrySerializer(many=True, required=False, default=list)


class DayDataSerializer(serializers.Serializer[dict[str, Any]]):
    on = serializers.DateField()


class TeamDataSerializer(serializers.Serializer[dict[str, Any]]):
    team = TeamEntrySerializer(many=True)


class FindingDataSerializer(serializers.Serializer[dict[str, Any]]):
    found_on = serializers.DateField()
    text = text(4000, required=True)
    is_violation = serializers.BooleanField(default=False)


class ConclusionDataSerializer(serializers.Serializer[dict[str, Any]]):
    concluded_on = serializers.DateField()
    result = NamedChoiceField(enum_name="InspectionResultEnum", choices=ConclusionResult.choices)
    conclusion = text(8000, required=True)
    conclusion_number = text(80)
    form = form_field(required=False, default="", allow_blank=True)
    decision_number = text(80)
    decision_date = optional_day()
    votes_for = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                         max_value=100_000)  # fmt: skip
    voters_entitled = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                               max_value=100_000)  # fmt: skip
    violation_date = optional_day()


class FollowUpDataSerializer(serializers.Serializer[dict[str, Any]]):
    task = text(2000, required=True)
    owner = text(255, required=True)
    due_on = serializers.DateField()


class FollowUpDoneDataSerializer(serializers.Serializer[dict[str, Any]]):
    item = id_field()
    on = serializers.DateField()


STEP_DATA: dict[str, type[serializers.Serializer[Any]]] = {
    "decision": DecisionDataSerializer, "notice": DayDataSerializer, "report": DayDataSerializer,
    "verification": DayDataSerializer, "draft": DayDataSerializer, "conclusion": ConclusionDataSerializer,
    "conclusion_notice": DayDataSerializer, "close": DayDataSerializer, "team": TeamDataSerializer,
    "finding": FindingDataSerializer, "follow_up": FollowUpDataSerializer, "follow_up_done": FollowUpDoneDataSerializer,
}  # fmt: skip
STEP_CHOICES = [(code, code) for code in STEP_DATA]


class CaseStepSerializer(serializers.Serializer[dict[str, Any]]):
    step = NamedChoiceField(enum_name="InspectionStepEnum", choices=STEP_CHOICES)
    expected_version = version_field()
    data = serializers.DictField(  # type: ignore[assignment]
        required=False,
        default=dict,
        help_text="Theo bước (ngày dạng yyyy-mm-dd): decision {decision_number, decision_date, violation_date, "
        "violation_form, violation_kind}; notice, report, verification, draft, conclusion_notice, close {on}; "
        "conclusion {concluded_on, result, conclusion, conclusion_number, form, decision_number, decision_date, "
        "votes_for, voters_entitled, violation_date}; team {team: [{member, name, position, role}]}; finding "
        "{found_on, text, is_violation}; follow_up {task, owner, due_on}; follow_up_done {item, on}.",
    )
