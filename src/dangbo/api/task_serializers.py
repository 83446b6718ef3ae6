"""Shapes of the tasks API: a task with its progress and result, giving one, editing it, its progress and its
year-end result, and a member without a task. They read; writes go through `assignments.services`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.members.models import Member

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field

MAX_ID = 2**63 - 1


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="TaskKindEnum", choices=TaskKind.choices, **kwargs)


class TaskSerializer(serializers.ModelSerializer[TaskAssignment]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = kind_field(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    result = NamedChoiceField(enum_name="TaskResultEnum", choices=TaskResult.choices, read_only=True,
                              allow_blank=True, help_text="Kết quả cuối năm; rỗng: chưa có.")  # fmt: skip
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = TaskAssignment
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "organization", "organization_name", "year", "title", "details", "kind",
            "kind_display", "assigned_on", "deadline", "progress", "progress_note", "result", "result_display",
            "completed_on", "result_note", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class AssignSerializer(serializers.Serializer[Any]):
    cell = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Chi bộ (id) giao nhiệm vụ.")
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=500,
        help_text="Đảng viên (id) được giao; tất cả cùng một nhiệm vụ.",
    )  # fmt: skip
    title = serializers.CharField(max_length=500)
    kind = kind_field()
    assigned_on = serializers.DateField(help_text="Ngày giao (không sau hôm nay).")
    deadline = serializers.DateField(help_text="Thời hạn (không trước ngày giao, trong năm của nhiệm vụ).")
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                    help_text="Năm của nhiệm vụ (mặc định: năm của thời hạn).")  # fmt: skip
    details = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class TaskEditSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=500, required=False)
    kind = kind_field(required=False)
    assigned_on = serializers.DateField(required=False)
    deadline = serializers.DateField(required=False)
    details = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    expected_version = version_field()
    schema_required = ("expected_version",)


class TaskProgressSerializer(serializers.Serializer[Any]):
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="Tiến độ (%), từ 0 đến 100.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_version = version_field()


class TaskResultSerializer(serializers.Serializer[Any]):
    result = NamedChoiceField(enum_name="TaskResultEnum", choices=TaskResult.choices, allow_blank=True,
                              help_text="Kết quả cuối năm; rỗng để xóa kết quả đã ghi.")  # fmt: skip
    completed_on = serializers.DateField(required=False, allow_null=True,
                                         help_text="Ngày hoàn thành (không có khi không hoàn thành).")  # fmt: skip
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_version = version_field()


class MemberWithoutTaskSerializer(serializers.ModelSerializer[Member]):
    full_name = serializers.CharField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Member
        fields: tuple[str, ...] = ("id", "full_name", "status", "organization", "organization_name")
        read_only_fields: tuple[str, ...] = fields
