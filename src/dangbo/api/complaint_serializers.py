"""Shapes of the complaints API: letters (list and full record, never the person's identity), the identity apart
(for the inspection roles only), the bodies of the reception and of the steps (named as the services' arguments),
and the 5-day notices. Days are `yyyy-mm-dd`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.complaints.enums import (
    Channel,
    ComplaintKind,
    ComplaintResult,
    ComplaintState,
    NotConsideredReason,
    NoticeDirection,
    NoticeEvent,
    ReplyMethod,
)
from dangbo.complaints.models import ComplainantIdentity, Complaint, ComplaintExtension, Notice
from dangbo.discipline.enums import AppealResult, DisciplineForm

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .movement_serializers import id_field, text_field


def _choice(enum_name: str, choices: Any, **kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name=enum_name, choices=choices, **kwargs)


class ComplaintListSerializer(serializers.ModelSerializer[Complaint]):
    kind = _choice("ComplaintKindEnum", ComplaintKind.choices, read_only=True)
    state = _choice("ComplaintStateEnum", ComplaintState.choices, read_only=True)
    channel = _choice("ComplaintChannelEnum", Channel.choices, read_only=True)
    result = _choice("ComplaintResultEnum", ComplaintResult.choices, read_only=True, allow_blank=True)
    handling_organization_name = serializers.CharField(source="handling_organization.name", read_only=True)
    subject_name = serializers.CharField(read_only=True, help_text="Đảng viên hoặc tổ chức đảng được nêu trong đơn.")

    class Meta:
        model = Complaint
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "state",
            "reference",
            "received_on",
            "channel",
            "handling_organization",
            "handling_organization_name",
            "subject_member",
            "subject_organization",
            "subject_name",
            "due_on",
            "result",
            "resolved_on",
            "replied_on",
            "version",
        )
        read_only_fields: tuple[str, ...] = fields


class ComplaintExtensionSerializer(serializers.ModelSerializer[ComplaintExtension]):
    class Meta:
        model = ComplaintExtension
        fields = ("working_days", "granted_on", "previous_due", "new_due", "reason")
        read_only_fields = fields


class ComplaintDetailSerializer(ComplaintListSerializer):
    not_considered_reason = _choice(
        "NotConsideredReasonEnum", NotConsideredReason.choices, read_only=True, allow_blank=True
    )
    reply_method = _choice("ReplyMethodEnum", ReplyMethod.choices, read_only=True, allow_blank=True)
    extensions = ComplaintExtensionSerializer(many=True, read_only=True)
    deadline = serializers.CharField(read_only=True, default="", help_text="Hạn giải quyết và quy định áp dụng.")
    final_level = serializers.CharField(
        read_only=True, default="", help_text="Cấp giải quyết cuối cùng (khiếu nại kỷ luật đảng)."
    )

    class Meta(ComplaintListSerializer.Meta):
        fields = (
            *ComplaintListSerializer.Meta.fields,
            "forwarded_by",
            "summary",
            "assignee",
            "discipline",
            "repeat_of",
            "not_considered_reason",
            "extended_days",
            "resolution_number",
            "result_note",
            "reply_method",
            "closed_on",
            "rule_code",
            "extensions",
            "deadline",
            "final_level",
        )
        read_only_fields = fields


class ComplainantIdentitySerializer(serializers.ModelSerializer[ComplainantIdentity]):
    class Meta:
        model = ComplainantIdentity
        fields = ("full_name", "address", "phone", "email", "citizen_id")
        extra_kwargs = {name: {"required": False, "allow_blank": True} for name in fields}


class ComplaintReceptionSerializer(serializers.Serializer[Any]):
    kind = _choice("ComplaintKindEnum", ComplaintKind.choices)
    received_on = serializers.DateField()
    channel = _choice("ComplaintChannelEnum", Channel.choices)
    handling_organization = id_field(help_text="Tổ chức đảng giải quyết (id) trong phạm vi.")
    summary = serializers.CharField(max_length=5000)
    identity = ComplainantIdentitySerializer(
        required=False, help_text="Người gửi đơn (bảo mật); bỏ trống: đơn nặc danh."
    )
    forwarded_by = text_field(255)
    reference = text_field(60)
    assignee = id_field(required=False, allow_null=True, default=None)
    subject_member = id_field(required=False, allow_null=True, default=None)
    subject_organization = id_field(required=False, allow_null=True, default=None)
    discipline = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="Quyết định kỷ luật bị khiếu nại (khiếu nại kỷ luật đảng).",
    )
    repeat_of = id_field(required=False, allow_null=True, default=None, help_text="Đơn đã gửi trước (id).")
    not_considered_reason = _choice(
        "NotConsideredReasonEnum", NotConsideredReason.choices, required=False, allow_blank=True, default=""
    )


class ComplaintAssignSerializer(serializers.Serializer[Any]):
    assignee = id_field(allow_null=True)
    expected_version = version_field()


class ComplaintExtendSerializer(serializers.Serializer[Any]):
    working_days = serializers.IntegerField(min_value=1, max_value=365)
    reason = serializers.CharField(max_length=500)
    granted_on = serializers.DateField()
    expected_version = version_field()


class ComplaintResolveSerializer(serializers.Serializer[Any]):
    resolved_on = serializers.DateField()
    resolution_number = serializers.CharField(max_length=80)
    result = _choice(
        "ComplaintResultEnum",
        ComplaintResult.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Tố cáo: đúng, đúng một phần, sai; khiếu nại, kiến nghị: đúng, đúng một phần, sai.",
    )
    result_note = text_field(5000)
    appeal_result = _choice(
        "AppealResultEnum",
        AppealResult.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Khiếu nại kỷ luật đảng: kết quả đối với quyết định kỷ luật.",
    )
    new_form = _choice("DisciplineFormEnum", DisciplineForm.choices, required=False, allow_blank=True, default="")
    expected_version = version_field()


class ComplaintReplySerializer(serializers.Serializer[Any]):
    replied_on = serializers.DateField()
    reply_method = _choice("ReplyMethodEnum", ReplyMethod.choices)
    expected_version = version_field()


class ComplaintNotConsideredSerializer(serializers.Serializer[Any]):
    reason = _choice("NotConsideredReasonEnum", NotConsideredReason.choices)
    closed_on = serializers.DateField()
    repeat_of = id_field(required=False, allow_null=True, default=None)
    expected_version = version_field()


class ComplaintNoticeSerializer(serializers.ModelSerializer[Notice]):
    direction = _choice("NoticeDirectionEnum", NoticeDirection.choices, read_only=True)
    event = _choice("NoticeEventEnum", NoticeEvent.choices, read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    due_on = serializers.DateField(read_only=True, source="clock.due_on")
    late = serializers.BooleanField(read_only=True, source="clock.late")
    sentence = serializers.CharField(read_only=True, source="clock.sentence")

    class Meta:
        model = Notice
        fields = (
            "id",
            "direction",
            "event",
            "member",
            "member_name",
            "organization",
            "other_body",
            "event_date",
            "notice_date",
            "discipline",
            "reference",
            "note",
            "due_on",
            "late",
            "sentence",
            "version",
        )
        read_only_fields = fields


class ComplaintNoticeCreateSerializer(serializers.Serializer[Any]):
    direction = _choice("NoticeDirectionEnum", NoticeDirection.choices)
    event = _choice("NoticeEventEnum", NoticeEvent.choices)
    member = id_field()
    other_body = serializers.CharField(max_length=255)
    event_date = serializers.DateField(required=False, allow_null=True, default=None)
    notice_date = serializers.DateField(required=False, allow_null=True, default=None)
    discipline = id_field(required=False, allow_null=True, default=None)
    reference = text_field(80)
    note = text_field(2000)


class ComplaintNoticeDateSerializer(serializers.Serializer[Any]):
    notice_date = serializers.DateField()
    expected_version = version_field()
