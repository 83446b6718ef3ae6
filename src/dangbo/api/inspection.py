"""Inspection and supervision under /api/v1/inspection/: programmes (list, read, create, correct) and cases (list
with filters, full record, open or plan one, its stages with their deadlines and the steps taken on it through
`/cases/{id}/steps/`).

Reads need `Right.VIEW_DISCIPLINE` somewhere, writes `MANAGE_DISCIPLINE` over the inspecting organization (403 for
one only read). An id outside the scope, in the URL, a filter or a body (organization, member, programme,
complaint), answers 404 and is logged. A refusal of the rules answers 400 with the services' Vietnamese message and
saves nothing; a stale `expected_version` 409. Each full case read is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.complaints.selectors import complaints_for
from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.inspection import services, steps
from dangbo.inspection.conclusion import DisciplineChoice, conclude
from dangbo.inspection.deadlines import stage_lines
from dangbo.inspection.enums import CaseKind, CaseState, Stage
from dangbo.inspection.models import Case, Programme
from dangbo.inspection.selectors import cases_for, programmes_for, runners_for
from dangbo.inspection.services import Decision, TeamEntry
from dangbo.organizations.selectors import organizations_for

from .filters import IdFilter, OrganizationIdFilter, ScopedIdFilter, WholeNumberFilter
from .inspection_serializers import (
    STEP_DATA,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseStepSerializer,
    ProgrammeCreateSerializer,
    ProgrammeSerializer,
    ProgrammeUpdateSerializer,
    StageSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Kiểm tra, giám sát"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (đối tượng ngoài tổ chức tiến hành, bước trước bước liền "
    "trước hoặc trước quyết định, kết luận trước khi có kết quả thẩm tra, hạn theo dõi trước ngày kết luận, vi phạm "
    "đã hết thời hiệu…): thông báo tiếng Việt nêu quy định, không lưu gì.",
)
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật kiểm tra, giám sát của đơn vị này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)
CREATED = {400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND}
STAGE_OF_STEP = {"notice": Stage.NOTICE, "report": Stage.REPORT, "verification": Stage.VERIFICATION,
                 "draft": Stage.DRAFT, "conclusion_notice": Stage.CONCLUSION_NOTICE}  # fmt: skip


class InspectionViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_DISCIPLINE
    write_right = Right.MANAGE_DISCIPLINE
    read_refusal = "Bạn không có quyền xem kiểm tra, giám sát."
    write_refusal = "Bạn không có quyền cập nhật kiểm tra, giám sát."
    manage_refusal = "Bạn không có quyền cập nhật kiểm tra, giám sát của đơn vị này."
    unit_path = "organization.path"


# ---- programmes ----------------------------------------------------------------------------------


class ProgrammeFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="organization__path", right=Right.VIEW_DISCIPLINE, subtree=True,
                                        label="Tổ chức (id): chương trình của tổ chức này và cấp dưới")  # fmt: skip
    year = WholeNumberFilter(min_value=2000, max_value=2100, label="Năm")

    class Meta:
        model = Programme
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách chương trình kiểm tra, giám sát",
                       description="Chương trình của các tổ chức trong phạm vi, năm mới trước."),
    retrieve=extend_schema(summary="Một chương trình", responses={200: ProgrammeSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, InspectionViewSet):
    queryset = Programme.objects.none()
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    audit_name = "inspection_programme"

    def get_queryset(self) -> QuerySet[Programme]:
        return programmes_for(self.scope).select_related("organization").order_by("-year", "organization__path", "id")

    @extend_schema(
        summary="Lập chương trình năm",
        request=ProgrammeCreateSerializer,
        responses={201: ProgrammeSerializer, **CREATED},
        description="Một chương trình mỗi năm cho mỗi chủ thể (cấp ủy hoặc ủy ban kiểm tra) của tổ chức.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.valid(ProgrammeCreateSerializer))
        data["organization"] = self.fetch_in_scope(runners_for(self.scope), data["organization"], what="organization")
        programme = services.create_programme(actor=request.user, **data)
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa chương trình", request=ProgrammeUpdateSerializer,
                   description="Số, ngày ban hành, tên, ghi chú; kèm `expected_version`.",
                   responses=ANSWERS.edit(ProgrammeSerializer))  # fmt: skip
    def partial_update(self, request: Request, pk: str) -> Response:
        programme = self.managed_object()
        data = dict(self.valid(ProgrammeUpdateSerializer))
        programme = services.update_programme(actor=request.user, programme=programme, **data)
        return Response(ProgrammeSerializer(programme).data)


# ---- cases ---------------------------------------------------------------------------------------


class CaseFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="organization__path", right=Right.VIEW_DISCIPLINE, subtree=True,
                                        label="Tổ chức (id): cuộc do tổ chức này và cấp dưới tiến hành")  # fmt: skip
    programme = ScopedIdFilter(field_name="programme_id", what="inspection_programme", label="Chương trình (id)",
                               in_scope=lambda scope: programmes_for(scope))  # fmt: skip
    complaint = IdFilter(field_name="complaint_id", label="Đơn khiếu nại, tố cáo (id)")
    kind = filters.MultipleChoiceFilter(choices=CaseKind.choices, label="Loại (có thể lặp lại)")
    state = filters.MultipleChoiceFilter(choices=CaseState.choices, label="Tình trạng (có thể lặp lại)")
    year = WholeNumberFilter(field_name="decision_date__year", min_value=2000, max_value=2100,
                             label="Năm của quyết định")  # fmt: skip
    overdue = filters.BooleanFilter(method="filter_overdue", label="Chỉ cuộc có bước tiếp theo đã quá hạn")
    q = filters.CharFilter(method="filter_q", label="Tên đối tượng, không phân biệt dấu (đầu từ)")

    class Meta:
        model = Case
        fields = ()

    def filter_overdue(self, queryset: QuerySet[Case], name: str, value: bool | None) -> QuerySet[Case]:
        if value is None:
            return queryset
        late = Q(due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_q(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        key = normalize_search(value)
        if not key:
            return queryset
        return queryset.filter(word_prefix_q(key, "subject_member__search_name")
                               | word_prefix_q(key, "subject_organization__search_name"))  # fmt: skip


def _step(code: str) -> Callable[..., Any]:
    """The service call of a step: (actor, case, data, version) → its answer."""

    def stage(*, actor: Any, case: Case, data: dict[str, Any], version: int) -> Any:
        return steps.record_stage(actor=actor, case=case, stage=STAGE_OF_STEP[code], done_on=data["on"],
                                  expected_version=version)  # fmt: skip

    calls: dict[str, Callable[..., Any]] = {
        "decision": lambda *, actor, case, data, version: services.record_decision(
            actor=actor, case=case, expected_version=version, decision=_decision(data)),
        "conclusion": lambda *, actor, case, data, version: _conclude(actor, case, data, version),
        "close": lambda *, actor, case, data, version: steps.close_case(
            actor=actor, case=case, closed_on=data["on"], expected_version=version),
        "team": lambda *, actor, case, data, version: services.set_team(
            actor=actor, case=case, expected_version=version, team=data["team"]),
        "finding": lambda *, actor, case, data, version: steps.add_finding(
            actor=actor, case=case, expected_version=version, **data),
        "follow_up": lambda *, actor, case, data, version: steps.add_follow_up(
            actor=actor, case=case, expected_version=version, **data),
        "follow_up_done": lambda *, actor, case, data, version: steps.complete_follow_up(
            actor=actor, case=case, item_id=data["item"], done_on=data["on"], expected_version=version),
    }  # fmt: skip
    return calls.get(code, stage)


def _decision(data: dict[str, Any]) -> Decision:
    return Decision(number=data["decision_number"], date=data["decision_date"], violation_date=data["violation_date"],
                    violation_form=data["violation_form"], violation_kind=data["violation_kind"])  # fmt: skip


def _conclude(actor: Any, case: Case, data: dict[str, Any], version: int) -> Case:
    choice = None
    if data["form"]:
        choice = DisciplineChoice(
            form=data["form"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            votes_for=data["votes_for"],
            voters_entitled=data["voters_entitled"],
            violation_date=data["violation_date"],
        )
    return conclude(actor=actor, case=case, expected_version=version, concluded_on=data["concluded_on"],
                    result=data["result"], conclusion=data["conclusion"], conclusion_number=data["conclusion_number"],
                    discipline=choice)  # fmt: skip


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách cuộc kiểm tra, giám sát",
                       description="Cuộc do các tổ chức trong phạm vi tiến hành, quyết định mới trước; lọc theo tổ "
                       "chức, chương trình, đơn, loại, tình trạng, năm, quá hạn, tên đối tượng."),
    retrieve=extend_schema(summary="Một cuộc (đủ hồ sơ; mỗi lần xem được ghi nhật ký)",
                           responses={200: CaseDetailSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, InspectionViewSet):
    queryset = Case.objects.none()
    filterset_class = CaseFilter
    audit_name = "inspection_case"

    def get_queryset(self) -> QuerySet[Case]:
        qs = (
            cases_for(self.scope)
            .select_related("organization", "subject_member", "subject_organization__parent")
            .order_by("-decision_date", "-id")
        )
        if self.action != "list":
            qs = qs.prefetch_related("team__member", "findings", "follow_ups")
        return qs

    def get_serializer_class(self) -> type[CaseListSerializer]:
        return CaseListSerializer if self.action == "list" else CaseDetailSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def answer(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        today = timezone.localdate()
        context = {"today": today, "stages": stage_lines(fresh, today=today)}
        return Response(CaseDetailSerializer(fresh, context=context).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        self.log_viewed("inspection.case.viewed", case, object_repr=str(case), scope_path=case.organization.path)
        return self.answer(case)

    @extend_schema(
        summary="Mở hoặc thêm một cuộc",
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer, **CREATED},
        description="Có `decision`: cuộc bắt đầu (kiểm tra khi có dấu hiệu vi phạm: ngày, mức độ vi phạm, "
        "thời hiệu được kiểm tra). Không có: cuộc chỉ được thêm vào chương trình (`programme`).",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(CaseCreateSerializer))
        members = self.visible_members([m for m in [d["member"], *[t["member"] for t in d["team"]]] if m])
        by_id = {m.pk: m for m in members}
        organization = self.fetch_in_scope(runners_for(self.scope), d["organization"], what="organization")
        case = services.open_case(
            actor=request.user, organization=organization, body=d["body"], kind=d["kind"], content=d["content"],
            member=by_id.get(d["member"]) if d["member"] else None,
            subject_organization=self._organization(d["subject_organization"]),
            programme=self._fetch(d["programme"], programmes_for(self.scope, right=Right.MANAGE_DISCIPLINE),
                                  "inspection_programme"),
            complaint=self._fetch(d["complaint"], complaints_for(self.scope), "complaint"),
            planned_month=d["planned_month"], decision=_decision(d["decision"]) if d["decision"] else None,
            team=self._team(d["team"], by_id),
        )  # fmt: skip
        return self.answer(case, status.HTTP_201_CREATED)

    def _fetch(self, pk: int | None, qs: QuerySet[Any], what: str) -> Any:
        return None if pk is None else self.fetch_in_scope(qs, pk, what=what)

    def _organization(self, pk: int | None) -> Any:
        return self._fetch(pk, organizations_for(self.scope, right=Right.VIEW_DISCIPLINE), "organization")

    def _team(self, raw: list[dict[str, Any]], by_id: dict[int, Any]) -> list[TeamEntry]:
        return [TeamEntry(member=by_id.get(t["member"]) if t["member"] else None, name=t["name"],
                          position=t["position"], role=t["role"]) for t in raw]  # fmt: skip

    @extend_schema(
        methods=["GET"],
        summary="Các bước của cuộc, với hạn và ngày xong",
        responses={200: StageSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(methods=["POST"], summary="Thực hiện một bước của cuộc", request=CaseStepSerializer,
                   description="Một bước (xem `data` theo từng bước) kèm `expected_version` đã đọc: quyết định, các "
                   "bước có ngày theo thứ tự, thành phần đoàn, kết quả thẩm tra, kết luận (kỷ luật trong thẩm quyền "
                   "được ghi qua dịch vụ kỷ luật; ngoài thẩm quyền ghi đề nghị), việc theo dõi và hoàn thành.",
                   responses=ANSWERS.edit(CaseDetailSerializer))  # fmt: skip
    @action(detail=True, methods=["get", "post"], url_path="steps", filter_backends=[], pagination_class=None)
    def steps(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            return Response(StageSerializer(stage_lines(case, today=timezone.localdate()), many=True).data)
        case = self.managed_object()
        body = self.valid(CaseStepSerializer)
        data = dict(self._step_data(body["step"], body["data"]))
        if body["step"] == "team":
            ids = [t["member"] for t in data["team"] if t["member"]]
            data["team"] = self._team(data["team"], {m.pk: m for m in self.visible_members(ids)})
        _step(body["step"])(actor=request.user, case=case, data=data, version=body["expected_version"])
        return self.answer(case)

    def _step_data(self, step: str, raw: dict[str, Any]) -> dict[str, Any]:
        serializer = STEP_DATA[step](data=raw)
        if not serializer.is_valid():
            raise ValidationError({"data": serializer.errors})
        return dict(serializer.validated_data)
