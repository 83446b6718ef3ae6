"""Shapes of the rating rounds, ratings and designations in the API. They read; writes go through the
evaluations services and workflow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangbo.accounts.scope import Scope
from dangbo.evaluations.enums import DesignationKind, Level, RatingStep
from dangbo.evaluations.facts import RatingInputs
from dangbo.evaluations.models import Designation, Rating, RatingCampaign
from dangbo.evaluations.selectors import Progress
from dangbo.evaluations.services import Deadlines
from dangbo.evaluations.workflow import steps_open_to

from .enum_fields import NamedChoiceField

DEADLINES = tuple(Deadlines.__dataclass_fields__)


def level_field(**kwargs: Any) -> NamedChoiceField:
    """A rating level; blank where the step has not given one yet."""
    kwargs.setdefault("read_only", True)
    return NamedChoiceField(enum_name="LevelEnum", choices=Level.choices, allow_blank=True, **kwargs)


def step_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="RatingStepEnum", choices=RatingStep.choices, **kwargs)


# ---- rounds --------------------------------------------------------------------------------------


class ProgressSerializer(serializers.Serializer[Progress]):
    """How far one unit's ratings have come in a round (the units the user may see)."""

    organization = serializers.IntegerField(source="organization.pk", help_text="Mã (id) đơn vị.")
    organization_name = serializers.CharField(source="organization.name")
    total = serializers.IntegerField(help_text="Số đối tượng trong đợt.")
    not_rated = serializers.IntegerField(help_text="Số đối tượng không xếp loại.")
    rated = serializers.IntegerField(help_text="Số đã có kết quả xếp loại.")
    pending = serializers.IntegerField(help_text="Số chưa có kết quả xếp loại.")
    overdue = serializers.IntegerField(help_text="Số đã quá hạn của bước tiếp theo.")
    percent = serializers.IntegerField(help_text="Tỷ lệ đã xếp loại (%).")
    by_step = serializers.DictField(child=serializers.IntegerField(), help_text="Số đối tượng theo bước.")


