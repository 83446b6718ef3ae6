"""Shapes of the admissions API: candidacies (list and full record with steps, sponsors, votes and open
deadlines), a proposal, a step, quotas and deadlines. They read; writes go through the admissions services.

Dates are ISO `yyyy-mm-dd`. A step's `data` is stored as the workflow read it; what the workflow keeps for a
correction to reverse the step ("_before", "_made") is not shown.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangbo.admissions.deadlines import Deadline
from dangbo.admissions.enums import Acquaintance, Proposer, Stage, Step, VoteKind
from dangbo.admissions.models import Candidate, Sponsor, Transition, Vote
from dangbo.admissions.quotas import QuotaRow

from .enum_fields import NamedChoiceField
from .serializers import MemberSheetSerializer

STAGE_HELP = "Giai đoạn của hồ sơ kết nạp."


def stage_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="AdmissionStageEnum", choices=Stage.choices, help_text=STAGE_HELP, **kwargs)


def step_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="AdmissionStepEnum", choices=Step.choices, **kwargs)


# ---- candidacies ---------------------------------------------------------------------------------


class CandidateListSerializer(serializers.ModelSerializer[Candidate]):
    full_name = serializers.CharField(read_only=True, help_text="Họ và tên theo cách viết tiếng Việt.")
    stage = stage_field(read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    cell_name = serializers.CharField(source="cell.name", read_only=True)
    proposer_kind = NamedChoiceField(enum_name="ProposerEnum", choices=Proposer.choices, read_only=True)

    class Meta:
        model = Candidate
        fields: tuple[str, ...] = (
            "id", "full_name", "family_name", "middle_name", "given_name", "gender", "birth_date", "stage",
            "stage_display", "cell", "cell_name", "proposer_kind", "proposer_name", "proposed_on", "decided_on",
            "member", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class TransitionSerializer(serializers.ModelSerializer[Transition]):
    step = step_field(read_only=True)
    step_display = serializers.CharField(source="get_step_display", read_only=True)
    from_stage = stage_field(read_only=True)
    to_stage = stage_field(read_only=True)
    actor_name = serializers.SerializerMethodField(help_text="Người ghi nhận (null: dữ liệu nhập sẵn).")
    rule_set = serializers.CharField(source="rule_set.code", read_only=True, allow_null=True, default=None)
    # Declared fields are moved off the class: these do not shadow `Serializer.data` or `Field.label`.
    data = serializers.SerializerMethodField(help_text="Dữ liệu của bước như đã ghi nhận (ngày dạng yyyy-mm-dd).")  # type: ignore[assignment]

    class Meta:
        model = Transition
        fields: tuple[str, ...] = (
            "id", "step", "step_display", "from_stage", "to_stage", "on", "at", "actor_name", "rule_set", "data",
            "note", "corrects",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_actor_name(self, transition: Transition) -> str | None:
        actor = transition.actor
        return (actor.get_full_name() or actor.get_username()) if actor is not None else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, transition: Transition) -> dict[str, Any]:
        return {k: v for k, v in (transition.data or {}).items() if not k.startswith("_")}


class SponsorSerializer(serializers.ModelSerializer[Sponsor]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    acquaintance = NamedChoiceField(enum_name="AcquaintanceEnum", choices=Acquaintance.choices, read_only=True)

    class Meta:
        model = Sponsor
        fields: tuple[str, ...] = ("id", "member", "member_name", "acquaintance", "known_since", "recorded_on")
        read_only_fields: tuple[str, ...] = fields


class VoteSerializer(serializers.ModelSerializer[Vote]):
    kind = NamedChoiceField(enum_name="AdmissionVoteKindEnum", choices=VoteKind.choices, read_only=True)

    class Meta:
        model = Vote
        fields: tuple[str, ...] = (
            "id", "kind", "held_on", "voters", "votes_for", "votes_against", "resolution_number",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class DeadlineSerializer(serializers.Serializer[Deadline]):
    candidate = serializers.IntegerField(source="candidate.pk", help_text="Mã (id) hồ sơ kết nạp.")
    candidate_name = serializers.CharField(source="candidate.full_name")
    cell = serializers.IntegerField(source="candidate.cell_id", help_text="Mã (id) chi bộ.")
    cell_name = serializers.CharField(source="candidate.cell.name")
    kind = NamedChoiceField(
        enum_name="AdmissionDeadlineKindEnum",
        choices=[("ceremony", "Lễ kết nạp"), ("recognition", "Xét công nhận"), ("escalation", "Cấp trên quyết định")],
    )
    label = serializers.CharField(help_text="Việc phải làm.")  # type: ignore[assignment]
    due = serializers.DateField(help_text="Hạn (tính theo ngày làm việc).")
    overdue = serializers.BooleanField(help_text="Đã quá hạn.")
    rule = serializers.CharField(help_text="Quy định đặt ra hạn này, kèm văn bản căn cứ.")


class CandidateDetailSerializer(CandidateListSerializer):
    """The whole record, including the citizen id: reading it is recorded in the audit log."""

    transitions = TransitionSerializer(many=True, read_only=True, help_text="Các bước, cũ trước (kể cả đính chính).")
    sponsors = SponsorSerializer(many=True, read_only=True)
    votes = VoteSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField(help_text="Hạn đang mở của hồ sơ (lễ kết nạp, xét chính thức…).")
    available_steps = serializers.SerializerMethodField(help_text="Các bước có thể thực hiện tiếp theo.")

    class Meta(CandidateListSerializer.Meta):
        fields: tuple[str, ...] = (
            *CandidateListSerializer.Meta.fields,
            "ethnicity", "religion", "home_town", "residence", "citizen_id", "education", "profession",
            "political_theory_level", "position", "workplace", "phone", "email", "hard_area", "former_member",
            "left_party_on", "exit_reason", "record_cleared_on", "certificate_number", "course_passed_on",
            "applied_on", "verified_on", "youth_union_resolution", "committee_resolution_number",
            "committee_resolved_on", "deciding_committee", "decision_number", "decision_received_on", "ceremony_on",
            "probation_ends_on", "recognition_decision_number", "recognized_on", "full_membership_on", "closed_on",
            "closing_reason", "transitions", "sponsors", "votes", "deadlines", "available_steps", "created_at",
            "updated_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, candidate: Candidate) -> list[dict[str, Any]]:
        return list(DeadlineSerializer(self.context.get("deadlines", []), many=True).data)

    @extend_schema_field(serializers.ListField(child=step_field()))
    def get_available_steps(self, candidate: Candidate) -> list[str]:
        return [str(s) for s in self.context.get("available_steps", [])]


class CandidateSheetSerializer(MemberSheetSerializer):
    """The person's sheet: the member sheet's fields without the membership ones."""

    card_number = None  # type: ignore[assignment]
    record_number = None  # type: ignore[assignment]
    admission_decision_date = None  # type: ignore[assignment]
    ceremony_date = None  # type: ignore[assignment]
    full_membership_date = None  # type: ignore[assignment]
    hard_area = serializers.BooleanField(
        label="Vùng khó khăn", required=False, default=False, help_text="Ngoại lệ trình độ học vấn (vùng khó khăn)."
    )


class CandidateCreateSerializer(CandidateSheetSerializer):
    cell = serializers.IntegerField(
        label="Chi bộ", min_value=1, max_value=2**63 - 1, help_text="Mã (id) chi bộ bồi dưỡng quần chúng."
    )
    proposer_kind = NamedChoiceField(enum_name="ProposerEnum", choices=Proposer.choices, label="Tổ chức giới thiệu")
    proposer_name = serializers.CharField(label="Tên tổ chức giới thiệu", max_length=255, required=False, default="")
    proposed_on = serializers.DateField(label="Ngày giới thiệu")

    def sheet(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for key in ("cell", "proposer_kind", "proposer_name", "proposed_on"):
            data.pop(key, None)
        return data


class StepSerializer(serializers.Serializer[dict[str, Any]]):
    step = step_field(label="Bước")
    expected_version = serializers.IntegerField(
        label="Phiên bản", min_value=1, help_text="Phiên bản của hồ sơ khi đọc; hồ sơ đã bị sửa thì trả về 409."
    )
    data = serializers.DictField(  # type: ignore[assignment]
        label="Dữ liệu của bước",
        required=False,
        default=dict,
        help_text="Theo bước (ngày dạng yyyy-mm-dd): course {certificate_number, course_passed_on} (có thể bỏ trống "
        "khi hồ sơ đào tạo có giấy chứng nhận còn giá trị của người này: bước dùng giấy đó); application "
        "{applied_on}; verify {verified_on}; sponsors {on, sponsors: [{member_id, acquaintance, known_since}], "
        "youth_union_resolution}; cell_vote {held_on, votes_for, votes_against, resolution_number}; committee "
        "{committee_resolved_on, committee_resolution_number}; decision {decided_on, decision_number, "
        "decision_received_on}; ceremony {ceremony_on}; recognition_vote {held_on, votes_for, votes_against, "
        "resolution_number, recognition_decision_number, recognized_on}; higher_decision {on, recognized, "
        "decision_number}; withdraw, reject {on, reason}; correct {reason}.",
    )


# ---- quotas --------------------------------------------------------------------------------------


class QuotaRowSerializer(serializers.Serializer[QuotaRow]):
    organization = serializers.IntegerField(source="organization.pk", help_text="Mã (id) tổ chức cơ sở đảng.")
    organization_name = serializers.CharField(source="organization.name")
    year = serializers.SerializerMethodField()
    members = serializers.IntegerField(help_text="Số đảng viên sinh hoạt tại chi bộ ngày 01/01.")
    suggested = serializers.IntegerField(help_text="Chỉ tiêu gợi ý theo kế hoạch (tỷ lệ của bộ quy tắc).")
    quota = serializers.IntegerField(source="quota_value", allow_null=True, help_text="Chỉ tiêu đã giao (null: chưa).")
    version = serializers.SerializerMethodField(help_text="Phiên bản của chỉ tiêu đã giao (null: chưa giao).")
    note = serializers.SerializerMethodField()
    admitted = serializers.IntegerField(help_text="Số đã có quyết định kết nạp trong năm.")
    likely = serializers.IntegerField(help_text="Số có khả năng kết nạp trong năm (đã qua chi bộ biểu quyết).")
    rate = serializers.CharField(source="rate_text", help_text="Tỷ lệ kết nạp: đã kết nạp / đảng viên ngày 01/01.")
    projected = serializers.CharField(source="projected_text", help_text="Dự báo cuối năm.")

    def get_year(self, row: QuotaRow) -> int:
        return int(self.context["year"])

    def get_version(self, row: QuotaRow) -> int | None:
        return row.quota.version if row.quota is not None else None

    def get_note(self, row: QuotaRow) -> str:
        return row.quota.note if row.quota is not None else ""


class QuotaUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    schema_required = ("year", "quota")  # required although the edit is partial (api.schema)

    year = serializers.IntegerField(label="Năm", min_value=2000, max_value=2100)
    quota = serializers.IntegerField(label="Chỉ tiêu kết nạp", min_value=0, max_value=100_000)
    expected_version = serializers.IntegerField(
        label="Phiên bản",
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Phiên bản của chỉ tiêu khi đọc; bỏ trống khi giao lần đầu. Đã bị sửa: 409.",
    )
    note = serializers.CharField(label="Ghi chú", max_length=255, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = {k: "Trường này là bắt buộc." for k in ("year", "quota") if k not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs
