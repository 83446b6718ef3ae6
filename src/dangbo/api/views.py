"""API endpoints. Each one starts from the user's scope; objects come from scoped selectors only.

An object outside the scope answers 404 and the attempt is logged (`get_in_scope_or_404`); writes go
through the member services, whose `DomainError` becomes 400 (409 for a stale version) with the
Vietnamese message.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Case, Model, Prefetch, QuerySet, Value, When
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action
from dangbo.members import services as member_services
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.selectors import members_for
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, CommitteeSeat, Organization
from dangbo.organizations.selectors import active_children, organizations_for, tree_as_of

from .authentication import ApiTokenAuthentication
from .errors import NOT_FOUND as NOT_FOUND_MESSAGE
from .filters import CommitteeFilter, MemberFilter, OrganizationFilter, date_param
from .pagination import ApiPagination
from .permissions import ManagesMembersToWrite, TwoFactorIfRequired
from .schema import ApiAutoSchema
from .serializers import (
    CommitteeSerializer,
    ErrorSerializer,
    MemberCreateSerializer,
    MemberDetailSerializer,
    MemberListSerializer,
    MemberUpdateSerializer,
    OrganizationChildSerializer,
    OrganizationSerializer,
    TreeNodeSerializer,
)

M = TypeVar("M", bound=Model)

NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="Không có, hoặc nằm ngoài phạm vi của người dùng (lần truy cập được ghi nhật ký)."
)
REFUSED = OpenApiResponse(ErrorSerializer, description="Dữ liệu không hợp lệ: thông báo tiếng Việt, không lưu gì.")
MAX_ID = 2**63 - 1


class ScopedViewSet(viewsets.GenericViewSet[M]):
    """Base of every endpoint: token or session authentication, the user's scope, scoped object lookup."""

    authentication_classes = (ApiTokenAuthentication, SessionAuthentication)  # token first: unauthenticated → 401
    permission_classes: tuple[type[BasePermission], ...] = (IsAuthenticated, TwoFactorIfRequired)
    pagination_class = ApiPagination
    # Any segment reaches the view, so a malformed id answers the API's 404 body rather than Django's page.
    lookup_value_regex = r"[^/]+"
    schema = ApiAutoSchema()
    audit_name = ""  # object type written to the audit log when a lookup is refused

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "1"))
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID):
            raise NotFound(NOT_FOUND_MESSAGE)

    @cached_property
    def scope(self) -> Scope:
        return scope_for(self.request.user)

    def get_object(self) -> M:
        """The object from the scoped queryset; outside the scope → 404, logged when the object exists."""
        obj: M = self.fetch_in_scope(self.get_queryset(), self.kwargs[self.lookup_field], what=self.audit_name)
        self.check_object_permissions(self.request, obj)
        return obj

    def fetch_in_scope(self, queryset: QuerySet[Any], pk: Any, *, what: str) -> Any:
        return get_in_scope_or_404(self.request._request, queryset, pk, what=what)

    def valid(self, serializer_class: type[BaseSerializer[Any]], **kwargs: Any) -> Any:
        """The request's body as checked by `serializer_class` (400 with the serializer's errors)."""
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def log_viewed(self, action: str, obj: Model, *, object_repr: str, scope_path: str) -> None:
        """The audit entry of a full record read through the API (object type: the view's `audit_name`)."""
        log_action(
            action, actor=self.request.user, object_type=self.audit_name, object_id=obj.pk, object_repr=object_repr,
            scope_path=scope_path, data={"via": "api"}, request=self.request._request,
        )  # fmt: skip


# ---- organizations -------------------------------------------------------------------------------


