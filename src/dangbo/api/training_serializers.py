"""Shapes of the training API: a course with its counts, an enrollment with its result and certificate, a
theory qualification, and the bodies of their writes. They read; writes go through the training services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.training.enums import QUALIFICATION_LEVELS, CourseKind, Result
from dangbo.training.models import Certificate, Course, Enrollment, Qualification

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field

MAX_ID = 2**63 - 1


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="CourseKindEnum", choices=CourseKind.choices, **kwargs)


def result_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="CourseResultEnum", choices=Result.choices, **kwargs)


def level_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="QualificationLevelEnum", choices=QUALIFICATION_LEVELS, **kwargs)


class CourseSerializer(serializers.ModelSerializer[Course]):
    kind = kind_field(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    enrolled = serializers.IntegerField(read_only=True, help_text="Số học viên (trong phạm vi xem của lớp).")
    passed = serializers.IntegerField(read_only=True, help_text="Số học viên đạt.")

    class Meta:
        model = Course
        fields: tuple[str, ...] = (
            "id", "kind", "kind_display", "title", "organizer", "organizer_name", "starts_on", "ends_on", "venue",
            "note", "enrolled", "passed", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class CourseCreateSerializer(serializers.Serializer[Any]):
    kind = kind_field()
    title = serializers.CharField(max_length=255)
    organizer = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Đơn vị tổ chức (id).")
    starts_on = serializers.DateField(help_text="Ngày khai giảng.")
    ends_on = serializers.DateField(help_text="Ngày bế giảng (không trước ngày khai giảng).")
    venue = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CourseEditSerializer(serializers.Serializer[Any]):
    kind = kind_field(required=False)
    title = serializers.CharField(max_length=255, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    venue = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    expected_version = version_field()
    schema_required = ("expected_version",)


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    class Meta:
        model = Certificate
        fields: tuple[str, ...] = ("number", "issued_on", "valid_until", "validity_stated", "validity_note")
        read_only_fields: tuple[str, ...] = fields


class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
    course_title = serializers.CharField(source="course.title", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    result = result_field(read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    certificate = CertificateSerializer(read_only=True, allow_null=True, help_text="Giấy chứng nhận (null: chưa có).")

    class Meta:
        model = Enrollment
        fields: tuple[str, ...] = (
            "id", "course", "course_title", "member", "full_name", "birth_date", "organization", "organization_name",
            "result", "result_display", "result_note", "certificate", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class EnrollSerializer(serializers.Serializer[Any]):
    course = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Lớp (id).")
    member = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Đảng viên (id); hoặc các trường của người chưa là đảng viên.",
    )
    full_name = serializers.CharField(max_length=200, required=False)
    birth_date = serializers.DateField(required=False)
    citizen_id = serializers.CharField(max_length=12, required=False, allow_blank=True)
    organization = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Chi bộ bồi dưỡng, giới thiệu người chưa là đảng viên (id).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = [attrs.get(k) for k in ("full_name", "birth_date", "organization")]
        if attrs.get("member") is None and not all(person):
            raise serializers.ValidationError(
                "Cần `member` (đảng viên), hoặc `full_name`, `birth_date` và `organization` (người chưa là đảng viên)."
            )
        if attrs.get("member") is not None and any(person):
            raise serializers.ValidationError("Chỉ gửi `member`, hoặc các trường của người chưa là đảng viên.")
        return attrs


class RemoveSerializer(serializers.Serializer[Any]):
    expected_version = version_field()


class ResultRowSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Học viên của lớp (id).")
    expected_version = version_field()
    result = result_field()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    certificate_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(
        required=False, allow_null=True, help_text="Ngày cuối còn giá trị nếu giấy ghi; bỏ trống: theo bộ quy tắc."
    )


class ResultsSerializer(serializers.Serializer[Any]):
    rows = ResultRowSerializer(many=True, min_length=1, max_length=1000)  # type: ignore[call-arg]


class QualificationSerializer(serializers.ModelSerializer[Qualification]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    level = level_field(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Qualification
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "level", "level_display", "certificate_number", "issued_on", "institution",
            "note", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class QualificationCreateSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Đảng viên (id).")
    expected_version = version_field()
    level = level_field()
    certificate_number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    institution = serializers.CharField(max_length=255)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class QualificationEditSerializer(serializers.Serializer[Any]):
    certificate_number = serializers.CharField(max_length=60, required=False)
    issued_on = serializers.DateField(required=False)
    institution = serializers.CharField(max_length=255, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_version = version_field()
    schema_required = ("expected_version",)
