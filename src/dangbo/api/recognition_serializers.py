"""Shapes of the badges and commendations API: a badge record, a row of the badge list of an award date, a
commendation, and the bodies of the writes. They read; writes go through `recognition.services` and
`recognition.commendations`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.recognition.enums import BadgeKind, BadgeState, CommendationState, Verdict
from dangbo.recognition.models import Badge, Commendation

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .serializers import SenioritySerializer

MAX_ID = 2**63 - 1


class BadgeSerializer(serializers.ModelSerializer[Badge]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = NamedChoiceField(enum_name="BadgeKindEnum", choices=BadgeKind.choices, read_only=True)
    state = NamedChoiceField(enum_name="BadgeStateEnum", choices=BadgeState.choices, read_only=True)

    class Meta:
        model = Badge
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "unit", "unit_name", "milestone", "milestone_day", "kind", "state",
            "award_date", "proposed_on", "proposing_organization", "explanation", "decision_number", "decision_date",
            "deciding_authority", "withdrawn_on", "withdrawal_reason", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class BadgeRowSerializer(serializers.Serializer[Any]):
    """One row of the badge list of an award date."""

    member = serializers.IntegerField(source="person.id", read_only=True)
    member_name = serializers.CharField(source="person.name", read_only=True)
    cell = serializers.IntegerField(source="person.cell_id", read_only=True)
    cell_name = serializers.CharField(source="person.cell_name", read_only=True)
    admission_decision_date = serializers.DateField(source="person.admitted", read_only=True)
    milestone = serializers.IntegerField(source="years", read_only=True)
    milestone_day = serializers.DateField(source="reached", read_only=True)
    seniority = SenioritySerializer(read_only=True, help_text="Tuổi đảng tại ngày của đợt (ngày từ trần nếu trước).")
    verdict = NamedChoiceField(enum_name="BadgeVerdictEnum", choices=Verdict.choices, read_only=True)
    kind = NamedChoiceField(enum_name="BadgeKindEnum", choices=BadgeKind.choices, read_only=True, allow_null=True)
    blocked_until = serializers.DateField(
        read_only=True, allow_null=True, help_text="Ngày được xét lại (kỷ luật); null: không bị chặn hoặc chưa rõ."
    )
    carried_from = serializers.DateField(read_only=True, allow_null=True, help_text="Chuyển từ đợt này.")
    badge = serializers.IntegerField(source="badge.id", read_only=True, allow_null=True, default=None)
    explanation = serializers.CharField(read_only=True, help_text="Căn cứ, bằng tiếng Việt, nêu quy định.")


class ProposeBadgeSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Đảng viên (id).")
    milestone = serializers.IntegerField(min_value=1, max_value=100, help_text="Mốc tuổi đảng (năm).")
    award_date = serializers.DateField(help_text="Đợt trao tặng (3/2, 19/5, 2/9, 7/11).")
    organization = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Cấp đề nghị (id): chi bộ của đảng viên hoặc cấp trên."
    )


class AwardBadgeSerializer(serializers.Serializer[Any]):
    decision_number = serializers.CharField(max_length=80)
    decision_date = serializers.DateField()
    deciding_authority = serializers.CharField(max_length=255)
    award_date = serializers.DateField(required=False, help_text="Đợt trao tặng (mặc định: đợt đã đề nghị).")
    expected_version = version_field()


class WithdrawBadgeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)
    expected_version = version_field()


class CommendationSerializer(serializers.ModelSerializer[Commendation]):
    kind = serializers.CharField(source="kind.code", read_only=True, help_text="Mã loại khen thưởng.")
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    level = serializers.CharField(source="level.code", read_only=True, help_text="Mã mức khen thưởng.")
    level_name = serializers.CharField(source="level.name", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    state = NamedChoiceField(enum_name="CommendationStateEnum", choices=CommendationState.choices, read_only=True)

    class Meta:
        model = Commendation
        fields: tuple[str, ...] = (
            "id", "kind", "kind_name", "level", "level_name", "member", "organization", "subject_name", "year",
            "achievement", "state", "proposed_on", "proposing_organization", "deciding_organization",
            "decision_number", "decided_on", "refusal_reason", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class ProposeCommendationSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=40, help_text="Mã loại khen thưởng (vd. dv-xuat-sac-5-nam).")
    level = serializers.CharField(max_length=40, help_text="Mã mức khen thưởng (vd. giay-khen-cap-tren).")
    year = serializers.IntegerField(min_value=1930, max_value=2100)
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text="Đảng viên (id).")
    organization = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                            help_text="Tổ chức cơ sở đảng được khen (id).")  # fmt: skip
    proposing_organization = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Cấp đề nghị (id).")
    achievement = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class DecideCommendationSerializer(serializers.Serializer[Any]):
    decision_number = serializers.CharField(max_length=80)
    decided_on = serializers.DateField()
    expected_version = version_field()


class RefuseCommendationSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)
    expected_version = version_field()
