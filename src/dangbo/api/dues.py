"""Dues under /api/v1/: the rule sets (read), each member's category and base and the exemptions and reductions
(read, add), the ledger's member-months (read with filters) and a payment recorded on one of them.

Reads need `Right.VIEW_FINANCE` somewhere (403 otherwise: a member has their own page); writes `RECORD_DUES`,
over the member's cell. An id outside the scope, in the URL, a filter or a body, answers 404 and is logged. A
refusal of the rules (a month before admission or after leaving, an amount not above zero, above what is due or
absurd, a second payment not marked extra, a reduction of more than 12 months) answers 400 in Vietnamese and
saves nothing; a stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import F, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.dues import ledger
from dangbo.dues.models import DuesBase, DuesMonth, DuesRelief, DuesRuleSet

from .dues_serializers import (
    DuesBaseSerializer,
    DuesBaseWriteSerializer,
    DuesMonthSerializer,
    DuesReliefSerializer,
    DuesReliefWriteSerializer,
    DuesRuleSetSerializer,
    PaymentSerializer,
)
from .filters import OrganizationIdFilter, WholeNumberFilter, member_filter
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Đảng phí"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (tháng trước khi kết nạp hoặc sau khi ra khỏi danh sách, "
    "số tiền không lớn hơn 0 hoặc quá mức, lần đóng thứ hai không đánh dấu đóng thêm, giảm quá 12 tháng…): thông "
    "báo tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền ghi sổ đảng phí của chi bộ này.")
STALE = OpenApiResponse(ErrorSerializer, description="Tháng này đã được người khác ghi sau khi bạn đọc; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class DuesViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_FINANCE
    write_right = Right.RECORD_DUES
    read_refusal = "Bạn không có quyền xem đảng phí."
    write_refusal = "Bạn không có quyền ghi sổ đảng phí."
    manage_refusal = "Chỉ bí thư chi bộ hoặc cán bộ đảng ủy cơ sở ghi sổ đảng phí của chi bộ."

    def member_in_scope(self, pk: int) -> Any:
        member = self.visible_members([pk])[0]
        self.check_manages(member.organization.path)
        return member


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Các bộ quy tắc đảng phí", description="Mức đóng theo từng thời kỳ (342, 01)."),
    retrieve=extend_schema(summary="Một bộ quy tắc đảng phí", responses={200: DuesRuleSetSerializer, 404: NOT_FOUND}),
)
class DuesRuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DuesViewSet):
    queryset = DuesRuleSet.objects.order_by("effective_from")
    serializer_class = DuesRuleSetSerializer
    audit_name = "dues_rule_set"


class MemberRecordFilter(filters.FilterSet):
    member = member_filter(Right.VIEW_FINANCE)
    organization = OrganizationIdFilter(
        field_name="member__organization__path", right=Right.VIEW_FINANCE, subtree=True,
        label="Tổ chức (id): đảng viên hiện sinh hoạt trong tổ chức này",
    )  # fmt: skip


class DuesBaseFilter(MemberRecordFilter):
    class Meta:
        model = DuesBase
        fields = ()


class DuesReliefFilter(MemberRecordFilter):
    class Meta:
        model = DuesRelief
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Đối tượng, căn cứ tính đảng phí",
        description="Các thay đổi có ngày của từng đảng viên trong phạm vi; lọc theo đảng viên, tổ chức.",
    ),
    retrieve=extend_schema(summary="Một căn cứ tính đảng phí", responses={200: DuesBaseSerializer, 404: NOT_FOUND}),
)
class DuesBaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DuesViewSet):
    queryset = DuesBase.objects.none()
    serializer_class = DuesBaseSerializer
    filterset_class = DuesBaseFilter
    audit_name = "dues_base"

    def get_queryset(self) -> QuerySet[DuesBase]:
        return (DuesBase.objects.filter(self.scope.path_q(Right.VIEW_FINANCE, "member__organization__path"))
                .select_related("member").order_by("member_id", "start"))  # fmt: skip

    @extend_schema(
        summary="Khai báo đối tượng, căn cứ tính từ một tháng", request=DuesBaseWriteSerializer,
        responses={201: DuesBaseSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND, 409: STALE},
    )  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.valid(DuesBaseWriteSerializer)
        member = self.member_in_scope(data["member"])
        record = ledger.set_base(actor=request.user, member=member, start=data["start"], category=data["category"],
                                 base=data["base"], note=data["note"])  # fmt: skip
        return Response(DuesBaseSerializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Miễn, giảm đảng phí", description="Các quyết định miễn, giảm trong phạm vi."),
    retrieve=extend_schema(summary="Một quyết định miễn, giảm", responses={200: DuesReliefSerializer, 404: NOT_FOUND}),
)
class DuesReliefViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DuesViewSet):
    queryset = DuesRelief.objects.none()
    serializer_class = DuesReliefSerializer
    filterset_class = DuesReliefFilter
    audit_name = "dues_relief"

    def get_queryset(self) -> QuerySet[DuesRelief]:
        return (DuesRelief.objects.filter(self.scope.path_q(Right.VIEW_FINANCE, "member__organization__path"))
                .select_related("member").order_by("member_id", "start"))  # fmt: skip

    @extend_schema(summary="Ghi miễn hoặc giảm đảng phí", request=DuesReliefWriteSerializer,
                   responses={201: DuesReliefSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.valid(DuesReliefWriteSerializer)
        member = self.member_in_scope(data["member"])
        relief = ledger.add_relief(actor=request.user, member=member, kind=data["kind"], start=data["start"],
                                   end=data["end"], percent=data["percent"], decision_number=data["decision_number"],
                                   decision_date=data["decision_date"], reason=data["reason"])  # fmt: skip
        return Response(DuesReliefSerializer(relief).data, status=status.HTTP_201_CREATED)


class DuesMonthFilter(filters.FilterSet):
    member = member_filter(Right.VIEW_FINANCE)
    organization = OrganizationIdFilter(field_name="path", right=Right.VIEW_FINANCE, subtree=True,
                                        label="Tổ chức (id): sổ của tổ chức này và các chi bộ trực thuộc")  # fmt: skip
    year = WholeNumberFilter(field_name="month__year", min_value=2000, max_value=2100, label="Năm")
    month = WholeNumberFilter(field_name="month__month", min_value=1, max_value=12, label="Tháng (1–12)")
    owing = filters.BooleanFilter(method="filter_owing", label="Chỉ các tháng còn nợ (không có lý do)")

    class Meta:
        model = DuesMonth
        fields = ()

    def filter_owing(self, qs: QuerySet[DuesMonth], name: str, value: bool | None) -> QuerySet[DuesMonth]:
        if value is None:
            return qs
        owing = qs.filter(due__gt=F("paid"), excused_reason="")
        return owing if value else qs.exclude(pk__in=owing.values("pk"))


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Sổ đảng phí: các tháng của đảng viên",
        description="Mỗi dòng là một tháng của một "
        "đảng viên: phải đóng (cách tính), đã đóng, còn nợ; lọc theo tổ chức, đảng viên, năm, tháng.",
    ),
    retrieve=extend_schema(summary="Một tháng trong sổ đảng phí", responses={200: DuesMonthSerializer, 404: NOT_FOUND}),
)
class DuesMonthViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DuesViewSet):
    queryset = DuesMonth.objects.none()
    serializer_class = DuesMonthSerializer
    filterset_class = DuesMonthFilter
    audit_name = "dues_month"
    unit_path = "path"

    def get_queryset(self) -> QuerySet[DuesMonth]:
        scoped = DuesMonth.objects.filter(self.scope.path_q(Right.VIEW_FINANCE, "path"))
        return scoped.select_related("member", "organization", "rule_set").order_by("-month", "path", "member_id")

    @ANSWERS.action("payment", request=PaymentSerializer, ok=DuesMonthSerializer, summary="Ghi đảng phí đã đóng",
                    description="Ghi khoản đóng của tháng; `extra` cho khoản đóng thêm khi tháng đã ghi. Phiên bản "
                    "cũ: 409.")  # fmt: skip
    def payment(self, request: Request, pk: str | None = None) -> Response:
        row = self.managed_object()
        data = self.valid(PaymentSerializer)
        paid = ledger.record_payment(actor=request.user, member=row.member, month=row.month, amount=data["amount"],
                                     paid_on=data["paid_on"], channel=data["channel"], reference=data["reference"],
                                     extra=data["extra"], expected_version=data["expected_version"])  # fmt: skip
        fresh = self.get_queryset().get(pk=paid.pk)
        return Response(DuesMonthSerializer(fresh).data)
