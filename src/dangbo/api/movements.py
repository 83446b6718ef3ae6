"""Movements under /api/v1/: movements in scope (list with filters, full record), the writes that start one through
the movement services (an official transfer inside the tree, a temporary attachment out, an exemption, a
suspension), residence introductions and the residence cell's yearly feedback.

Reads need `Right.VIEW_MOVEMENTS` somewhere (403 otherwise: a member has their own pages, not the API); writes
`MANAGE_MOVEMENTS`, over the member's cell or the record's unit. An id outside the scope, in the URL, a filter or a
body, answers 404 and is logged. A refusal of the rules answers 400 with the services' Vietnamese message and saves
nothing; a stale `expected_version` 409. Each full record read is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from dangbo.accounts.enums import Right
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.movements import residence, standing, transfers
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement, ResidenceFeedback, ResidenceIntroduction
from dangbo.movements.residence_selectors import feedback_for, introductions_for
from dangbo.movements.selectors import movements_for
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from .filters import OrganizationIdFilter, WholeNumberFilter, member_filter
from .movement_serializers import (
    CorrectFeedbackSerializer,
    EndIntroductionSerializer,
    ExemptionSerializer,
    FeedbackSerializer,
    IntroduceSerializer,
    IntroductionSerializer,
    MovementDetailSerializer,
    MovementListSerializer,
    RecordFeedbackSerializer,
    SuspensionSerializer,
    TemporaryOutSerializer,
    TransferInternalSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Biến động đảng viên"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (đảng viên đã chuyển đi, thời hạn sinh hoạt tạm thời quá "
    "1 năm, nhận xét nơi cư trú khi chưa giới thiệu, ngày trước ngày giới thiệu…): thông báo tiếng Việt, không lưu "
    "gì.",
)
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật biến động đảng viên của đơn vị này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)
CREATED = {400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND}


class MovementsViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_MOVEMENTS
    write_right = Right.MANAGE_MOVEMENTS
    read_refusal = "Bạn không có quyền xem biến động đảng viên."
    write_refusal = "Bạn không có quyền cập nhật biến động đảng viên."
    manage_refusal = "Bạn không có quyền cập nhật biến động đảng viên của đơn vị này."
    unit_path = "path"

    def managed_member(self, pk: int) -> Member:
        """A member of a cell where the user manages movements (404 and logged otherwise)."""
        qs = members_for(self.scope, right=Right.MANAGE_MOVEMENTS, include_self=False).select_related("organization")
        member: Member = self.fetch_in_scope(qs, pk, what="member")
        return member

    def visible_organization(self, pk: int | None) -> Organization | None:
        """A receiving or host cell of the tree: any organization the user sees (404 and logged otherwise); whether
        the transfer waits for the receiving side is the service's rule."""
        if pk is None:
            return None
        org: Organization = self.fetch_in_scope(organizations_for(self.scope, right=Right.VIEW_ORGS), pk,
                                                what="organization")  # fmt: skip
        return org


# ---- movements -----------------------------------------------------------------------------------


class EitherSideFilter(OrganizationIdFilter):
    """An organization of the scope (404 and logged outside it): movements with either side under it."""

    def narrow(self, qs: QuerySet[Any], found: Any) -> QuerySet[Any]:
        return qs.filter(Q(from_path__startswith=found.path) | Q(to_path__startswith=found.path))


class MovementFilter(filters.FilterSet):
    organization = EitherSideFilter(
        field_name="from_path", right=Right.VIEW_MOVEMENTS,
        label="Tổ chức (id): biến động có một bên (nơi đi hoặc nơi đến) thuộc tổ chức này và cấp dưới",
    )  # fmt: skip
    kind = filters.MultipleChoiceFilter(choices=MovementKind.choices, label="Loại biến động (có thể lặp lại)")
    state = filters.MultipleChoiceFilter(choices=MovementState.choices, label="Tình trạng (có thể lặp lại)")
    year = WholeNumberFilter(field_name="start__year", min_value=2000, max_value=2100, label="Năm bắt đầu")
    member = member_filter(Right.VIEW_MOVEMENTS)

    class Meta:
        model = Movement
        fields = ()


