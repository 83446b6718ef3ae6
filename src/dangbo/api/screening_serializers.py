"""Shapes of the screening API: the signals computed for a year (each with its rule, period, evidence and
sentence), a cell's round with the members reviewed in it, and the decisions (vote, outcome, a member added,
the round opened or closed). They read; writes go through `screening.services`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangbo.screening.enums import Outcome, RoundStatus, Signal
from dangbo.screening.models import Review, ScreeningRound, SignalHit

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field

MAX_ID = 2**63 - 1


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


class SignalSerializer(serializers.ModelSerializer[SignalHit]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    signal = NamedChoiceField(enum_name="ScreeningSignalEnum", choices=Signal.choices, read_only=True)
    signal_display = serializers.CharField(source="get_signal_display", read_only=True)
    rule_set = serializers.CharField(source="rule_set.code", read_only=True, allow_null=True, default=None)
    evidence = serializers.JSONField(read_only=True, help_text="Căn cứ: các tháng, buổi sinh hoạt, năm… đã tính.")

    class Meta:
        model = SignalHit
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "organization", "organization_name", "year", "signal", "signal_display",
            "period_start", "period_end", "evidence", "explanation", "rule_set", "computed_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


def outcome_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="ScreeningOutcomeEnum", choices=Outcome.choices, **kwargs)


class ReviewSerializer(serializers.ModelSerializer[Review]):
    """One member in a round: reading it is recorded in the audit log (the evidence of the signals)."""

    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization = serializers.IntegerField(source="round.organization_id", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    signals = serializers.JSONField(read_only=True, help_text="Các dấu hiệu hệ thống đề xuất, với căn cứ.")
    outcome = outcome_field(read_only=True, allow_blank=True, help_text="Kết quả; rỗng: chưa biểu quyết.")
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    vote_recorded_by = serializers.SerializerMethodField(help_text="Người ghi kết quả biểu quyết.")
    decided_by = serializers.SerializerMethodField(help_text="Người ghi kết quả sau thời gian giúp đỡ.")

    class Meta:
        model = Review
        fields: tuple[str, ...] = (
            "id", "round", "organization", "year", "member", "member_name", "signals", "added_by_cell",
            "added_reason", "vote_date", "eligible", "votes_for", "vote_recorded_by", "vote_recorded_at", "help_from",
            "help_until", "outcome", "outcome_display", "outcome_on", "outcome_note", "decided_by",
            "outcome_recorded_at", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_vote_recorded_by(self, review: Review) -> str | None:
        return _name(review.vote_recorded_by)

    def get_decided_by(self, review: Review) -> str | None:
        return _name(review.decided_by)


class RoundSerializer(serializers.ModelSerializer[ScreeningRound]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = NamedChoiceField(enum_name="ScreeningRoundStatusEnum", choices=RoundStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    rule_set = serializers.CharField(source="rule_set.code", read_only=True, allow_null=True, default=None)
    opened_by = serializers.SerializerMethodField()
    closed_by = serializers.SerializerMethodField()
    reviews_count = serializers.IntegerField(read_only=True, help_text="Số đảng viên trong đợt rà soát.")

    class Meta:
        model = ScreeningRound
        fields: tuple[str, ...] = (
            "id", "organization", "organization_name", "year", "opened_on", "status", "status_display", "rule_set",
            "opened_by", "closed_on", "closed_by", "reviews_count", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_opened_by(self, round_: ScreeningRound) -> str | None:
        return _name(round_.opened_by)

    def get_closed_by(self, round_: ScreeningRound) -> str | None:
        return _name(round_.closed_by)


class RoundDetailSerializer(RoundSerializer):
    reviews = serializers.SerializerMethodField(help_text="Đảng viên được rà soát, với dấu hiệu và quyết định.")

    class Meta(RoundSerializer.Meta):
        fields: tuple[str, ...] = (*RoundSerializer.Meta.fields, "reviews")
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, round_: ScreeningRound) -> list[Any]:
        return list(ReviewSerializer(self.context.get("reviews", []), many=True).data)


class OpenRoundSerializer(serializers.Serializer[Any]):
    cell = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Chi bộ (id).")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Năm rà soát.")


class ScreeningAddMemberSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Đảng viên (id) của chi bộ.")
    reason = serializers.CharField(max_length=500, help_text="Lý do chi bộ bổ sung.")
    expected_version = version_field()


class CloseRoundSerializer(serializers.Serializer[Any]):
    expected_version = version_field()


class ScreeningVoteSerializer(serializers.Serializer[Any]):
    vote_date = serializers.DateField(help_text="Ngày chi bộ bỏ phiếu kín.")
    votes_for = serializers.IntegerField(min_value=0, max_value=32767,
                                         help_text="Số phiếu đồng ý đưa vào diện giáo dục, giúp đỡ.")  # fmt: skip
    help_until = serializers.DateField(required=False, allow_null=True,
                                       help_text="Giúp đỡ đến ngày (mặc định theo bộ quy tắc).")  # fmt: skip
    expected_version = version_field()


class ScreeningOutcomeSerializer(serializers.Serializer[Any]):
    outcome = outcome_field(help_text="Đã tiến bộ, đề nghị xóa tên hoặc đề nghị xem xét kỷ luật.")
    on = serializers.DateField(help_text="Ngày chi bộ kết luận.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_version = version_field()
