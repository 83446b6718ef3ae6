"""Plans' tasks and their progress under /api/v1/plan-tasks/ and /api/v1/plan-progress/ (list, read, create), and the
shapes the plans' create (`targets.PlanViewSet.create`) reads.

Reads need `Right.VIEW_ORGS`: the tasks the user sees (`planning.plan_selectors.tasks_for`: the committee all, a
unit's officer its own, those of every grassroots organization and those it co-ordinates) and their reports. A task
is added with `manage_plans` at or above the plan's issuer; progress is reported with `report_progress` by the task's
owner. An id outside the scope, in the URL or the body, answers 404 and is logged; a broken rule (a task without an
owner, a deadline before the plan's date, a report on a task not one's own or closed, a percent over 100…) answers
400 with the Vietnamese message of the planning services, nothing saved.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for
from dangbo.planning import plans
from dangbo.planning.models import PlanTask, TaskProgress
from dangbo.planning.plan_enums import Board, DeadlineKind, OwnerKind, Stage, TaskState
from dangbo.planning.plan_selectors import (
    Responsibility,
    plans_for,
    progress_for,
    reader_statuses,
    responsibility_for,
    tasks_for,
)

from .enum_fields import NamedChoiceField
from .filters import ScopedIdFilter
from .permissions import HoldsViewRights
from .serializers import ErrorSerializer
from .views import NOT_FOUND, ScopedViewSet

TAGS = ["Kế hoạch, nhiệm vụ"]
MAX_ID = 2**63 - 1
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (nhiệm vụ không có ban hoặc đơn vị chủ trì, hạn trước ngày "
    "ban hành kế hoạch, báo cáo nhiệm vụ không thuộc trách nhiệm hoặc đã đóng, tỷ lệ ngoài 0–100%…): thông báo "
    "tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền lập kế hoạch hoặc báo cáo tiến độ.")


def board_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="PlanBoardEnum", choices=Board.choices, **kwargs)


class PlanCreateSerializer(serializers.Serializer[Any]):
    issuer = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Cấp ủy ban hành (id tổ chức).")
    document_number = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=500)
    issued_on = serializers.DateField()
    year_from = serializers.IntegerField(min_value=1930, max_value=2100)
    year_to = serializers.IntegerField(min_value=1930, max_value=2100)
    implements = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PlanTaskSerializer(serializers.ModelSerializer[PlanTask]):
    owner_kind = NamedChoiceField(enum_name="PlanTaskOwnerKindEnum", choices=OwnerKind.choices, read_only=True)
    board = serializers.CharField(read_only=True, help_text="Ban chủ trì (rỗng khi chủ trì là đơn vị).")
    owner = serializers.CharField(source="owner_label", read_only=True)
    deadline_kind = NamedChoiceField(enum_name="PlanTaskDeadlineKindEnum", choices=DeadlineKind.choices,
                                     read_only=True)  # fmt: skip
    state = NamedChoiceField(enum_name="PlanTaskStateEnum", choices=TaskState.choices, read_only=True)
    coordinating_units: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    overdue = serializers.SerializerMethodField(help_text="Các hạn đã qua mà chưa hoàn thành (yyyy-mm-dd).")
    percent = serializers.SerializerMethodField(help_text="Tiến độ (%), như trên trang kế hoạch.")

    class Meta:
        model = PlanTask
        fields: tuple[str, ...] = (
            "id", "plan", "number", "title", "owner_kind", "board", "unit", "owner", "owner_text",
            "coordinating_boards", "coordinating_units", "deadline_kind", "due_on", "due_day", "due_month",
            "deadline_text", "expected_result", "state", "version", "overdue", "percent",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def _status(self, task: PlanTask) -> Any:
        cache = self.context.setdefault("statuses", {})
        if task.pk not in cache:
            resp = self.context["responsibility"]
            cache[task.pk] = reader_statuses([task], resp, today=timezone.localdate())[0]
        return cache[task.pk]

    def get_overdue(self, task: PlanTask) -> list[str]:
        return [o.due.isoformat() for o in self._status(task).overdue]

    def get_percent(self, task: PlanTask) -> int:
        return int(self._status(task).percent)


class PlanTaskCreateSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    number = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=4000)
    owner_kind = NamedChoiceField(enum_name="PlanTaskOwnerKindEnum", choices=OwnerKind.choices, required=False,
                                  allow_blank=True, default="")  # fmt: skip
    board = NamedChoiceField(enum_name="PlanTaskBoardEnum", choices=[("", ""), *Board.choices], required=False,
                             allow_blank=True, default="")  # fmt: skip
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    owner_text = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    coordinating_boards = serializers.ListField(child=board_field(), required=False, default=list, max_length=10)
    coordinating_units = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list, max_length=200
    )
    deadline_kind = NamedChoiceField(enum_name="PlanTaskDeadlineKindEnum", choices=DeadlineKind.choices)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    due_day = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True, default=None)
    due_month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True, default=None)
    deadline_text = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    expected_result = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class PlanProgressSerializer(serializers.ModelSerializer[TaskProgress]):
    stage = NamedChoiceField(enum_name="PlanProgressStageEnum", choices=Stage.choices, read_only=True)
    reporter = serializers.CharField(source="reporter_label", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = TaskProgress
        fields: tuple[str, ...] = (
            "id", "task", "board", "organization", "reporter", "year", "reported_on", "stage", "percent", "result",
            "has_file",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_has_file(self, progress: TaskProgress) -> bool:
        return bool(progress.file)


class PlanProgressCreateSerializer(serializers.Serializer[Any]):
    task = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    organization = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="Đơn vị báo cáo (nhiệm vụ giao từng tổ chức cơ sở đảng, khi người dùng phụ trách nhiều đơn vị).",
    )  # fmt: skip
    year = serializers.IntegerField(min_value=1930, max_value=2100, required=False, allow_null=True, default=None)
    reported_on = serializers.DateField()
    stage = NamedChoiceField(enum_name="PlanProgressStageEnum", choices=Stage.choices)
    percent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=-(2**31),
                                       max_value=2**31 - 1)  # fmt: skip
    result = serializers.CharField(max_length=4000)


class PlansViewSet(ScopedViewSet[Any]):
    permission_classes = (*ScopedViewSet.permission_classes, HoldsViewRights)
    read_right = Right.VIEW_ORGS
    read_refusal = "Bạn không có quyền xem kế hoạch."

    @property
    def responsibility(self) -> Responsibility:
        if not hasattr(self, "_responsibility"):
            self._responsibility = responsibility_for(self.request.user)
        return self._responsibility


class TaskFilter(filters.FilterSet):
    plan = ScopedIdFilter(field_name="plan_id", what="plan", label="Kế hoạch (id)", in_scope=plans_for)
    state = filters.MultipleChoiceFilter(choices=TaskState.choices, label="Trạng thái (có thể lặp lại)")

    class Meta:
        model = PlanTask
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách nhiệm vụ của kế hoạch",
                       description="Nhiệm vụ người dùng được xem: cấp ủy xem tất cả; đơn vị xem nhiệm vụ của mình."),
    retrieve=extend_schema(summary="Một nhiệm vụ", responses={200: PlanTaskSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class PlanTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlansViewSet):
    queryset = PlanTask.objects.none()
    serializer_class = PlanTaskSerializer
    filterset_class = TaskFilter
    audit_name = "plan_task"
    write_right = Right.MANAGE_PLANS
    write_refusal = "Bạn không có quyền lập kế hoạch, giao nhiệm vụ."

    def get_queryset(self) -> QuerySet[PlanTask]:
        return (
            tasks_for(self.scope, self.responsibility)
            .prefetch_related("coordinating_units")
            .order_by("plan__issued_on", "plan_id", "sort_key", "id")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "responsibility": self.responsibility}

    @extend_schema(summary="Thêm nhiệm vụ vào kế hoạch", request=PlanTaskCreateSerializer,
                   responses={201: PlanTaskSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(PlanTaskCreateSerializer))
        plan = self.fetch_in_scope(plans_for(self.scope).select_related("issuer"), d.pop("plan"), what="plan")
        units = organizations_for(self.scope, right=Right.VIEW_ORGS)
        if d["unit"] is not None:
            d["unit"] = self.fetch_in_scope(units, d["unit"], what="organization")
        d["coordinating_units"] = [self.fetch_in_scope(units, pk, what="organization")
                                   for pk in dict.fromkeys(d["coordinating_units"])]  # fmt: skip
        task = plans.create_task(actor=request.user, plan=plan, data=d)
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data, status=status.HTTP_201_CREATED)


class ProgressFilter(filters.FilterSet):
    task = filters.NumberFilter(field_name="task_id", min_value=1, max_value=MAX_ID, label="Nhiệm vụ (id)")

    class Meta:
        model = TaskProgress
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Báo cáo tiến độ nhiệm vụ",
                       description="Lịch sử báo cáo tiến độ: cấp ủy xem tất cả, đơn vị xem báo cáo của mình."),
    retrieve=extend_schema(summary="Một báo cáo tiến độ", responses={200: PlanProgressSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class TaskProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlansViewSet):
    queryset = TaskProgress.objects.none()
    serializer_class = PlanProgressSerializer
    filterset_class = ProgressFilter
    audit_name = "plan_progress"
    write_right = Right.REPORT_PROGRESS
    write_refusal = "Bạn không có quyền báo cáo tiến độ nhiệm vụ."

    def get_queryset(self) -> QuerySet[TaskProgress]:
        return (
            progress_for(self.scope, self.responsibility)
            .select_related("organization")
            .order_by("task_id", "-reported_on", "-id")
        )

    @extend_schema(summary="Báo cáo tiến độ", description="Do ban hoặc đơn vị chủ trì nhiệm vụ báo cáo (không kèm tệp; "
                   "tệp gửi qua trang nhiệm vụ).", request=PlanProgressCreateSerializer,
                   responses={201: PlanProgressSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(PlanProgressCreateSerializer)
        task = self.fetch_in_scope(tasks_for(self.scope, self.responsibility), d["task"], what="plan_task")
        unit: Organization | None = None
        if d["organization"] is not None:
            unit = self.fetch_in_scope(organizations_for(self.scope, right=Right.VIEW_ORGS), d["organization"],
                                       what="organization")  # fmt: skip
        made = plans.report_progress(
            actor=request.user, task=task, reported_on=d["reported_on"], stage=d["stage"], percent=d["percent"],
            result=d["result"], year=d["year"], unit=unit,
        )  # fmt: skip
        return Response(PlanProgressSerializer(made).data, status=status.HTTP_201_CREATED)