@extend_schema(tags=["Tổ chức đảng"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tổ chức đảng",
        description="Các tổ chức trong phạm vi của người dùng.",
        parameters=[OpenApiParameter("parent", int, description="Chỉ các tổ chức trực thuộc tổ chức này (id).")],
    ),
    retrieve=extend_schema(summary="Một tổ chức đảng", responses={200: OrganizationSerializer, 404: NOT_FOUND}),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Organization]):
    queryset = Organization.objects.none()  # the real queryset is scoped: see get_queryset
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    audit_name = "organization"

    def get_queryset(self) -> QuerySet[Organization]:
        return organizations_for(self.scope).order_by("depth", "sort_key", "id")

    @extend_schema(
        summary="Các tổ chức trực thuộc",
        description="Tổ chức trực thuộc trực tiếp, còn hoạt động, xếp theo tên.",
        responses={200: OrganizationChildSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, filter_backends=[], serializer_class=OrganizationChildSerializer)
    def children(self, request: Request, pk: str) -> Response:
        org = self.get_object()
        page = self.paginate_queryset(active_children(org).order_by("sort_key", "id"))
        serializer = OrganizationChildSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Cây tổ chức tại một ngày",
        description="Cây tổ chức dưới tổ chức này như tại ngày `ngay`: tên và cấp trên của từng tổ chức lúc đó "
        "(kể cả các tổ chức đã hợp nhất, chuyển giao hoặc giải thể sau ngày đó).",
        parameters=[OpenApiParameter("ngay", OpenApiTypes.DATE, required=True, description="Ngày, dạng YYYY-MM-DD.")],
        responses={200: TreeNodeSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, filter_backends=[], pagination_class=None, serializer_class=TreeNodeSerializer)
    def tree_as_of(self, request: Request, pk: str) -> Response:
        org = self.get_object()
        day = date_param(request.query_params.get("ngay", ""), name="ngay")
        return Response(TreeNodeSerializer(tree_as_of(org, day), many=True).data)


# ---- committees ----------------------------------------------------------------------------------


@extend_schema(tags=["Cấp ủy"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách cấp ủy",
        description="Cấp ủy của các tổ chức trong phạm vi, kèm cấp ủy viên.",
        parameters=[OpenApiParameter("organization", int, description="Chỉ cấp ủy của tổ chức này (id).")],
    ),
    retrieve=extend_schema(summary="Một cấp ủy", responses={200: CommitteeSerializer, 404: NOT_FOUND}),
)
class CommitteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Committee]):
    queryset = Committee.objects.none()
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter
    audit_name = "committee"

    def get_queryset(self) -> QuerySet[Committee]:
        # Seats in the order of the positions (secretary first), as the committee is listed on paper.
        rank = Case(*(When(position=p, then=Value(i)) for i, p in enumerate(CommitteePosition.values)))
        seats = (
            CommitteeSeat.objects.select_related("member")
            .annotate(position_rank=rank)
            .order_by("position_rank", "start", "member__sort_key", "id")
        )
        return (
            Committee.objects.filter(organization__in=organizations_for(self.scope))
            .select_related("organization")
            .prefetch_related(Prefetch("seats", queryset=seats))
            .order_by("organization__sort_key", "organization_id", "-term_start", "id")
        )


# ---- members -------------------------------------------------------------------------------------


@extend_schema(tags=["Đảng viên"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đảng viên",
        description="Đảng viên trong phạm vi (đảng viên thường chỉ thấy chính mình), xếp theo thứ tự tiếng Việt: "
        "tên, họ, tên đệm. Mặc định gồm mọi trạng thái (lọc bằng `status`). Danh sách không có số CCCD.",
        parameters=[
            OpenApiParameter(
                "to_chuc", int, description="Đảng viên của tổ chức này và các tổ chức cấp dưới (id tổ chức)."
            )
        ],
    ),
    retrieve=extend_schema(
        summary="Phiếu đảng viên",
        description="Toàn bộ phiếu đảng viên, kể cả số CCCD. Mỗi lần xem được ghi nhật ký.",
        responses={200: MemberDetailSerializer, 404: NOT_FOUND},
    ),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet[Member]):
    queryset = Member.objects.none()
    filterset_class = MemberFilter
    permission_classes = (*ScopedViewSet.permission_classes, ManagesMembersToWrite)
    audit_name = "member"

    def get_queryset(self) -> QuerySet[Member]:
        qs = members_for(self.scope).select_related("organization").order_by("sort_key", "id")
        if self.action != "list":
            periods = MemberStatusPeriod.objects.order_by("start", "id")
            qs = qs.prefetch_related(Prefetch("status_periods", queryset=periods))
        return qs

    def get_serializer_class(self) -> type[MemberListSerializer]:
        return MemberListSerializer if self.action == "list" else MemberDetailSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        self.log_viewed("members.member.viewed", member, object_repr=member.full_name,
                        scope_path=member.organization.path)  # fmt: skip
        return Response(MemberDetailSerializer(member).data)

    @extend_schema(
        summary="Thêm đảng viên",
        description="Đăng ký đảng viên vào một chi bộ trong phạm vi được quyền cập nhật đảng viên.",
        request=MemberCreateSerializer,
        responses={201: MemberDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.valid(MemberCreateSerializer))
        organization = self.fetch_in_scope(
            organizations_for(self.scope, right=Right.MANAGE_MEMBERS), data.pop("organization"), what="organization"
        )
        member = member_services.create_member(actor=request.user, organization=organization, data=data)
        return Response(MemberDetailSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa phiếu đảng viên",
        description="Chỉ gửi các trường cần sửa, kèm `version` đã đọc. Bản ghi đã bị người khác sửa: 409.",
        request=MemberUpdateSerializer,
        responses={
            200: MemberDetailSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì."),
        },
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        if not self.scope.covers_path(Right.MANAGE_MEMBERS, member.organization.path):
            raise PermissionDenied("Bạn không có quyền cập nhật đảng viên này.")
        data = dict(self.valid(MemberUpdateSerializer, partial=True))
        version = data.pop("version")
        if not data:
            raise ValidationError({"detail": "Không có trường nào để sửa."})
        member = member_services.update_member(actor=request.user, member=member, expected_version=version, data=data)
        return Response(MemberDetailSerializer(member).data)
