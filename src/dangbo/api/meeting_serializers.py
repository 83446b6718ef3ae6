"""Shapes of the cell-life API: meetings (list, full record with the rules' verdicts and the upper-level guests),
the writes on a meeting, its attendance sheet, and each cell's quarter of compliance. They read; writes go
through `meetings.services` and `meetings.attendance`.

Times are ISO 8601 with their offset (Vietnam, +07:00); days `yyyy-mm-dd`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangbo.meetings.enums import AbsenceReason, Compliance, MeetingKind, MeetingStatus, Presence
from dangbo.meetings.models import CellQuarter, Meeting, MeetingGuest
from dangbo.meetings.rules import minutes_between, percent
from dangbo.members.enums import MemberStatus

from .enum_fields import NamedChoiceField

TEXT_MAX = 20_000  # minutes, resolutions, agenda: long, not unbounded
VERSION_HELP = "Phiên bản đã đọc (`version`); đã bị người khác sửa: 409, không lưu gì."
MAX_VERSION = 2**31 - 1


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="MeetingKindEnum", choices=MeetingKind.choices, **kwargs)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_VERSION, help_text=VERSION_HELP)


class MeetingListSerializer(serializers.ModelSerializer[Meeting]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = kind_field(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = NamedChoiceField(enum_name="MeetingStatusEnum", choices=MeetingStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    duration_minutes = serializers.SerializerMethodField(
        help_text="Thời lượng (phút), khi đã ghi giờ bắt đầu, kết thúc."
    )
    attendance_pct = serializers.SerializerMethodField(
        help_text="Tỷ lệ có mặt (%, làm tròn xuống): có mặt / phải có mặt; null khi chưa điểm danh."
    )

    class Meta:
        model = Meeting
        fields: tuple[str, ...] = (
            "id", "organization", "organization_name", "kind", "kind_display", "status", "status_display",
            "planned_start", "day", "place", "topic", "monthly_slot", "documents_published_at", "started_at",
            "ended_at", "duration_minutes", "attendance_recorded_at", "present_count", "excused_count",
            "unexcused_count", "expected_count", "quorum_base", "attendance_pct", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_duration_minutes(self, meeting: Meeting) -> int | None:
        if meeting.started_at is None or meeting.ended_at is None:
            return None
        return minutes_between(meeting.started_at, meeting.ended_at)

    def get_attendance_pct(self, meeting: Meeting) -> int | None:
        if meeting.attendance_recorded_at is None:
            return None
        return percent(meeting.present_count, meeting.expected_count)


class GuestSerializer(serializers.ModelSerializer[MeetingGuest]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = MeetingGuest
        fields: tuple[str, ...] = ("member", "member_name", "assignment", "note")
        read_only_fields: tuple[str, ...] = fields


class VerdictSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField(help_text="Mã quy định: `length`, `documents`, `quorum`, `attendance`, …")
    ok = serializers.BooleanField(allow_null=True, help_text="Đạt (true), không đạt (false), chưa xét được (null).")
    message = serializers.CharField(help_text="Nhận xét tiếng Việt, nêu quy định và văn bản căn cứ.")


class MeetingDetailSerializer(MeetingListSerializer):
    """The whole record: reading it is recorded in the audit log."""

    rule_set = serializers.CharField(source="rule_set.code", read_only=True, allow_null=True, default=None)
    guests = GuestSerializer(many=True, read_only=True, help_text="Cấp ủy cấp trên dự sinh hoạt.")
    checks = serializers.SerializerMethodField(help_text="Nhận xét theo bộ quy tắc có hiệu lực ngày sinh hoạt.")

    class Meta(MeetingListSerializer.Meta):
        fields: tuple[str, ...] = (
            *MeetingListSerializer.Meta.fields, "agenda", "minutes", "resolutions", "cancel_reason", "rule_set",
            "guests", "checks", "created_at", "updated_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(VerdictSerializer(many=True))
    def get_checks(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [{"rule": v.rule, "ok": v.ok, "message": v.message} for v in self.context.get("verdicts", [])]


class MeetingCreateSerializer(serializers.Serializer[Any]):
    """Schedule a meeting."""

    organization = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Chi bộ (id) sinh hoạt.")
    kind = kind_field()
    planned_start = serializers.DateTimeField(help_text="Ngày giờ dự kiến (ISO 8601, có múi giờ).")
    topic = serializers.CharField(max_length=500)
    agenda = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)


class MeetingPlanSerializer(serializers.Serializer[Any]):
    """Edit a meeting's plan: the fields left out keep their values."""

    kind = kind_field(required=False)
    planned_start = serializers.DateTimeField(required=False, help_text="Ngày giờ dự kiến (ISO 8601, có múi giờ).")
    topic = serializers.CharField(max_length=500, required=False)
    agenda = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    expected_version = version_field()
    schema_required = ("expected_version",)


