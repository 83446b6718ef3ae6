"""Shapes of the movements API: movements (list and full record), the bodies of the writes that start one through
the movement services and of the steps taken on one (named as the services' arguments), residence introductions
and the residence cell's yearly feedback. Days are `yyyy-mm-dd`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.movements.enums import Channel, FeedbackAssessment, MovementKind, MovementState, TemporaryPurpose
from dangbo.movements.models import Movement, ResidenceFeedback, ResidenceIntroduction

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .serializers import MemberSheetSerializer


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """A record id: a whole number in the database's range."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class MovementListSerializer(serializers.ModelSerializer[Movement]):
    kind = NamedChoiceField(enum_name="MovementKindEnum", choices=MovementKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state = NamedChoiceField(enum_name="MovementStateEnum", choices=MovementState.choices, read_only=True)
    member_name = serializers.SerializerMethodField(help_text="Họ tên đảng viên (hoặc người ngoài Đảng bộ).")
    from_organization_name = serializers.CharField(source="from_organization.name", read_only=True, default="")
    to_organization_name = serializers.CharField(source="to_organization.name", read_only=True, default="")

    class Meta:
        model = Movement
        fields: tuple[str, ...] = (
            "id", "kind", "kind_display", "state", "member", "member_name", "from_organization",
            "from_organization_name", "to_organization", "to_organization_name", "external_organization", "start",
            "planned_end", "ended_on", "handed_over_on", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_member_name(self, movement: Movement) -> str:
        return movement.member.full_name if movement.member is not None else movement.person_name


class MovementDetailSerializer(MovementListSerializer):
    channel = NamedChoiceField(enum_name="MovementChannelEnum", choices=Channel.choices, read_only=True)
    purpose = NamedChoiceField(enum_name="TemporaryPurposeEnum", choices=TemporaryPurpose.choices, read_only=True,
                               allow_blank=True)  # fmt: skip

    class Meta(MovementListSerializer.Meta):
        fields = (
            *MovementListSerializer.Meta.fields, "issuing_organization", "cause_date", "applied_on", "opinion_on",
            "approved_on", "informed_on", "report_on", "decision_number", "decision_date", "letter_number",
            "letter_date", "channel", "portal_reference", "purpose", "country", "reason", "note", "legal_proceedings",
        )  # fmt: skip
        read_only_fields = fields


class TransferInternalSerializer(serializers.Serializer[Any]):
    member = id_field(help_text="Đảng viên (id) trong phạm vi được cập nhật.")
    to_organization = id_field(help_text="Chi bộ nhận (id) trong Đảng bộ.")
    on = serializers.DateField(help_text="Ngày chuyển sinh hoạt.")
    reason = serializers.CharField(max_length=500)
    decision_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)


class TemporaryOutSerializer(serializers.Serializer[Any]):
    member = id_field()
    start = serializers.DateField()
    planned_end = serializers.DateField(allow_null=True)
    purpose = NamedChoiceField(enum_name="TemporaryPurposeEnum", choices=TemporaryPurpose.choices)
    to_organization = id_field(required=False, allow_null=True, default=None,
                                               help_text="Chi bộ nơi đến trong Đảng bộ (id), nếu có.")  # fmt: skip
    external_organization = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ExemptionSerializer(serializers.Serializer[Any]):
    member = id_field()
    applied_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=80)
    decision_date = serializers.DateField()
    informed_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SuspensionSerializer(serializers.Serializer[Any]):
    member = id_field()
    start = serializers.DateField()
    planned_end = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField(max_length=80)
    decision_date = serializers.DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    legal_proceedings = serializers.BooleanField(
        required=False, default=False, help_text="Đình chỉ do bị truy tố, tạm giam: thời hạn theo pháp luật."
    )


def channel_field() -> NamedChoiceField:
    return NamedChoiceField(enum_name="MovementChannelEnum", choices=Channel.choices, required=False,
                            default=Channel.PAPER, help_text="Hình thức: giấy hoặc Cổng Dịch vụ công.")  # fmt: skip


def text_field(max_length: int, **kwargs: Any) -> serializers.CharField:
    """An optional text, empty by default."""
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="", **kwargs)


class TransferOutSerializer(serializers.Serializer[Any]):
    member = id_field(help_text="Đảng viên (id) trong phạm vi được cập nhật.")
    external_organization = serializers.CharField(max_length=255, help_text="Tổ chức đảng nơi đến (ngoài Đảng bộ).")
    cause_date = serializers.DateField(help_text="Ngày phát sinh (quyết định nghỉ hưu, chuyển công tác…).")
    reason = serializers.CharField(max_length=500)
    letter_number = text_field(80, help_text="Số giấy giới thiệu, nếu đã có (hoặc ghi sau: `letter`).")
    letter_date = serializers.DateField(required=False, allow_null=True, default=None)
    channel = channel_field()
    portal_reference = text_field(80, help_text="Mã hồ sơ trên Cổng Dịch vụ công.")
    note = text_field(2000)


class TransferInSerializer(MemberSheetSerializer):
    """The member sheet (as `POST /members/`), the receiving cell and the letter the member brings."""

    organization = id_field(help_text="Chi bộ nhận (id), trong phạm vi được cập nhật.")
    joined_on = serializers.DateField(help_text="Ngày tiếp nhận vào chi bộ.")
    external_organization = serializers.CharField(max_length=255, help_text="Tổ chức đảng nơi chuyển đến.")
    letter_number = serializers.CharField(max_length=80)
    letter_date = serializers.DateField()
    channel = channel_field()
    portal_reference = text_field(80)
    note = text_field(2000)
    confirm_duplicate = serializers.BooleanField(
        required=False, default=False,
        help_text="Đã kiểm tra: đây là người khác với đảng viên cùng họ, tên và ngày sinh đã có (sau câu trả lời "
        "409 `similar`).",
    )  # fmt: skip


class TemporaryInSerializer(serializers.Serializer[Any]):
    person_name = serializers.CharField(max_length=200, help_text="Họ và tên đảng viên (ngoài Đảng bộ).")
    external_organization = serializers.CharField(max_length=255, help_text="Tổ chức đảng nơi đi.")
    to_organization = id_field(help_text="Chi bộ nơi sinh hoạt tạm thời (id), trong phạm vi được cập nhật.")
    start = serializers.DateField()
    planned_end = serializers.DateField(allow_null=True)
    purpose = NamedChoiceField(enum_name="TemporaryPurposeEnum", choices=TemporaryPurpose.choices)
    reason = text_field(500)


class AbroadSerializer(serializers.Serializer[Any]):
    member = id_field()
    applied_on = serializers.DateField(help_text="Ngày làm đơn.")
    country = serializers.CharField(max_length=120)
    planned_start = serializers.DateField(help_text="Ngày dự kiến xuất cảnh.")
    planned_end = serializers.DateField(allow_null=True, help_text="Ngày dự kiến về nước.")
    reason = text_field(500, help_text="Mục đích, lý do.")


# ---- steps on a movement: `expected_version` is the version read with it (409 when stale) ----


class VersionSerializer(serializers.Serializer[Any]):
    expected_version = version_field()


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500)


class LetterSerializer(VersionSerializer):
    letter_number = serializers.CharField(max_length=80)
    letter_date = serializers.DateField()
    channel = channel_field()
    portal_reference = text_field(80)


class HandOverSerializer(VersionSerializer):
    handed_over_on = serializers.DateField(help_text="Ngày tổ chức đảng nơi đến tiếp nhận.")


class DaySerializer(VersionSerializer):
    on = serializers.DateField()


class InformedSerializer(VersionSerializer):
    informed_on = serializers.DateField(help_text="Ngày chi bộ báo cáo cấp ủy cấp trên.")


class OpinionSerializer(VersionSerializer):
    opinion_on = serializers.DateField(help_text="Ngày chi bộ cho ý kiến.")


class ReportSerializer(VersionSerializer):
    report_on = serializers.DateField(help_text="Ngày đảng viên báo cáo sau khi về nước.")


class ApprovalSerializer(VersionSerializer):
    approved_on = serializers.DateField()
    decision_number = text_field(80, help_text="Số văn bản đồng ý, nếu có.")


class DecisionSerializer(VersionSerializer):
    decision_number = serializers.CharField(max_length=80)
    decision_date = serializers.DateField()


class EarlyEndSerializer(DecisionSerializer):
    on = serializers.DateField(help_text="Ngày chấm dứt đình chỉ.")


class SuspensionExtensionSerializer(DecisionSerializer):
    days = serializers.IntegerField(min_value=1, max_value=366, help_text="Số ngày gia hạn thêm.")
    reason = text_field(500, help_text="Lý do gia hạn.")


class IntroductionSerializer(serializers.ModelSerializer[ResidenceIntroduction]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = ResidenceIntroduction
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "organization", "organization_name", "introduced_on", "ward",
            "residence_cell", "residence_committee", "letter_number", "ended_on", "note", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class IntroduceSerializer(serializers.Serializer[Any]):
    member = id_field(help_text="Đảng viên (id) đang công tác, trong phạm vi được cập nhật.")
    introduced_on = serializers.DateField(help_text="Ngày giới thiệu (ngày của giấy giới thiệu).")
    ward = serializers.CharField(max_length=255, help_text="Xã, phường, đặc khu nơi cư trú.")
    residence_cell = serializers.CharField(max_length=255, help_text="Tên chi bộ nơi cư trú.")
    residence_committee = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    letter_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class EndIntroductionSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    expected_version = version_field()


class FeedbackSerializer(serializers.ModelSerializer[ResidenceFeedback]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    assessment = NamedChoiceField(enum_name="FeedbackAssessmentEnum", choices=FeedbackAssessment.choices,
                                  read_only=True)  # fmt: skip
    assessment_display = serializers.CharField(source="get_assessment_display", read_only=True)

    class Meta:
        model = ResidenceFeedback
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "introduction", "year", "received_on", "assessment", "assessment_display",
            "content", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class FeedbackFieldsSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField()
    assessment = NamedChoiceField(enum_name="FeedbackAssessmentEnum", choices=FeedbackAssessment.choices)
    content = serializers.CharField(max_length=5000)


class RecordFeedbackSerializer(FeedbackFieldsSerializer):
    member = id_field()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class CorrectFeedbackSerializer(FeedbackFieldsSerializer):
    expected_version = version_field()
