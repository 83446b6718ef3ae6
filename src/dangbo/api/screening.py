"""Screening under /api/v1/ (Chỉ thị 28-CT/TW): the signals computed for a year, the cells' rounds (open one,
add a member the system did not propose, close it) and the members reviewed in them (the secret ballot's
result, the outcome after the education period). The system proposes; people decide: every decision records
who took it.

Reads need `Right.VIEW_SCREENING` somewhere, writes `MANAGE_SCREENING` over the cell (403 for a cell the user
only reads). Reading members' evidence (signals, reviews) is a full-record view: one audit entry per answer
naming every member shown. An id outside the scope, in the URL, a filter or a body, answers 404 and is logged.
A refusal of the rules (votes above the eligible members, an outcome without the vote that allows it, a second
round in a year) answers 400 in Vietnamese, nothing saved; a stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Count, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.core.audit import log_action
from dangbo.members.selectors import members_for
from dangbo.organizations.selectors import organizations_for
from dangbo.screening import services
from dangbo.screening.enums import Outcome, RoundStatus, Signal
from dangbo.screening.models import Review, ScreeningRound, SignalHit
from dangbo.screening.selectors import hits_for, reviews_for, rounds_for

from .filters import OrganizationIdFilter, ScopedIdFilter, WholeNumberFilter, member_filter
from .meetings import STALE
from .screening_serializers import (
    CloseRoundSerializer,
    OpenRoundSerializer,
    ReviewSerializer,
    RoundDetailSerializer,
    RoundSerializer,
    ScreeningAddMemberSerializer,
    ScreeningOutcomeSerializer,
    ScreeningVoteSerializer,
    SignalSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Rà soát, sàng lọc đảng viên"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (số phiếu lớn hơn số đảng viên có quyền biểu quyết, kết quả "
    "khi chưa có biểu quyết đưa vào diện giúp đỡ, đợt rà soát thứ hai trong năm…): thông báo tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền ghi kết quả rà soát của chi bộ này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class ScreeningViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_SCREENING
    write_right = Right.MANAGE_SCREENING
    read_refusal = "Bạn không có quyền xem kết quả rà soát, sàng lọc đảng viên."
    write_refusal = "Bạn không có quyền ghi kết quả rà soát, sàng lọc đảng viên."
    manage_refusal = "Chỉ chi bộ (bí thư chi bộ) hoặc đảng ủy cơ sở ghi kết quả rà soát, sàng lọc."

    def log_evidence(self, members: list[Any], *, scope_path: str, what: str, object_id: Any) -> None:
        """One entry per answer naming every member whose evidence it shows (nothing when it shows nobody)."""
        if not members:
            return
        first = members[0]
        more = f" và {len(members) - 1} đảng viên khác" if len(members) > 1 else ""
        log_action(
            "screening.evidence.viewed", actor=self.request.user, object_type="member", object_id=first.pk,
            object_repr=first.full_name + more, scope_path=scope_path, request=self.request._request,
            data={"what": what, "id": object_id, "members": [m.pk for m in members], "via": "api"},
        )  # fmt: skip

    def list_with_evidence(self, request: Request, *, what: str, path: str) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page or [])
        self.log_evidence([r.member for r in rows], scope_path=path, what=what, object_id=None)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


def _scope_path(view: ScreeningViewSet) -> str:
    paths = view.scope.paths(Right.VIEW_SCREENING)
    return paths[0] if len(paths) == 1 else ""


# ---- signals -------------------------------------------------------------------------------------


class SignalFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="path", right=Right.VIEW_SCREENING, subtree=True,
                                        label="Tổ chức (id): đảng viên của các chi bộ thuộc tổ chức này")  # fmt: skip
    member = member_filter(Right.VIEW_SCREENING)
    year = WholeNumberFilter(min_value=2000, max_value=2100, label="Năm")
    signal = filters.MultipleChoiceFilter(choices=Signal.choices, label="Dấu hiệu (có thể lặp lại)")

    class Meta:
        model = SignalHit
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Dấu hiệu cần rà soát",
        description="Dấu hiệu hệ thống tính từ số liệu cho các đảng viên trong phạm vi: vắng sinh hoạt không lý do, "
        "không đóng đảng phí, không hoàn thành nhiệm vụ nhiều năm liền, không tiến bộ sau thời gian giúp đỡ; mỗi "
        "dấu hiệu với quy định, khoảng thời gian, căn cứ. Mỗi lần xem được ghi nhật ký.",
    ),
    retrieve=extend_schema(summary="Một dấu hiệu", responses={200: SignalSerializer, 404: NOT_FOUND}),
)
class SignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScreeningViewSet):
    queryset = SignalHit.objects.none()
    serializer_class = SignalSerializer
    filterset_class = SignalFilter
    audit_name = "screening_signal"

    def get_queryset(self) -> QuerySet[SignalHit]:
        return (
            hits_for(self.scope).select_related("member", "organization", "rule_set")
            .order_by("-year", "organization__sort_key", "member__sort_key", "signal", "id")
        )  # fmt: skip

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list_with_evidence(request, what="signals", path=_scope_path(self))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        hit: SignalHit = self.get_object()
        self.log_evidence([hit.member], scope_path=hit.path, what="signal", object_id=hit.pk)
        return Response(SignalSerializer(hit).data)


# ---- rounds --------------------------------------------------------------------------------------


class RoundFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="organization__path", right=Right.VIEW_SCREENING, subtree=True,
                                        label="Tổ chức (id): đợt rà soát của các chi bộ thuộc tổ chức này")  # fmt: skip
    year = WholeNumberFilter(min_value=2000, max_value=2100, label="Năm")
    status = filters.ChoiceFilter(choices=RoundStatus.choices, label="Tình trạng")

    class Meta:
        model = ScreeningRound
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Các đợt rà soát", description="Đợt rà soát của các chi bộ trong phạm vi, năm mới trước."
    ),
    retrieve=extend_schema(
        summary="Một đợt rà soát",
        description="Đợt rà soát với từng đảng viên: dấu hiệu, kết quả biểu quyết, thời gian giúp đỡ, kết quả. Mỗi "
        "lần xem được ghi nhật ký.",
        responses={200: RoundDetailSerializer, 404: NOT_FOUND},
    ),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScreeningViewSet):
    queryset = ScreeningRound.objects.none()
    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    audit_name = "screening_round"

    def get_queryset(self) -> QuerySet[ScreeningRound]:
        return (
            rounds_for(self.scope).select_related("organization", "rule_set", "opened_by", "closed_by")
            .annotate(reviews_count=Count("reviews")).order_by("-year", "organization__sort_key", "id")
        )  # fmt: skip

    def detail_response(self, round_: ScreeningRound, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=round_.pk)
        reviews = list(
            fresh.reviews.select_related("member", "round", "vote_recorded_by", "decided_by").order_by(
                "member__sort_key", "id")
        )  # fmt: skip
        self.log_evidence([r.member for r in reviews], scope_path=fresh.organization.path, what="round",
                          object_id=fresh.pk)  # fmt: skip
        return Response(RoundDetailSerializer(fresh, context={"reviews": reviews}).data, status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.detail_response(self.get_object())

    @extend_schema(
        summary="Mở đợt rà soát của chi bộ",
        description="Mở đợt rà soát năm `year` của chi bộ `cell`: hệ thống đề xuất các đảng viên có dấu hiệu. Năm "
        "trước Chỉ thị 28 hoặc ở tương lai, chi bộ đã có đợt năm đó: 400.",
        request=OpenRoundSerializer,
        responses={201: RoundDetailSerializer, 400: REFUSED, 404: NOT_FOUND, 409: STALE},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(OpenRoundSerializer)
        cell = self.fetch_in_scope(organizations_for(self.scope, right=Right.MANAGE_SCREENING), d["cell"],
                                   what="organization")  # fmt: skip
        round_ = services.open_round(actor=request.user, cell=cell, year=d["year"])
        return self.detail_response(round_, status_code=status.HTTP_201_CREATED)

    @ANSWERS.action(
        "members", request=ScreeningAddMemberSerializer, ok=RoundDetailSerializer, summary="Chi bộ bổ sung đảng viên",
        description="Thêm một đảng viên của chi bộ mà hệ thống không đề xuất, với lý do.",
    )  # fmt: skip
    def add_member(self, request: Request, pk: str) -> Response:
        round_ = self.managed_object()
        d = self.valid(ScreeningAddMemberSerializer)
        visible = members_for(self.scope, right=Right.VIEW_SCREENING, include_self=False)
        member = self.fetch_in_scope(visible, d["member"], what="member")
        services.add_member(actor=request.user, round_=round_, member=member, reason=d["reason"],
                            expected_version=d["expected_version"])  # fmt: skip
        return self.detail_response(round_)

    @ANSWERS.action(
        "close", request=CloseRoundSerializer, ok=RoundDetailSerializer, summary="Kết thúc đợt rà soát",
        description="Khi mọi đảng viên trong đợt đã có kết quả biểu quyết; còn người chưa biểu quyết: 400.",
    )  # fmt: skip
    def close(self, request: Request, pk: str) -> Response:
        round_ = self.managed_object()
        d = self.valid(CloseRoundSerializer)
        services.close_round(actor=request.user, round_=round_, expected_version=d["expected_version"])
        return self.detail_response(round_)


# ---- reviews -------------------------------------------------------------------------------------


class ReviewFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="round__organization__path", right=Right.VIEW_SCREENING,
                                        subtree=True, label="Tổ chức (id)")  # fmt: skip
    round = ScopedIdFilter(field_name="round_id", what="screening_round", in_scope=rounds_for, label="Đợt rà soát (id)")
    year = WholeNumberFilter(field_name="round__year", min_value=2000, max_value=2100, label="Năm")
    outcome = filters.MultipleChoiceFilter(choices=Outcome.choices, label="Kết quả (có thể lặp lại)")

    class Meta:
        model = Review
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Đảng viên được rà soát",
        description="Đảng viên trong các đợt rà soát của phạm vi, với dấu hiệu, kết quả biểu quyết và kết quả. Mỗi lần "
        "xem được ghi nhật ký.",
    ),
    retrieve=extend_schema(summary="Một đảng viên được rà soát", responses={200: ReviewSerializer, 404: NOT_FOUND}),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScreeningViewSet):
    queryset = Review.objects.none()
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    audit_name = "screening_review"
    unit_path = "round.organization.path"

    def get_queryset(self) -> QuerySet[Review]:
        return (
            reviews_for(self.scope).select_related("member", "round__organization", "vote_recorded_by", "decided_by")
            .order_by("-round__year", "round__organization__sort_key", "member__sort_key", "id")
        )  # fmt: skip

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list_with_evidence(request, what="reviews", path=_scope_path(self))

    def answer(self, review: Review) -> Response:
        fresh = self.get_queryset().get(pk=review.pk)
        self.log_evidence([fresh.member], scope_path=fresh.round.organization.path, what="review", object_id=fresh.pk)
        return Response(ReviewSerializer(fresh).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.answer(self.get_object())

    @ANSWERS.action(
        "vote", request=ScreeningVoteSerializer, ok=ReviewSerializer, summary="Ghi kết quả bỏ phiếu kín",
        description="Số phiếu đồng ý trên số đảng viên chính thức có quyền biểu quyết của chi bộ ngày bỏ phiếu (hệ "
        "thống đếm; không tính dự bị, miễn sinh hoạt). Đạt tỷ lệ của bộ quy tắc (2/3): vào diện giáo dục, giúp đỡ. "
        "Số phiếu lớn hơn số có quyền biểu quyết: 400.",
    )  # fmt: skip
    def vote(self, request: Request, pk: str) -> Response:
        review = self.managed_object()
        d = self.valid(ScreeningVoteSerializer)
        services.record_vote(actor=request.user, review=review, vote_date=d["vote_date"], votes_for=d["votes_for"],
                             expected_version=d["expected_version"], help_until=d.get("help_until"))  # fmt: skip
        return self.answer(review)

    @ANSWERS.action(
        "outcome", request=ScreeningOutcomeSerializer, ok=ReviewSerializer, summary="Ghi kết quả sau thời gian giúp đỡ",
        description="Đã tiến bộ, đề nghị xóa tên hoặc đề nghị xem xét kỷ luật: chỉ với đảng viên mà kết quả bỏ phiếu "
        "đã đưa vào diện giáo dục, giúp đỡ (nếu chưa: 400).",
    )  # fmt: skip
    def outcome(self, request: Request, pk: str) -> Response:
        review = self.managed_object()
        d = self.valid(ScreeningOutcomeSerializer)
        services.record_outcome(actor=request.user, review=review, outcome=d["outcome"], on=d["on"],
                                expected_version=d["expected_version"], note=d.get("note", ""))  # fmt: skip
        return self.answer(review)
