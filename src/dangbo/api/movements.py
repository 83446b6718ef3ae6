"""Movements under /api/v1/: movements in scope (list with filters, full record), the writes that start one through
the movement services (official transfers inside, out of and into the tree, temporary attachment out and in, an
exemption, a suspension, an application to go abroad), the steps taken on one (`/movements/{id}/<step>/`: accept,
decline or cancel a transfer, its letter and hand-over, the return from a temporary attachment, the steps of an
exemption, a suspension and going abroad), residence introductions and the residence cell's yearly feedback.

Reads need `Right.VIEW_MOVEMENTS` somewhere (403 otherwise: a member has their own pages, not the API); writes
`MANAGE_MOVEMENTS`, over the member's cell or the side of the record the step belongs to (the receiving cell
accepts, the grassroots organization approves going abroad; 403 otherwise). An id outside the scope, in the URL, a
filter or a body, answers 404 and is logged. A refusal of the rules answers 400 with the services' Vietnamese
message and saves nothing; a stale `expected_version` 409. A member received from outside the tree whose name and
birth date match a member of the registry answers 409 `similar` until the body says `confirm_duplicate: true`.
Each full record read is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.movements import abroad, residence, standing, transfers
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement, ResidenceFeedback, ResidenceIntroduction
from dangbo.movements.residence_selectors import feedback_for, introductions_for
from dangbo.movements.selectors import movements_for, organizations_with
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from .filters import OrganizationIdFilter, WholeNumberFilter, member_filter
from .movement_serializers import (
    AbroadSerializer,
    ApprovalSerializer,
    CorrectFeedbackSerializer,
    DaySerializer,
    DecisionSerializer,
    EarlyEndSerializer,
    EndIntroductionSerializer,
    ExemptionSerializer,
    FeedbackSerializer,
    HandOverSerializer,
    InformedSerializer,
    IntroduceSerializer,
    IntroductionSerializer,
    LetterSerializer,
    MovementDetailSerializer,
    MovementListSerializer,
    OpinionSerializer,
    ReasonSerializer,
    RecordFeedbackSerializer,
    ReportSerializer,
    SuspensionExtensionSerializer,
    SuspensionSerializer,
    TemporaryInSerializer,
    TemporaryOutSerializer,
    TransferInSerializer,
    TransferInternalSerializer,
    TransferOutSerializer,
    VersionSerializer,
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
SIMILAR = OpenApiResponse(
    ErrorSerializer,
    description="Đã có đảng viên cùng họ, tên và ngày sinh (mã `similar`, trường `confirm_duplicate`): không lưu "
    "gì; kiểm tra rồi gửi lại với `confirm_duplicate: true` nếu là người khác. Cùng số CCCD hoặc số thẻ đảng viên "
    "là hồ sơ đã có: 400 (mã `duplicate`), không tiếp nhận.",
)
NOT_THIS_KIND = "Bước này không áp dụng cho loại biến động này."


class SimilarMember(APIException):
    """A member of the registry with the same name and birth date: the caller confirms it is another person."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "similar"


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

    def managed_organization(self, pk: int) -> Organization:
        """A unit where the user manages movements (a receiving or host cell; 404 and logged otherwise)."""
        org: Organization = self.fetch_in_scope(organizations_with(self.scope, Right.MANAGE_MOVEMENTS), pk,
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


def step_action(
    url_path: str,
    body: type[BaseSerializer[Any]],
    service: Callable[..., Movement],
    side: Callable[[Movement], str],
    summary: str,
    description: str = "",
) -> Callable[..., Response]:
    """The action `{id}/<url_path>/` of the viewset (named as its path): a POST with a `body` that takes a step on
    the movement through `service`, taken by those who manage its `side`, answering the movement's full record."""

    def step(self: MovementViewSet, request: Request, pk: str) -> Response:
        return self.take_step(service, side)

    step.__name__ = step.__qualname__ = url_path.replace("-", "_")
    return ANSWERS.action(url_path, request=body, ok=MovementDetailSerializer, summary=summary,
                          description=description or None)(step)  # fmt: skip


# Which side of a movement takes a step: the user needs MANAGE_MOVEMENTS over that unit.
def sending(movement: Movement) -> str:
    return movement.from_path


def receiving(movement: Movement) -> str:
    return movement.to_path


def home_cell(movement: Movement) -> str:
    """The member's cell, or the host cell of someone attached from outside the tree."""
    return movement.from_path or movement.to_path


def grassroots(movement: Movement) -> str:
    org = abroad.approving_organization(movement) if movement.kind == MovementKind.ABROAD else None
    return org.path if org is not None else ""


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

    def created(self, movement: Movement, answer: int = status.HTTP_201_CREATED) -> Response:
        fresh = self.get_queryset().get(pk=movement.pk)
        return Response(MovementDetailSerializer(fresh).data, status=answer)

    def start_with(
        self, body: type[BaseSerializer[Any]], service: Callable[..., Movement], **lookups: Callable[[int], Any]
    ) -> Response:
        """A movement started by `service` with the checked `body`, each id named in `lookups` replaced by its
        record (404 and logged outside the scope): the service's arguments are the body's fields."""
        data = dict(self.valid(body))
        for name, fetch in lookups.items():
            data[name] = fetch(data[name])
        return self.created(service(actor=self.request.user, **data))

    def take_step(self, service: Callable[..., Movement], side: Callable[[Movement], str]) -> Response:
        """The step of this action on the movement of the URL: 404 (logged) outside the scope, 403 unless the user
        manages the `side` it belongs to, 400 for a bad body; then `service(movement=…, **body)`, whose refusal
        answers 400 (409 for a stale `expected_version`)."""
        movement = self.get_object()
        path = side(movement)
        if not path:
            raise DomainError(NOT_THIS_KIND, field="movement")
        self.check_manages(path)
        assert self.serializer_class is not None  # the action's body
        data = self.valid(self.serializer_class)
        return self.created(service(actor=self.request.user, movement=movement, **data), status.HTTP_200_OK)

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
            reason=d["reason"], legal_proceedings=d["legal_proceedings"],
        ))  # fmt: skip

    @_start("transfer-out", TransferOutSerializer, "Chuyển sinh hoạt chính thức ra ngoài Đảng bộ",
            "Đảng viên vẫn trong danh sách của chi bộ cho đến khi ghi ngày bàn giao (`{id}/hand-over/`); số và "
            "ngày giấy giới thiệu ghi ngay hoặc sau (`{id}/letter/`).")  # fmt: skip
    def transfer_out(self, request: Request) -> Response:
        return self.start_with(TransferOutSerializer, transfers.start_transfer_out, member=self.managed_member)

    @extend_schema(responses={201: MovementDetailSerializer, 409: SIMILAR, **CREATED})
    @_start("transfer-in", TransferInSerializer, "Tiếp nhận đảng viên chuyển đến từ ngoài Đảng bộ",
            "Phiếu đảng viên (như `POST /members/`), chi bộ nhận và giấy giới thiệu đảng viên mang đến. Trùng số "
            "CCCD hoặc số thẻ đảng viên: 400; trùng họ, tên và ngày sinh: 409 cho đến khi gửi "
            "`confirm_duplicate: true`.")  # fmt: skip
    def transfer_in(self, request: Request) -> Response:
        d = dict(self.valid(TransferInSerializer))
        organization = self.managed_organization(d.pop("organization"))
        letter = {name: d.pop(name) for name in ("joined_on", "external_organization", "letter_number",
                                                 "letter_date", "channel", "portal_reference", "note")}  # fmt: skip
        confirmed = d.pop("confirm_duplicate")
        try:
            movement = transfers.receive_transfer_in(actor=request.user, organization=organization, data=d,
                                                     confirm_similar=confirmed, **letter)  # fmt: skip
        except DomainError as exc:
            if exc.code != "similar":
                raise
            raise SimilarMember({"confirm_duplicate": [ErrorDetail(exc.message, code="similar")]}) from exc
        return self.created(movement)

    @_start("temporary-in", TemporaryInSerializer, "Tiếp nhận sinh hoạt tạm thời từ ngoài Đảng bộ",
            "Đảng viên của tổ chức đảng ngoài Đảng bộ sinh hoạt tạm thời tại chi bộ `to_organization` (không thêm "
            "vào danh sách đảng viên).")  # fmt: skip
    def temporary_in(self, request: Request) -> Response:
        return self.start_with(TemporaryInSerializer, standing.record_temporary_in,
                               to_organization=self.managed_organization)  # fmt: skip

    @_start("abroad", AbroadSerializer, "Đơn xin đi nước ngoài",
            "Các bước sau: ý kiến chi bộ, cấp ủy cơ sở đồng ý, xuất cảnh, về nước, báo cáo.")  # fmt: skip
    def apply_abroad(self, request: Request) -> Response:
        return self.start_with(AbroadSerializer, abroad.apply_abroad, member=self.managed_member)

    # ---- steps on one movement: POST {id}/<step>/ (`take_step`) ----

    accept = step_action(
        "accept",
        VersionSerializer,
        transfers.accept_transfer,
        receiving,
        "Chi bộ nhận tiếp nhận chuyển sinh hoạt trong Đảng bộ",
        "Đảng viên chuyển sang chi bộ nhận từ ngày chuyển; cần quyền với chi bộ nhận.",
    )
    decline = step_action(
        "decline",
        ReasonSerializer,
        transfers.decline_transfer,
        receiving,
        "Chi bộ nhận từ chối chuyển sinh hoạt trong Đảng bộ",
        "Thủ tục kết thúc, đảng viên ở lại chi bộ cũ.",
    )
    cancel = step_action(
        "cancel",
        ReasonSerializer,
        transfers.cancel_transfer,
        sending,
        "Nơi chuyển hủy thủ tục chuyển sinh hoạt",
        "Chuyển trong Đảng bộ đang chờ nơi nhận, hoặc chuyển ra ngoài chưa bàn giao.",
    )
    letter = step_action(
        "letter",
        LetterSerializer,
        transfers.record_transfer_letter,
        sending,
        "Ghi giấy giới thiệu chuyển sinh hoạt ra ngoài Đảng bộ",
        "Số, ngày, hình thức (và mã hồ sơ trên Cổng) của giấy giới thiệu.",
    )
    hand_over = step_action(
        "hand-over",
        HandOverSerializer,
        transfers.record_hand_over,
        sending,
        "Ghi ngày bàn giao (nơi đến đã tiếp nhận)",
        "Đảng viên ra khỏi danh sách (“đã chuyển sinh hoạt đi”) từ ngày này; cần có giấy giới thiệu.",
    )
    temporary_return = step_action(
        "temporary-return",
        DaySerializer,
        standing.record_temporary_return,
        home_cell,
        "Kết thúc sinh hoạt tạm thời",
        "Đảng viên trở lại trạng thái trước đó từ ngày `on` (người ngoài Đảng bộ: chi bộ nơi đến ghi).",
    )
    exemption_informed = step_action(
        "exemption-informed",
        InformedSerializer,
        standing.record_exemption_informed,
        sending,
        "Ghi nhận đã báo cáo cấp trên việc miễn sinh hoạt",
    )
    exemption_end = step_action(
        "exemption-end",
        DecisionSerializer,
        standing.end_exemption,
        sending,
        "Trở lại công tác và sinh hoạt đảng",
        "Quyết định mới của chi bộ; trạng thái trước khi miễn từ ngày quyết định.",
    )
    suspension_extend = step_action(
        "suspension-extend",
        SuspensionExtensionSerializer,
        standing.extend_suspension,
        sending,
        "Gia hạn đình chỉ sinh hoạt đảng",
        "Theo quyết định trước khi hết hạn; tổng thời gian đình chỉ không quá mức tối đa của bộ quy tắc (180 ngày).",
    )
    suspension_end = step_action(
        "suspension-end",
        EarlyEndSerializer,
        standing.end_suspension_early,
        sending,
        "Chấm dứt đình chỉ sinh hoạt trước thời hạn",
        "Theo quyết định; đảng viên không còn bị đình chỉ từ ngày `on`.",
    )
    abroad_opinion = step_action(
        "abroad-opinion",
        OpinionSerializer,
        abroad.record_abroad_opinion,
        sending,
        "Ý kiến của chi bộ về đơn đi nước ngoài",
    )
    abroad_approve = step_action(
        "abroad-approve",
        ApprovalSerializer,
        abroad.approve_abroad,
        grassroots,
        "Cấp ủy cơ sở đồng ý cho đi nước ngoài",
        "Cần quyền với tổ chức cơ sở đảng của chi bộ; sau ý kiến của chi bộ.",
    )
    abroad_departure = step_action(
        "abroad-departure",
        DaySerializer,
        abroad.record_departure,
        sending,
        "Ghi nhận xuất cảnh",
        "Trạng thái “đi nước ngoài” từ ngày `on`.",
    )
    abroad_return = step_action(
        "abroad-return",
        DaySerializer,
        abroad.record_abroad_return,
        sending,
        "Ghi nhận về nước",
        "Trạng thái trước khi đi từ ngày `on`; báo cáo trong số ngày làm việc theo bộ quy tắc.",
    )
    abroad_report = step_action(
        "abroad-report", ReportSerializer, abroad.record_abroad_report, sending, "Ghi nhận báo cáo sau khi về nước"
    )


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