def _start(
    url_path: str, body: type[BaseSerializer[Any]], summary: str, description: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A POST on the collection that starts a movement and answers its full record (201)."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        routed = action(detail=False, methods=["post"], url_path=url_path, filter_backends=[], pagination_class=None,
                        serializer_class=body)(method)  # fmt: skip
        return extend_schema(summary=summary, description=description, request=body,
                             responses={201: MovementDetailSerializer, **CREATED})(routed)  # fmt: skip

    return decorate


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách biến động đảng viên",
        description="Biến động có nơi đi hoặc nơi đến trong phạm vi, mới trước; lọc theo loại, tình trạng, năm, tổ "
        "chức, đảng viên.",
    ),
    retrieve=extend_schema(
        summary="Một biến động (đủ hồ sơ; mỗi lần xem được ghi nhật ký)",
        responses={200: MovementDetailSerializer, 404: NOT_FOUND},
    ),
)
class MovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MovementsViewSet):
    queryset = Movement.objects.none()
    filterset_class = MovementFilter
    audit_name = "movement"

    def get_queryset(self) -> QuerySet[Movement]:
        return (
            movements_for(self.scope)
            .select_related("member", "from_organization", "to_organization")
            .order_by("-start", "-id")
        )

    def get_serializer_class(self) -> type[MovementListSerializer]:
        return MovementListSerializer if self.action == "list" else MovementDetailSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        movement = self.get_object()
        self.log_viewed("movements.movement.viewed", movement, object_repr=str(movement),
                        scope_path=movement.from_path or movement.to_path)  # fmt: skip
        return Response(MovementDetailSerializer(movement).data)

    def created(self, movement: Movement) -> Response:
        fresh = self.get_queryset().get(pk=movement.pk)
        return Response(MovementDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @_start("transfer-internal", TransferInternalSerializer, "Chuyển sinh hoạt chính thức trong Đảng bộ",
            "Đảng viên (`member`) sang chi bộ `to_organization` ngày `on`. Khi người dùng không quản lý chi bộ nhận, "
            "biến động chờ chi bộ nhận tiếp nhận.")  # fmt: skip
    def transfer_internal(self, request: Request) -> Response:
        d = self.valid(TransferInternalSerializer)
        member, to = self.managed_member(d["member"]), self.visible_organization(d["to_organization"])
        assert to is not None
        return self.created(transfers.transfer_internal(
            actor=request.user, member=member, to_organization=to, on=d["on"], reason=d["reason"],
            decision_number=d["decision_number"], decision_date=d["decision_date"],
        ))  # fmt: skip

    @_start("temporary-out", TemporaryOutSerializer, "Chuyển sinh hoạt tạm thời đi",
            "Từ 3 tháng đến dưới 1 năm (học tập tập trung đến 2 năm) theo bộ quy tắc; nơi đến là một chi bộ trong "
            "Đảng bộ (`to_organization`) hoặc tên tổ chức đảng ngoài Đảng bộ.")  # fmt: skip
    def temporary_out(self, request: Request) -> Response:
        d = self.valid(TemporaryOutSerializer)
        member, to = self.managed_member(d["member"]), self.visible_organization(d["to_organization"])
        return self.created(standing.record_temporary_out(
            actor=request.user, member=member, start=d["start"], planned_end=d["planned_end"], purpose=d["purpose"],
            to_organization=to, external_organization=d["external_organization"],
            decision_number=d["decision_number"], reason=d["reason"],
        ))  # fmt: skip

    @_start("exemption", ExemptionSerializer, "Miễn công tác và sinh hoạt đảng",
            "Quyết định của chi bộ theo đơn của đảng viên; trạng thái “miễn” từ ngày quyết định.")  # fmt: skip
    def exemption(self, request: Request) -> Response:
        d = self.valid(ExemptionSerializer)
        return self.created(standing.record_exemption(
            actor=request.user, member=self.managed_member(d["member"]), applied_on=d["applied_on"],
            decision_number=d["decision_number"], decision_date=d["decision_date"], informed_on=d["informed_on"],
            reason=d["reason"],
        ))  # fmt: skip

    @_start(
        "suspension",
        SuspensionSerializer,
        "Đình chỉ sinh hoạt đảng",
        "Một thời hạn theo quyết định; không đổi trạng thái đảng viên, không xếp loại trong thời gian đó.",
    )
    def suspension(self, request: Request) -> Response:
        d = self.valid(SuspensionSerializer)
        return self.created(standing.record_suspension(
            actor=request.user, member=self.managed_member(d["member"]), start=d["start"],
            planned_end=d["planned_end"], decision_number=d["decision_number"], decision_date=d["decision_date"],
            reason=d["reason"],
        ))  # fmt: skip


# ---- residence liaison ---------------------------------------------------------------------------


class IntroductionFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path", right=Right.VIEW_MOVEMENTS, subtree=True,
        label="Tổ chức (id): giới thiệu của các chi bộ thuộc tổ chức này",
    )  # fmt: skip
    member = member_filter(Right.VIEW_MOVEMENTS)
    open = filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label="Chỉ giới thiệu chưa kết thúc")

    class Meta:
        model = ResidenceIntroduction
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Giới thiệu sinh hoạt nơi cư trú", description="Giới thiệu của các chi bộ trong phạm vi, mới trước."
    ),
    retrieve=extend_schema(
        summary="Một giới thiệu sinh hoạt nơi cư trú", responses={200: IntroductionSerializer, 404: NOT_FOUND}
    ),
)
class IntroductionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MovementsViewSet):
    queryset = ResidenceIntroduction.objects.none()
    serializer_class = IntroductionSerializer
    filterset_class = IntroductionFilter
    audit_name = "residence_introduction"

    def get_queryset(self) -> QuerySet[ResidenceIntroduction]:
        return introductions_for(self.scope).select_related("member", "organization").order_by("-introduced_on", "-id")

    @extend_schema(summary="Giới thiệu đảng viên về sinh hoạt nơi cư trú", request=IntroduceSerializer,
                   description="Một giới thiệu đang mở cho mỗi đảng viên; đảng viên dự bị hoặc chính thức đang "
                   "sinh hoạt tại chi bộ vào ngày giới thiệu.",
                   responses={201: IntroductionSerializer, **CREATED})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(IntroduceSerializer))
        member = self.managed_member(d.pop("member"))
        intro = residence.introduce(actor=request.user, member=member, **d)
        return Response(IntroductionSerializer(intro).data, status=status.HTTP_201_CREATED)

    @ANSWERS.action("end", request=EndIntroductionSerializer, ok=IntroductionSerializer,
                    summary="Kết thúc giới thiệu sinh hoạt nơi cư trú")  # fmt: skip
    def end(self, request: Request, pk: str) -> Response:
        intro: ResidenceIntroduction = self.managed_object()
        d = self.valid(EndIntroductionSerializer)
        intro = residence.end_introduction(
            actor=request.user, introduction=intro, expected_version=d["expected_version"], ended_on=d["ended_on"],
            reason=d["reason"],
        )  # fmt: skip
        return Response(IntroductionSerializer(intro).data)


class FeedbackFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path", right=Right.VIEW_MOVEMENTS, subtree=True,
        label="Tổ chức (id): nhận xét của đảng viên các chi bộ thuộc tổ chức này",
    )  # fmt: skip
    member = member_filter(Right.VIEW_MOVEMENTS)
    year = WholeNumberFilter(field_name="year", min_value=2000, max_value=2100, label="Năm nhận xét")

    class Meta:
        model = ResidenceFeedback
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Nhận xét của chi bộ nơi cư trú", description="Nhận xét hằng năm trong phạm vi."),
    retrieve=extend_schema(summary="Một nhận xét nơi cư trú", responses={200: FeedbackSerializer, 404: NOT_FOUND}),
)
class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MovementsViewSet):
    queryset = ResidenceFeedback.objects.none()
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    audit_name = "residence_feedback"

    def get_queryset(self) -> QuerySet[ResidenceFeedback]:
        return feedback_for(self.scope).select_related("member").order_by("-year", "-received_on", "-id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fb = self.get_object()
        self.log_viewed("movements.residence_feedback.viewed", fb, object_repr=str(fb), scope_path=fb.path)
        return Response(FeedbackSerializer(fb).data)

    @extend_schema(summary="Ghi nhận xét của chi bộ nơi cư trú", request=RecordFeedbackSerializer,
                   description="Một nhận xét mỗi năm; đảng viên phải đã được giới thiệu về nơi cư trú trước ngày "
                   "nhận.", responses={201: FeedbackSerializer, **CREATED})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(RecordFeedbackSerializer))
        member = self.managed_member(d.pop("member"))
        fb = residence.record_feedback(actor=request.user, member=member, **d)
        return Response(FeedbackSerializer(fb).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa nhận xét nơi cư trú", request=CorrectFeedbackSerializer,
                   responses=ANSWERS.edit(FeedbackSerializer))  # fmt: skip
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fb: ResidenceFeedback = self.managed_object()
        d = self.valid(CorrectFeedbackSerializer)
        fb = residence.correct_feedback(actor=request.user, feedback=fb, expected_version=d["expected_version"],
                                        received_on=d["received_on"], assessment=d["assessment"],
                                        content=d["content"])  # fmt: skip
        return Response(FeedbackSerializer(fb).data)
