"""Yearly tasks under /api/v1/tasks/: list and read the tasks cells gave their members, give a task (to one or
several members of a cell at once), edit it, report progress, record the year-end result, and list the active
members without a task in a year.

Reads need `Right.VIEW_CELL_LIFE` somewhere, writes `MANAGE_CELL_LIFE` over the task's cell (403 for a cell the
user only reads). A cell or member id outside the scope, in a filter or a body, answers 404 and is logged. The
rules of a task (a member who is not in the cell on the day given, or not active: exempt, transferred, left; a
deadline before the day given; a result inconsistent with its dates) answer 400 with the Vietnamese message of
`assignments.services`, nothing saved; a stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.assignments import services
from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.assignments.selectors import members_without_task, tasks_for
from dangbo.members.models import Member
from dangbo.organizations.selectors import organizations_for

from .filters import OrganizationIdFilter, WholeNumberFilter, member_filter, year_param
from .meetings import NO_RIGHT, STALE, CellLifeViewSet
from .serializers import ErrorSerializer
from .task_serializers import (
    AssignSerializer,
    MemberWithoutTaskSerializer,
    TaskEditSerializer,
    TaskProgressSerializer,
    TaskResultSerializer,
    TaskSerializer,
)
from .views import NOT_FOUND
from .writes import WriteAnswers

TAGS = ["Nhiệm vụ đảng viên"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (đảng viên không sinh hoạt tại chi bộ ngày giao hoặc không "
    "còn hoạt động, thời hạn trước ngày giao, kết quả không khớp ngày hoàn thành…): thông báo tiếng Việt, không lưu "
    "gì.",
)
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class TaskFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path", right=Right.VIEW_CELL_LIFE, subtree=True,
        label="Tổ chức (id): nhiệm vụ do các chi bộ của tổ chức này giao",
    )  # fmt: skip
    member = member_filter(Right.VIEW_CELL_LIFE)
    year = WholeNumberFilter(min_value=2000, max_value=2100, label="Năm")
    kind = filters.MultipleChoiceFilter(choices=TaskKind.choices, label="Loại nhiệm vụ (có thể lặp lại)")
    result = filters.MultipleChoiceFilter(
        choices=[*TaskResult.choices, ("none", "Chưa có kết quả")], method="filter_result",
        label="Kết quả cuối năm (có thể lặp lại; `none`: chưa có)",
    )  # fmt: skip

    class Meta:
        model = TaskAssignment
        fields = ()

    def filter_result(
        self, queryset: QuerySet[TaskAssignment], name: str, value: list[str]
    ) -> QuerySet[TaskAssignment]:
        if not value:
            return queryset
        return queryset.filter(result__in=["" if v == "none" else v for v in value])


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách nhiệm vụ",
        description="Nhiệm vụ các chi bộ trong phạm vi giao cho đảng viên, theo năm, hạn; lọc theo đơn vị, đảng viên, "
        "năm, loại, kết quả.",
    ),
    retrieve=extend_schema(summary="Một nhiệm vụ", responses={200: TaskSerializer, 404: NOT_FOUND}),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CellLifeViewSet):
    queryset = TaskAssignment.objects.none()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    audit_name = "task"
    unit_path = "path"  # the task's cell, kept on the task

    def get_queryset(self) -> QuerySet[TaskAssignment]:
        return (
            tasks_for(self.scope, own=False)
            .select_related("member", "organization")
            .order_by("-year", "organization__sort_key", "member__sort_key", "deadline", "id")
        )

    def answer(self, task: TaskAssignment) -> Response:
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(
        summary="Giao nhiệm vụ",
        description="Giao cùng một nhiệm vụ cho một hoặc nhiều đảng viên của chi bộ (`cell`) được quyền cập nhật: tất "
        "cả hoặc không ai. Đảng viên không sinh hoạt tại chi bộ ngày giao, không còn hoạt động (miễn sinh hoạt, "
        "chuyển đi, đã ra khỏi chi bộ): 400 nêu tên từng người. Trả về các nhiệm vụ đã giao.",
        request=AssignSerializer,
        responses={201: TaskSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(AssignSerializer)
        cell = self.fetch_in_scope(
            organizations_for(self.scope, right=Right.MANAGE_CELL_LIFE), d["cell"], what="organization"
        )
        members = self.visible_members(d["members"])
        tasks = services.assign_task(
            actor=request.user, cell=cell, members=members, title=d["title"], kind=d["kind"],
            assigned_on=d["assigned_on"], deadline=d["deadline"], year=d.get("year"), details=d.get("details", ""),
        )  # fmt: skip
        fresh = self.get_queryset().filter(pk__in=[t.pk for t in tasks])
        return Response(TaskSerializer(fresh, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa nhiệm vụ",
        description="Nội dung, loại, ngày giao, thời hạn (trường không gửi giữ nguyên), kèm `expected_version`. Đảng "
        "viên và chi bộ không đổi.",
        request=TaskEditSerializer,
        responses=ANSWERS.edit(TaskSerializer),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task: TaskAssignment = self.managed_object()
        d = self.valid(TaskEditSerializer)
        task = services.update_task(
            actor=request.user, task=task, expected_version=d["expected_version"], title=d.get("title", task.title),
            kind=d.get("kind", task.kind), assigned_on=d.get("assigned_on", task.assigned_on),
            deadline=d.get("deadline", task.deadline), details=d.get("details", task.details),
        )  # fmt: skip
        return self.answer(task)

    @ANSWERS.action("progress", request=TaskProgressSerializer, ok=TaskSerializer, summary="Cập nhật tiến độ")
    def progress(self, request: Request, pk: str) -> Response:
        task = self.managed_object()
        d = self.valid(TaskProgressSerializer)
        task = services.update_progress(actor=request.user, task=task, expected_version=d["expected_version"],
                                        progress=d["progress"], note=d.get("note", ""))  # fmt: skip
        return self.answer(task)

    @ANSWERS.action(
        "result", request=TaskResultSerializer, ok=TaskSerializer, summary="Ghi kết quả cuối năm",
        description="Vượt yêu cầu, đúng hạn, chậm (kèm ngày hoàn thành, khớp với thời hạn) hoặc không hoàn thành; "
        "`result` rỗng để xóa kết quả đã ghi.",
    )  # fmt: skip
    def result(self, request: Request, pk: str) -> Response:
        task = self.managed_object()
        d = self.valid(TaskResultSerializer)
        task = services.record_result(actor=request.user, task=task, expected_version=d["expected_version"],
                                      result=d["result"], completed_on=d.get("completed_on"),
                                      note=d.get("note", ""))  # fmt: skip
        return self.answer(task)

    @extend_schema(
        summary="Đảng viên chưa được giao nhiệm vụ",
        description="Đảng viên đang hoạt động (dự bị, chính thức đang sinh hoạt tại chi bộ) trong phạm vi, hoặc của "
        "tổ chức `organization`, chưa có nhiệm vụ nào trong năm `year` (mặc định năm nay); tính vào ngày 31/12 của "
        "năm đã qua, hôm nay với năm nay.",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Năm (mặc định: năm nay), từ 2000 đến 2100."),
            OpenApiParameter("organization", OpenApiTypes.INT, description="Tổ chức (id) trong phạm vi."),
        ],
        responses={200: MemberWithoutTaskSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="without-task", filterset_class=None, filter_backends=[],
            serializer_class=MemberWithoutTaskSerializer)  # fmt: skip
    def without_task(self, request: Request) -> Response:
        year = year_param(request.query_params.get("year"), default=timezone.localdate().year)
        raw = request.query_params.get("organization")
        paths = list(self.scope.paths(Right.VIEW_CELL_LIFE))
        if raw not in (None, ""):
            assert raw is not None
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
                raise serializers.ValidationError({"organization": ["Mã tổ chức (organization) cần là số nguyên."]},
                                                  code="invalid")  # fmt: skip
            unit = self.fetch_in_scope(organizations_for(self.scope, right=Right.VIEW_CELL_LIFE), raw,
                                       what="organization")  # fmt: skip
            paths = [unit.path]
        members = Member.objects.none()
        for path in paths:
            members = members | members_without_task(year, path)
        ordered = members.select_related("organization").order_by("organization__sort_key", "sort_key", "pk")
        page = self.paginate_queryset(ordered)
        return self.get_paginated_response(MemberWithoutTaskSerializer(cast(Any, page), many=True).data)