class HeldSerializer(serializers.Serializer[Any]):
    started_at = serializers.DateTimeField(help_text="Giờ bắt đầu thực tế (ISO 8601, có múi giờ).")
    ended_at = serializers.DateTimeField(help_text="Giờ kết thúc, sau giờ bắt đầu.")
    expected_version = version_field()
    schema_required = ("started_at", "ended_at", "expected_version")


class MinutesSerializer(serializers.Serializer[Any]):
    minutes = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, help_text="Biên bản (văn bản).")
    resolutions = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, help_text="Nghị quyết, kết luận.")
    expected_version = version_field()


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255, help_text="Lý do hủy.")
    expected_version = version_field()


# ---- attendance ----------------------------------------------------------------------------------


def presence_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="PresenceEnum", choices=Presence.choices, **kwargs)


def reason_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="AbsenceReasonEnum", choices=AbsenceReason.choices, **kwargs)


class AttendanceLineSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="Mã (id) đảng viên.")
    member_name = serializers.CharField()
    member_status = NamedChoiceField(enum_name="MemberStatusEnum", choices=MemberStatus.choices,
                                     help_text="Trạng thái của đảng viên vào ngày sinh hoạt.")  # fmt: skip
    expected = serializers.BooleanField(help_text="Phải dự (đảng viên dự bị, chính thức): mặc định có mặt.")
    optional = serializers.BooleanField(help_text="Được miễn sinh hoạt: chỉ tính khi có mặt.")
    presence = presence_field(allow_null=True, help_text="Đã lưu (hoặc mặc định); null: không tính.")
    reason = reason_field(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class AttendanceSheetSerializer(serializers.Serializer[Any]):
    meeting = serializers.IntegerField(help_text="Mã (id) buổi sinh hoạt.")
    day = serializers.DateField()
    version = serializers.IntegerField(help_text="Gửi lại trong `expected_version` khi lưu.")
    recorded_at = serializers.DateTimeField(allow_null=True, help_text="Lần điểm danh gần nhất; null: chưa điểm danh.")
    present_count = serializers.IntegerField()
    excused_count = serializers.IntegerField()
    unexcused_count = serializers.IntegerField()
    expected_count = serializers.IntegerField()
    quorum_base = serializers.IntegerField()
    lines = AttendanceLineSerializer(many=True, help_text="Danh sách đảng viên của chi bộ vào ngày sinh hoạt.")


class MarkSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Mã (id) đảng viên.")
    presence = presence_field()
    reason = reason_field(required=False, allow_blank=True, help_text="Lý do vắng (bắt buộc khi vắng có lý do).")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class AttendanceSaveSerializer(serializers.Serializer[Any]):
    """The whole sheet at once: everyone who must attend is present unless listed here."""

    expected_version = version_field()
    exceptions = MarkSerializer(  # type: ignore[call-arg]  # many=True makes a ListSerializer, which takes it
        many=True, max_length=1000,
        help_text="Chỉ những người khác “có mặt” (và người được miễn sinh hoạt có mặt); mỗi người một lần.",
    )  # fmt: skip

    def validate_exceptions(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [item["member"] for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Mỗi đảng viên chỉ được ghi một lần.")
        return value


# ---- compliance ----------------------------------------------------------------------------------


class CellQuarterSerializer(serializers.ModelSerializer[CellQuarter]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = NamedChoiceField(enum_name="ComplianceEnum", choices=Compliance.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    attendance_pct = serializers.SerializerMethodField(help_text="Tỷ lệ có mặt của quý (%, làm tròn xuống).")
    reasons = serializers.SerializerMethodField(help_text="Các nhận xét tiếng Việt, nêu quy định và căn cứ.")

    class Meta:
        model = CellQuarter
        fields: tuple[str, ...] = (
            "id", "organization", "organization_name", "grassroots", "year", "quarter", "months_due", "monthly_held",
            "thematic_held", "meetings_held", "too_short", "with_guest", "present", "expected", "attendance_pct",
            "status", "status_display", "reasons", "computed_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_attendance_pct(self, row: CellQuarter) -> int | None:
        return percent(row.present, row.expected) if row.expected else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, row: CellQuarter) -> list[str]:
        return [str(r) for r in (row.reasons or [])]
