"""Admissions under /api/v1/: candidacies (read, propose, take a step), quotas (read, set) and deadlines.

Reads need `Right.VIEW_ADMISSIONS` somewhere (403 otherwise: a plain member sees no admission records) and
come from the admissions selectors, so an out-of-scope id answers 404 and is logged. Proposing needs
`MANAGE_ADMISSIONS` on the cell; a step needs it on the candidate's cell, DECISION and HIGHER_DECISION
`DECIDE_ADMISSIONS` there or on the deciding committee (the workflow's `may_take`; 403 otherwise). A step
broken by rules answers 400 with every finding (`errors` by rule code, `api.errors`); a stale version 409.
Quotas are set through `quota_services.set_quota` (the bloc's organization board; a reader gets 403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import django_filters as filters
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.admissions import quota_services, services, workflow
from dangbo.admissions.deadlines import deadlines
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import Candidate, Transition
from dangbo.admissions.quotas import grassroots_in_scope, quota_rows
from dangbo.admissions.selectors import candidates_for, deadlines_for, sponsor_pool, sponsors_out_of_scope
from dangbo.core.audit import log_denied
from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from .admission_serializers import (
    CandidateCreateSerializer,
    CandidateDetailSerializer,
    CandidateListSerializer,
    DeadlineSerializer,
    QuotaRowSerializer,
    QuotaUpdateSerializer,
    StepSerializer,
)
from .filters import OrganizationIdFilter, date_param, year_param
from .serializers import ErrorSerializer
from .views import NOT_FOUND, REFUSED, ScopedViewSet

TAGS = ["Kết nạp đảng viên"]
STALE = OpenApiResponse(ErrorSerializer, description="Hồ sơ đã được người khác sửa; không lưu gì.")
RULES_BROKEN = OpenApiResponse(
    ErrorSerializer,
    description="Sai thứ tự bước, dữ liệu không hợp lệ, hoặc vi phạm quy định kết nạp: `errors` liệt kê từng "
    "quy định vi phạm (khóa là mã quy định, ví dụ `age`, `sponsors`, `vote`) với thông báo tiếng Việt nêu căn cứ; "
    "không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền thực hiện việc này tại đơn vị đó.")


class ReadsAdmissions(BasePermission):
    """Every admissions endpoint needs VIEW_ADMISSIONS somewhere; writes MANAGE_ADMISSIONS (quotas: DECIDE)."""

    message = "Bạn không có quyền xem hồ sơ kết nạp đảng viên."

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_for(request.user)
        if not scope.has_right(Right.VIEW_ADMISSIONS):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = "Bạn không có quyền cập nhật hồ sơ kết nạp đảng viên."
        return scope.has_right(getattr(view, "write_right", Right.MANAGE_ADMISSIONS))


class AdmissionsViewSet(ScopedViewSet[Any]):
    permission_classes = (*ScopedViewSet.permission_classes, ReadsAdmissions)
    write_right = Right.MANAGE_ADMISSIONS


# ---- candidacies ---------------------------------------------------------------------------------


class CandidateFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path", right=Right.VIEW_ADMISSIONS, subtree=True,
        label="Tổ chức (id): hồ sơ của các chi bộ thuộc tổ chức này",
    )  # fmt: skip
    stage = filters.MultipleChoiceFilter(choices=Stage.choices, label="Giai đoạn (có thể lặp lại)")
    year = filters.NumberFilter(
        method="filter_year", min_value=2000, max_value=2100,
        label="Năm: hồ sơ có quyết định kết nạp trong năm, hoặc chưa có quyết định và được giới thiệu trong năm",
    )  # fmt: skip
    q = filters.CharFilter(method="filter_q", label="Tìm theo họ tên (không phân biệt dấu) hoặc số CCCD")

    class Meta:
        model = Candidate
        fields = ()

    def filter_year(self, queryset: QuerySet[Candidate], name: str, value: Any) -> QuerySet[Candidate]:
        year = int(value)
        return queryset.filter(Q(decided_on__year=year) | Q(decided_on__isnull=True, proposed_on__year=year))

    def filter_q(self, queryset: QuerySet[Candidate], name: str, value: str) -> QuerySet[Candidate]:
        key = normalize_search(value)
        if not key:
            return queryset
        return queryset.filter(citizen_id__startswith=key) if key.isdigit() else queryset.filter(word_prefix_q(key))


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách hồ sơ kết nạp",
        description="Quần chúng ưu tú và người được kết nạp của các chi bộ trong phạm vi, theo thứ tự tiếng Việt. "
        "Danh sách không có số CCCD.",
    ),
    retrieve=extend_schema(
        summary="Một hồ sơ kết nạp",
        description="Toàn bộ hồ sơ, kể cả số CCCD, các bước đã thực hiện, người giới thiệu, các lần biểu quyết, "
        "hạn đang mở và các bước có thể làm tiếp. Mỗi lần xem được ghi nhật ký.",
        responses={200: CandidateDetailSerializer, 404: NOT_FOUND},
    ),
)
class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AdmissionsViewSet):
    queryset = Candidate.objects.none()  # the real queryset is scoped: see get_queryset
    filterset_class = CandidateFilter
    audit_name = "candidate"

    def get_queryset(self) -> QuerySet[Candidate]:
        qs = candidates_for(self.scope).select_related("cell").order_by("sort_key", "id")
        if self.action != "list":
            steps = Transition.objects.select_related("actor", "rule_set").order_by("at", "pk")
            qs = qs.prefetch_related(Prefetch("transitions", queryset=steps), "sponsors__member", "votes")
        return qs

    def get_serializer_class(self) -> type[CandidateListSerializer]:
        return CandidateListSerializer if self.action == "list" else CandidateDetailSerializer

    def detail_response(self, candidate: Candidate, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=candidate.pk)
        context = {
            "deadlines": deadlines(Candidate.objects.filter(pk=fresh.pk), today=timezone.localdate()),
            "available_steps": workflow.available_steps(fresh),
        }
        return Response(CandidateDetailSerializer(fresh, context=context).data, status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self.get_object()
        self.log_viewed("admissions.candidate.viewed", candidate, object_repr=candidate.full_name,
                        scope_path=candidate.path)  # fmt: skip
        return self.detail_response(candidate)

    @extend_schema(
        summary="Giới thiệu quần chúng ưu tú",
        description="Lập hồ sơ kết nạp (giai đoạn “được giới thiệu”) tại một chi bộ trong phạm vi được quyền cập "
        "nhật hồ sơ kết nạp. Lý lịch được kiểm tra như phiếu đảng viên; số CCCD đã có trong danh sách đảng viên "
        "hoặc đang có hồ sơ khác chưa kết thúc: 400.",
        request=CandidateCreateSerializer,
        responses={201: CandidateDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CandidateCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cell = self.fetch_in_scope(
            organizations_for(self.scope, right=Right.MANAGE_ADMISSIONS), data["cell"], what="organization"
        )
        candidate = services.propose(
            actor=request.user, cell=cell, sheet=serializer.sheet(), proposer_kind=data["proposer_kind"],
            proposer_name=data.get("proposer_name", ""), proposed_on=data["proposed_on"],
        )  # fmt: skip
        return self.detail_response(candidate, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Thực hiện một bước của hồ sơ kết nạp",
        description="Một bước của quy trình (xem `data` theo từng bước), kèm `expected_version` đã đọc. Bước "
        "quyết định kết nạp và quyết định của cấp trên cần quyền quyết định kết nạp. Vi phạm quy định: 400 liệt "
        "kê mọi quy định vi phạm; không có quyền: 403; hồ sơ đã bị sửa: 409.",
        request=StepSerializer,
        responses={200: CandidateDetailSerializer, 400: RULES_BROKEN, 403: NO_RIGHT, 404: NOT_FOUND, 409: STALE},
    )
    @action(detail=True, methods=["post"], url_path="steps", filter_backends=[], serializer_class=StepSerializer)
    def steps(self, request: Request, pk: str) -> Response:
        candidate = self.get_object()
        data = self.valid(StepSerializer)
        self._check_step_right(candidate, Step(data["step"]))
        if data["step"] == Step.SPONSORS:
            self._refuse_hidden_sponsors(candidate, data["data"].get("sponsors"))
        workflow.perform(
            actor=request.user, candidate=candidate, step=data["step"], expected_version=data["expected_version"],
            data=data["data"],
        )  # fmt: skip
        return self.detail_response(candidate)

    def _refuse_hidden_sponsors(self, candidate: Candidate, raw: Any) -> None:
        """A sponsor outside the user's scope answers 404 and is logged: the rule's refusal would name them."""
        items = raw if isinstance(raw, list) else []
        ids = [item.get("member_id") for item in items if isinstance(item, dict)]
        hidden = sponsors_out_of_scope(sponsor_pool(self.scope, candidate), ids)
        for member_id in hidden:
            log_denied(actor=self.request.user, what="member", object_id=member_id, request=self.request._request)
        if hidden:
            raise NotFound

    def _check_step_right(self, candidate: Candidate, step: Step) -> None:
        if workflow.may_take(self.scope, candidate, step):
            return
        if step in workflow.DECIDING_STEPS:
            raise PermissionDenied("Bước này do cấp ủy có thẩm quyền quyết định kết nạp thực hiện.")
        raise PermissionDenied("Bạn không có quyền cập nhật hồ sơ kết nạp này.")


# ---- quotas --------------------------------------------------------------------------------------


YEAR_PARAMETER = OpenApiParameter(
    "year", OpenApiTypes.INT, description="Năm (mặc định: năm nay), từ 2000 đến 2100.", required=False
)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Chỉ tiêu kết nạp theo tổ chức cơ sở đảng",
        description="Mỗi tổ chức cơ sở đảng trong phạm vi: số đảng viên ngày 01/01, chỉ tiêu gợi ý và đã giao, số "
        "đã kết nạp, số có khả năng kết nạp, tỷ lệ và dự báo cuối năm.",
        parameters=[YEAR_PARAMETER],
        responses={200: QuotaRowSerializer(many=True), 400: REFUSED},
    ),
)
class QuotaViewSet(mixins.ListModelMixin, AdmissionsViewSet):
    """Quotas by grassroots organization: the id in the URL is the organization's."""

    queryset = Organization.objects.none()
    serializer_class = QuotaRowSerializer
    write_right = Right.DECIDE_ADMISSIONS
    audit_name = "organization"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = year_param(request.query_params.get("year"), default=timezone.localdate().year)
        rows = quota_rows(self.scope, year=year, today=timezone.localdate())
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(QuotaRowSerializer(cast(Any, page), many=True, context={"year": year}).data)

    @extend_schema(
        summary="Giao chỉ tiêu kết nạp",
        description="Giao (hoặc sửa) chỉ tiêu kết nạp của một tổ chức cơ sở đảng (id trong đường dẫn) cho một năm: "
        "chỉ Ban Tổ chức cấp trên (quyền quyết định kết nạp). Sửa chỉ tiêu đã giao cần `expected_version`; đã bị "
        "sửa: 409. Chỉ tiêu âm hoặc lớn hơn số đảng viên ngày 01/01: 400.",
        request=QuotaUpdateSerializer,
        responses={200: QuotaRowSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND, 409: STALE},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        data = self.valid(QuotaUpdateSerializer, partial=True)
        year = data["year"]
        organization = self.fetch_in_scope(grassroots_in_scope(self.scope, year), pk, what="organization")
        quota_services.set_quota(
            actor=request.user, organization=organization, year=year, quota=data["quota"],
            expected_version=data.get("expected_version"), note=data.get("note", ""),
        )  # fmt: skip
        rows = quota_rows(self.scope, year=year, today=timezone.localdate())
        row = next(r for r in rows if r.organization.pk == organization.pk)
        return Response(QuotaRowSerializer(row, context={"year": year}).data)


# ---- deadlines -----------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Hạn của quy trình kết nạp",
        description="Hạn đang mở trong phạm vi (tổ chức lễ kết nạp, xét công nhận đảng viên chính thức, cấp trên "
        "quyết định sau ba lần biểu quyết không đạt), quá hạn trước, rồi theo ngày; kèm quy định đặt ra từng hạn. "
        "`until` giới hạn các hạn đến hết ngày đó; `overdue=true` chỉ các hạn đã quá.",
        parameters=[
            OpenApiParameter("until", OpenApiTypes.DATE, description="Chỉ các hạn đến hết ngày này (YYYY-MM-DD)."),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="true: chỉ các hạn đã quá."),
        ],
        responses={200: DeadlineSerializer(many=True), 400: REFUSED},
    ),
)
class DeadlineViewSet(mixins.ListModelMixin, AdmissionsViewSet):
    queryset = Candidate.objects.none()
    serializer_class = DeadlineSerializer
    audit_name = "candidate"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw_until = request.query_params.get("until")
        until: dt.date | None = date_param(raw_until, name="until") if raw_until else None
        overdue = request.query_params.get("overdue", "")
        if overdue not in ("", "true", "false"):
            raise ValidationError({"overdue": ["Tham số overdue cần là true hoặc false."]}, code="invalid")
        rows = deadlines_for(self.scope, today=timezone.localdate(), until=until)
        if overdue:
            rows = [d for d in rows if d.overdue == (overdue == "true")]
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(DeadlineSerializer(cast(Any, page), many=True).data)
