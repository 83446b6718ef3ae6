"""Badges and commendations under /api/v1/: badge records (list, read, propose, award, withdraw), the badge list of
an award date (`/badges/due/`, the same rows and verdicts as the page) and commendations (list, read, propose,
decide, refuse).

Reads need `Right.VIEW_MEMBERS` somewhere (403 otherwise); proposing and withdrawing `PROPOSE_RECOGNITION` over the
unit, an award or a commendation's decision `DECIDE_RECOGNITION` over the member's cell or the committee the level
names (403 otherwise). An id outside the scope, in the URL, a filter or a body, answers 404 and is logged. A refusal
of the rules (a milestone not reached by the award date outside the early window, a discipline that blocks it, a
second badge of the same milestone...) answers 400 with the services' Vietnamese message and saves nothing; a stale
`expected_version` 409.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters as filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.members.selectors import members_for
from dangbo.organizations.selectors import organizations_for, visible_roots
from dangbo.recognition import commendations as commendation_services
from dangbo.recognition import services
from dangbo.recognition.enums import BadgeState, CommendationState, Verdict
from dangbo.recognition.models import Badge, Commendation, CommendationKind, CommendationLevel
from dangbo.recognition.rules import check_award_date
from dangbo.recognition.selectors import badges_for, commendations_for
from dangbo.recognition.stored_lists import list_for

from .filters import OrganizationIdFilter, WholeNumberFilter, date_param, member_filter
from .recognition_serializers import (
    AwardBadgeSerializer,
    BadgeRowSerializer,
    BadgeSerializer,
    CommendationSerializer,
    DecideCommendationSerializer,
    ProposeBadgeSerializer,
    ProposeCommendationSerializer,
    RefuseCommendationSerializer,
    WithdrawBadgeSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Khen thưởng, Huy hiệu Đảng"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (chưa đủ tuổi đảng vào đợt, ngoài thời hạn xét tặng sớm, "
    "đang bị kỷ luật, đã tặng mốc này, không phải đợt trao tặng…): thông báo tiếng Việt nêu quy định, không lưu gì.",
)
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền đề nghị hoặc quyết định cho đơn vị này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class RecognitionViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_MEMBERS
    write_right = Right.PROPOSE_RECOGNITION
    read_refusal = "Bạn không có quyền xem khen thưởng, Huy hiệu Đảng."
    write_refusal = "Bạn không có quyền đề nghị khen thưởng, Huy hiệu Đảng."
    manage_refusal = "Bạn không có quyền đề nghị hoặc quyết định cho đơn vị này."
    unit_path = "unit_path"

    def check_decides(self, path: str) -> None:
        if not self.scope.covers_path(Right.DECIDE_RECOGNITION, path):
            raise PermissionDenied(self.manage_refusal)

    def proposing_unit(self, pk: int) -> Any:
        return self.fetch_in_scope(organizations_for(self.scope, right=Right.PROPOSE_RECOGNITION), pk,
                                   what="organization")  # fmt: skip


# ---- badges ---------------------------------------------------------------------------------------


class BadgeFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="unit_path", right=Right.VIEW_MEMBERS, subtree=True,
        label="Tổ chức (id): huy hiệu của đảng viên các chi bộ thuộc tổ chức này",
    )  # fmt: skip
    member = member_filter(Right.VIEW_MEMBERS)
    award_date = filters.DateFilter(label="Đợt trao tặng (YYYY-MM-DD)")
    state = filters.MultipleChoiceFilter(choices=BadgeState.choices, label="Tình trạng (có thể lặp lại)")
    milestone = WholeNumberFilter(min_value=1, max_value=100, label="Mốc tuổi đảng (năm)")

    class Meta:
        model = Badge
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Huy hiệu Đảng đã đề nghị, đã tặng",
        description="Đề nghị và quyết định tặng Huy hiệu Đảng trong phạm vi.",
    ),
    retrieve=extend_schema(summary="Một Huy hiệu Đảng", responses={200: BadgeSerializer, 404: NOT_FOUND}),
)
class BadgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecognitionViewSet):
    queryset = Badge.objects.none()
    serializer_class = BadgeSerializer
    filterset_class = BadgeFilter
    audit_name = "badge"

    def get_queryset(self) -> QuerySet[Badge]:
        return (
            badges_for(self.scope, right=Right.VIEW_MEMBERS)
            .select_related("member", "unit")
            .order_by("-award_date", "unit_path", "member__sort_key", "milestone", "id")
        )

    def answer(self, badge: Badge, *, code: int = status.HTTP_200_OK) -> Response:
        return Response(BadgeSerializer(self.get_queryset().get(pk=badge.pk)).data, status=code)

    @extend_schema(
        summary="Đề nghị tặng Huy hiệu Đảng",
        description="Đề nghị một đảng viên cho một đợt: đủ tuổi đảng vào ngày của đợt, hoặc bệnh nặng trong thời hạn "
        "xét tặng sớm, hoặc truy tặng; không bị kỷ luật chặn; chưa đề nghị, chưa tặng mốc này.",
        request=ProposeBadgeSerializer, responses={201: BadgeSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(ProposeBadgeSerializer)
        unit = self.proposing_unit(d["organization"])
        allowed = members_for(self.scope, right=Right.PROPOSE_RECOGNITION, include_self=False)
        member = self.fetch_in_scope(allowed.select_related("organization"), d["member"], what="member")
        badge = services.propose_badge(actor=request.user, member=member, years=d["milestone"],
                                       award_date=d["award_date"], proposing_organization=unit)  # fmt: skip
        return self.answer(badge, code=status.HTTP_201_CREATED)

    @ANSWERS.action("award", request=AwardBadgeSerializer, ok=BadgeSerializer, summary="Ghi quyết định tặng",
                    description="Cấp có thẩm quyền đã quyết định tặng (số, ngày quyết định); kiểm tra lại như danh "
                    "sách của đợt: đủ tuổi đảng hoặc trong thời hạn xét tặng sớm, không bị kỷ luật chặn.")  # fmt: skip
    def award(self, request: Request, pk: str) -> Response:
        badge: Badge = self.get_object()
        self.check_decides(badge.unit_path)
        d = self.valid(AwardBadgeSerializer)
        badge = services.record_award(
            actor=request.user, badge=badge, decision_number=d["decision_number"], decision_date=d["decision_date"],
            deciding_authority=d["deciding_authority"], award_date=d.get("award_date"),
            expected_version=d["expected_version"],
        )  # fmt: skip
        return self.answer(badge)

    @ANSWERS.action("withdraw", request=WithdrawBadgeSerializer, ok=BadgeSerializer, summary="Rút đề nghị")
    def withdraw(self, request: Request, pk: str) -> Response:
        badge: Badge = self.managed_object()
        d = self.valid(WithdrawBadgeSerializer)
        badge = services.withdraw_badge(actor=request.user, badge=badge, reason=d["reason"],
                                        expected_version=d["expected_version"])  # fmt: skip
        return self.answer(badge)

    @extend_schema(
        summary="Danh sách xét tặng của một đợt",
        description="Đảng viên đủ tuổi đảng từ sau đợt trước đến hết ngày của đợt, xét tặng sớm, truy tặng, các "
        "trường hợp chuyển từ đợt trước; mỗi dòng có tuổi đảng (năm, tháng, ngày), kết quả và căn cứ.",
        parameters=[
            OpenApiParameter("award_date", OpenApiTypes.DATE, required=True, description="Đợt trao tặng."),
            OpenApiParameter("organization", OpenApiTypes.INT, description="Tổ chức (id) trong phạm vi."),
            OpenApiParameter("verdict", OpenApiTypes.STR, enum=Verdict.values, description="Chỉ một kết quả."),
        ],
        responses={200: BadgeRowSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="due", filterset_class=None, filter_backends=[],
            serializer_class=BadgeRowSerializer)  # fmt: skip
    def due(self, request: Request) -> Response:
        day = date_param(request.query_params.get("award_date", ""), name="award_date")
        rules = check_award_date(day)
        raw = request.query_params.get("organization")
        if raw not in (None, ""):
            assert raw is not None
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
                raise ValidationError({"organization": ["Mã tổ chức (organization) cần là số nguyên."]})
            unit = self.fetch_in_scope(organizations_for(self.scope, right=Right.VIEW_MEMBERS), raw,
                                       what="organization")  # fmt: skip
        else:
            unit = visible_roots(self.scope, right=Right.VIEW_MEMBERS).first()
            if unit is None:
                raise NotFound
        verdict = request.query_params.get("verdict", "")
        if verdict and verdict not in Verdict.values:
            raise ValidationError({"verdict": [f"Kết quả (verdict) phải là một trong: {', '.join(Verdict.values)}."]})
        rows = list_for(unit, day, rules=rules).rows_for(verdict)
        page = self.paginate_queryset(cast(Any, rows))
        return self.get_paginated_response(BadgeRowSerializer(page, many=True).data)


# ---- commendations --------------------------------------------------------------------------------


class CommendationFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="unit_path", right=Right.VIEW_MEMBERS, subtree=True,
                                        label="Tổ chức (id): khen thưởng của đối tượng thuộc tổ chức này")  # fmt: skip
    member = member_filter(Right.VIEW_MEMBERS)
    year = WholeNumberFilter(min_value=1930, max_value=2100, label="Năm")
    state = filters.MultipleChoiceFilter(choices=CommendationState.choices, label="Tình trạng (có thể lặp lại)")

    class Meta:
        model = Commendation
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Khen thưởng", description="Đề nghị và quyết định khen thưởng trong phạm vi."),
    retrieve=extend_schema(summary="Một khen thưởng", responses={200: CommendationSerializer, 404: NOT_FOUND}),
)
class CommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecognitionViewSet):
    queryset = Commendation.objects.none()
    serializer_class = CommendationSerializer
    filterset_class = CommendationFilter
    audit_name = "commendation"

    def get_queryset(self) -> QuerySet[Commendation]:
        return (
            commendations_for(self.scope)
            .select_related("kind", "level", "member", "organization")
            .order_by("-year", "unit_path", "id")
        )

    def answer(self, c: Commendation, *, code: int = status.HTTP_200_OK) -> Response:
        return Response(CommendationSerializer(self.get_queryset().get(pk=c.pk)).data, status=code)

    @extend_schema(
        summary="Đề nghị khen thưởng",
        description="Loại và mức khen thưởng theo mã (danh mục do quản trị cập nhật), năm, đối tượng (đảng viên hoặc "
        "tổ chức cơ sở đảng), cấp đề nghị; cấp quyết định là cấp ủy mà mức khen thưởng chỉ ra.",
        request=ProposeCommendationSerializer,
        responses={201: CommendationSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(ProposeCommendationSerializer)
        unit = self.proposing_unit(d["proposing_organization"])
        kind = CommendationKind.objects.filter(code=d["kind"]).first()
        level = CommendationLevel.objects.filter(code=d["level"]).first()
        if kind is None or level is None:
            raise DomainError("Không có loại hoặc mức khen thưởng với mã này.", field="kind")
        member = organization = None
        if d.get("member") is not None:
            allowed = members_for(self.scope, right=Right.PROPOSE_RECOGNITION, include_self=False)
            member = self.fetch_in_scope(allowed.select_related("organization"), d["member"], what="member")
        if d.get("organization") is not None:
            organization = self.fetch_in_scope(organizations_for(self.scope, right=Right.PROPOSE_RECOGNITION),
                                               d["organization"], what="organization")  # fmt: skip
        c = commendation_services.propose_commendation(
            actor=request.user, kind=kind, level=level, year=d["year"], proposing_organization=unit, member=member,
            organization=organization, achievement=d.get("achievement", ""),
        )  # fmt: skip
        return self.answer(c, code=status.HTTP_201_CREATED)

    def decided_object(self) -> Commendation:
        c: Commendation = self.get_object()
        self.check_decides(c.deciding_organization.path)
        return c

    @ANSWERS.action("decide", request=DecideCommendationSerializer, ok=CommendationSerializer,
                    summary="Quyết định khen thưởng")  # fmt: skip
    def decide(self, request: Request, pk: str) -> Response:
        c = self.decided_object()
        d = self.valid(DecideCommendationSerializer)
        c = commendation_services.decide_commendation(actor=request.user, commendation=c,
                                                      decision_number=d["decision_number"], decided_on=d["decided_on"],
                                                      expected_version=d["expected_version"])  # fmt: skip
        return self.answer(c)

    @ANSWERS.action("refuse", request=RefuseCommendationSerializer, ok=CommendationSerializer,
                    summary="Không khen thưởng")  # fmt: skip
    def refuse(self, request: Request, pk: str) -> Response:
        c = self.decided_object()
        d = self.valid(RefuseCommendationSerializer)
        c = commendation_services.refuse_commendation(actor=request.user, commendation=c, reason=d["reason"],
                                                      expected_version=d["expected_version"])  # fmt: skip
        return self.answer(c)