class CampaignSerializer(serializers.ModelSerializer[RatingCampaign]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    rule_set = serializers.CharField(source="rule_set.code", read_only=True, help_text="Mã bộ quy tắc áp dụng.")
    rule_set_citation = serializers.CharField(source="rule_set.citation", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = RatingCampaign
        fields: tuple[str, ...] = (
            "id", "year", "organization", "organization_name", "rule_set", "rule_set_citation", "state",
            "state_display", *DEADLINES, "locked_at", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class CampaignDetailSerializer(CampaignSerializer):
    progress = serializers.SerializerMethodField(
        help_text="Tiến độ theo tổ chức cơ sở đảng trong phạm vi của người dùng: đã xếp loại, chưa, quá hạn."
    )

    class Meta(CampaignSerializer.Meta):
        fields: tuple[str, ...] = (*CampaignSerializer.Meta.fields, "progress")
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(ProgressSerializer(many=True))
    def get_progress(self, campaign: RatingCampaign) -> list[dict[str, Any]]:
        return list(ProgressSerializer(self.context.get("progress", []), many=True).data)


class CampaignOpenSerializer(serializers.Serializer[dict[str, Any]]):
    """Open a year's round over an organization's tree. Deadlines left out take the usual dates."""

    organization = serializers.IntegerField(
        label="Tổ chức đảng", min_value=1, max_value=2**63 - 1,
        help_text="Mã (id) đảng bộ cấp trên cơ sở hoặc tổ chức cơ sở đảng (trong phạm vi được sắp xếp tổ chức).",
    )  # fmt: skip
    year = serializers.IntegerField(label="Năm", min_value=2000, max_value=2100)
    reference_date = serializers.DateField(label="Ngày tính điều kiện", required=False)
    self_assessment_due = serializers.DateField(label="Hạn tự đánh giá", required=False)
    review_due = serializers.DateField(label="Hạn kiểm điểm tại chi bộ", required=False)
    proposal_due = serializers.DateField(label="Hạn đề xuất", required=False)
    decision_due = serializers.DateField(label="Hạn quyết định", required=False)
    verification_due = serializers.DateField(label="Hạn thẩm định", required=False)

    def deadlines(self) -> Deadlines:
        data = self.validated_data
        usual = Deadlines.default_for(data["year"])
        return Deadlines(**{name: data.get(name, getattr(usual, name)) for name in DEADLINES})


# ---- ratings -------------------------------------------------------------------------------------


class RatingSerializer(serializers.ModelSerializer[Rating]):
    subject_kind_display = serializers.CharField(source="get_subject_kind_display", read_only=True)
    subject_name = serializers.SerializerMethodField(help_text="Họ tên đảng viên hoặc tên tổ chức được xếp loại.")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="Đơn vị (chi bộ) khi xếp loại.")
    step = step_field(read_only=True)
    step_display = serializers.CharField(source="get_step_display", read_only=True)
    self_level = level_field()
    review_level = level_field()
    proposed_level = level_field()
    decided_level = level_field()
    final_level = level_field()
    final_level_display = serializers.CharField(source="get_final_level_display", read_only=True)
    steps_open = serializers.SerializerMethodField(
        help_text="Các bước người dùng được thực hiện bây giờ (gửi tới `/step/`)."
    )

    class Meta:
        model = Rating
        fields: tuple[str, ...] = (
            "id", "campaign", "year", "subject_kind", "subject_kind_display", "member", "organization",
            "subject_name", "unit", "unit_name", "grassroots", "org_type", "step", "step_display", "not_rated",
            "self_level", "score", "review_level", "proposed_level", "decided_level", "final_level",
            "final_level_display", "reasons", "override_reason", "steps_open", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_subject_name(self, rating: Rating) -> str:
        if rating.member is not None:
            return rating.member.full_name
        return rating.organization.name if rating.organization is not None else ""

    @extend_schema_field(serializers.ListField(child=step_field()))
    def get_steps_open(self, rating: Rating) -> list[str]:
        scope: Scope = self.context["scope"]
        return steps_open_to(scope, rating)


class RatingDetailSerializer(RatingSerializer):
    class Meta(RatingSerializer.Meta):
        fields: tuple[str, ...] = (*RatingSerializer.Meta.fields, "score_sheet", "self_review")
        read_only_fields: tuple[str, ...] = fields


def _pct(label: str) -> serializers.DecimalField:
    return serializers.DecimalField(label=label, max_digits=7, decimal_places=2, required=False, allow_null=True)


class SheetSerializer(serializers.Serializer[dict[str, Any]]):
    """The rating sheet: the 100-point scores (rules from 2025) and the facts no record holds."""

    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2), required=False,
        help_text="Điểm từng tiêu chí theo mã tiêu chí của bộ quy tắc.",
    )  # fmt: skip
    on_time_pct = _pct("Nhiệm vụ đúng tiến độ (%)")
    exceeding_pct = _pct("Nhiệm vụ vượt mức (%)")
    late_pct = _pct("Nhiệm vụ chậm tiến độ (%)")
    sick_leave_months = serializers.DecimalField(
        label="Số tháng nghỉ ốm trong năm", max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    degeneration = serializers.BooleanField(
        label="Có biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa”", required=False, default=False
    )
    targets_met_pct = _pct("Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ (%)")

    def inputs(self, data: dict[str, Any]) -> RatingInputs:
        return RatingInputs(
            scores={str(code): Decimal(score) for code, score in data.get("scores", {}).items()},
            on_time_pct=data.get("on_time_pct"),
            exceeding_pct=data.get("exceeding_pct"),
            late_pct=data.get("late_pct"),
            sick_leave_months=data.get("sick_leave_months") or Decimal(0),
            degeneration=bool(data.get("degeneration")),
            targets_met_pct=data.get("targets_met_pct"),
        )


class RatingStepSerializer(serializers.Serializer[dict[str, Any]]):
    """One step of a rating, with the `version` read with it (a stale one answers 409)."""

    step = step_field(label="Bước", help_text="Bước cần thực hiện (`pending` không phải một bước).")
    level = level_field(
        read_only=False, label="Mức xếp loại", required=False,
        help_text="Bỏ trống: theo phiếu chấm điểm (tự đánh giá) hoặc theo bước trước.",
    )  # fmt: skip
    reason = serializers.CharField(label="Ghi chú", max_length=500, required=False, allow_blank=True)
    self_review = serializers.CharField(
        label="Bản tự kiểm điểm", required=False, allow_blank=True, trim_whitespace=False,
        help_text="Chỉ ở bước tự đánh giá; đối tượng không xếp loại vẫn gửi được. Bỏ trống thì giữ bản cũ.",
    )  # fmt: skip
    sheet = SheetSerializer(
        required=False, help_text="Phiếu đánh giá, chỉ ở bước tự đánh giá hoặc kiểm điểm; bỏ trống thì giữ phiếu cũ."
    )
    version = serializers.IntegerField(
        label="Phiên bản", min_value=1, help_text="Phiên bản của bản xếp loại khi đọc; đã bị sửa thì trả về 409."
    )

    def sheet_inputs(self) -> RatingInputs | None:
        sheet = self.validated_data.get("sheet")
        return None if sheet is None else SheetSerializer().inputs(sheet)


# ---- designations --------------------------------------------------------------------------------


class DesignationSerializer(serializers.ModelSerializer[Designation]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = NamedChoiceField(enum_name="DesignationKindEnum", choices=DesignationKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    has_evidence = serializers.SerializerMethodField(help_text="Đã đính kèm minh chứng.")

    class Meta:
        model = Designation
        fields: tuple[str, ...] = (
            "id", "year", "organization", "organization_name", "kind", "kind_display", "checklist",
            "checked_items", "note", "has_evidence", "grassroots", "org_type", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_has_evidence(self, designation: Designation) -> bool:
        return bool(designation.evidence)
