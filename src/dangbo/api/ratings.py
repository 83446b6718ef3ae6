"""Rating rounds and ratings under /api/v1/: scoped reads, opening a round, taking a step of a rating.

Rounds and ratings come from the evaluations selectors, widened only by the member's own rating (a
member self-assesses). Opening a round goes through `services.open_campaign`, a step through
`workflow.perform_step`: their `DomainError` answers 400 with the Vietnamese message (the rule that
forbids a level, the "excellent" places left), 409 on a stale version, 403 when the step belongs to
another level.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.evaluations import services as evaluation_services
from dangbo.evaluations import workflow
from dangbo.evaluations.enums import CampaignState, Level, RatingStep, SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.selectors import campaign_progress, campaigns_for, ratings_for
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from .filters import IdFilter
from .rating_serializers import (
    CampaignDetailSerializer,
    CampaignOpenSerializer,
    CampaignSerializer,
    RatingDetailSerializer,
    RatingSerializer,
    RatingStepSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND, REFUSED, ScopedViewSet

STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
NOT_YOURS = OpenApiResponse(ErrorSerializer, description="Việc này do cấp khác thực hiện: thông báo nêu cấp nào.")


class OpensRoundsToWrite(BasePermission):
    """Opening a round needs `Right.MANAGE_ORGS` in at least one organization."""

    message = "Bạn không có quyền mở đợt đánh giá, xếp loại."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or scope_for(request.user).has_right(Right.MANAGE_ORGS)


class RatingScopedViewSet(ScopedViewSet[Any]):
    """A step or round that belongs to another level answers 403, one out of the scope 404 (`api.errors`)."""


def subtree_of(queryset: QuerySet[Any], org_id: int, field_name: str) -> QuerySet[Any]:
    """Rows whose `field_name` (a path) lies under the organization; an unknown one gives no rows."""
    path = Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()
    return queryset.none() if path is None else queryset.filter(**{f"{field_name}__startswith": path})


# ---- rounds --------------------------------------------------------------------------------------


class CampaignFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year", label="Năm")
    state = filters.ChoiceFilter(choices=CampaignState.choices, label="Trạng thái")

    class Meta:
        model = RatingCampaign
        fields = ()


@extend_schema(tags=["Đánh giá, xếp loại"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đợt đánh giá",
        description="Các đợt đánh giá, xếp loại chất lượng bao trùm một phần phạm vi của người dùng (đảng viên: "
        "các đợt có bản xếp loại của mình), năm mới trước.",
    ),
    retrieve=extend_schema(
        summary="Một đợt đánh giá, kèm tiến độ",
        description="Các hạn của từng bước và tiến độ theo tổ chức cơ sở đảng trong phạm vi của người dùng.",
        responses={200: CampaignDetailSerializer, 404: NOT_FOUND},
    ),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RatingScopedViewSet):
    queryset = RatingCampaign.objects.none()  # the real queryset is scoped: see get_queryset
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    permission_classes = (*ScopedViewSet.permission_classes, OpensRoundsToWrite)
    audit_name = "campaign"

    def get_queryset(self) -> QuerySet[RatingCampaign]:
        q = Q(pk__in=campaigns_for(self.scope).values("pk"))
        if self.scope.member_id is not None:
            q |= Q(pk__in=Rating.objects.filter(member_id=self.scope.member_id).values("campaign_id"))
        return (
            RatingCampaign.objects.filter(q)
            .select_related("organization", "rule_set")
            .order_by("-year", "organization__path", "id")
        )

    def detail_response(self, campaign: RatingCampaign, *, status_code: int = status.HTTP_200_OK) -> Response:
        progress = campaign_progress(self.scope, campaign, today=timezone.localdate())
        return Response(CampaignDetailSerializer(campaign, context={"progress": progress}).data, status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.detail_response(self.get_object())

    @extend_schema(
        summary="Mở đợt đánh giá",
        description="Mở đợt đánh giá, xếp loại của một năm cho cây tổ chức của một đảng bộ (cần quyền sắp xếp "
        "tổ chức tại đó): tạo bản xếp loại cho mọi đảng viên, chi bộ và tổ chức cơ sở đảng. Hạn bỏ trống thì "
        "lấy hạn thường lệ.",
        request=CampaignOpenSerializer,
        responses={201: CampaignDetailSerializer, 400: REFUSED, 403: NOT_YOURS, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CampaignOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = self.fetch_in_scope(
            organizations_for(self.scope, right=Right.MANAGE_ORGS),
            serializer.validated_data["organization"],
            what="organization",
        )
        campaign = evaluation_services.open_campaign(
            actor=request.user,
            organization=organization,
            year=serializer.validated_data["year"],
            deadlines=serializer.deadlines(),
        )
        return self.detail_response(self.get_queryset().get(pk=campaign.pk), status_code=status.HTTP_201_CREATED)


# ---- ratings -------------------------------------------------------------------------------------


class RatingFilter(filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id", label="Đợt đánh giá (id)")
    year = filters.NumberFilter(field_name="year", label="Năm")
    subject_kind = filters.ChoiceFilter(choices=SubjectKind.choices, label="Đối tượng")
    unit = IdFilter(method="filter_unit", label="Đơn vị (id): bản xếp loại của đơn vị này và cấp dưới")
    final_level = filters.ChoiceFilter(choices=Level.choices, label="Kết quả xếp loại")
    step = filters.ChoiceFilter(choices=RatingStep.choices, label="Bước")

    class Meta:
        model = Rating
        fields = ()

    def filter_unit(self, queryset: QuerySet[Rating], name: str, value: int) -> QuerySet[Rating]:
        # By the unit snapshot taken in the round; the queryset is already scoped.
        return subtree_of(queryset, value, "unit_path")


@extend_schema(tags=["Đánh giá, xếp loại"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách bản xếp loại",
        description="Bản xếp loại chất lượng của các đơn vị trong phạm vi (đảng viên chỉ thấy bản của mình), "
        "năm mới trước, theo đơn vị.",
    ),
    retrieve=extend_schema(summary="Một bản xếp loại", responses={200: RatingDetailSerializer, 404: NOT_FOUND}),
)
class RatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RatingScopedViewSet):
    queryset = Rating.objects.none()
    filterset_class = RatingFilter
    audit_name = "rating"

    def get_queryset(self) -> QuerySet[Rating]:
        qs = ratings_for(self.scope)
        if self.scope.member_id is not None:
            qs = qs | Rating.objects.filter(member_id=self.scope.member_id)
        return qs.select_related(
            "campaign__organization", "campaign__rule_set", "member", "organization", "unit", "grassroots"
        ).order_by("-year", "unit_path", "subject_kind", "member__sort_key", "id")

    def get_serializer_class(self) -> type[RatingSerializer]:
        return RatingSerializer if self.action == "list" else RatingDetailSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scope": self.scope}

    @extend_schema(
        summary="Thực hiện một bước xếp loại",
        description="Tự đánh giá, kiểm điểm, đề xuất, quyết định hoặc thẩm định, kèm `version` đã đọc. Mức bị "
        "quy định cấm (thông báo nêu quy định) hoặc vượt tỷ lệ xuất sắc (thông báo nêu số suất còn lại), đợt "
        "đã khóa, sai thứ tự bước: 400. Bước do cấp khác thực hiện: 403. Bản ghi đã bị sửa: 409.",
        request=RatingStepSerializer,
        responses={200: RatingDetailSerializer, 400: REFUSED, 403: NOT_YOURS, 404: NOT_FOUND, 409: STALE},
    )
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=RatingStepSerializer)
    def step(self, request: Request, pk: str) -> Response:
        rating = self.get_object()
        serializer = RatingStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        workflow.perform_step(
            actor=request.user,
            rating=rating,
            step=data["step"],
            level=data.get("level") or None,
            sheet=serializer.sheet_inputs(),
            reason=data.get("reason", ""),
            self_review=data.get("self_review"),
            expected_version=data["version"],
        )
        fresh = self.get_queryset().get(pk=rating.pk)
        return Response(RatingDetailSerializer(fresh, context=self.get_serializer_context()).data)
