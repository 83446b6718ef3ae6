"""Disciplines under /api/v1/disciplines/: the decisions in scope (list with filters and where each stands today, the
full record with its verdicts explained and audited), recording a decision through `record_discipline`, and an
appeal and its settlement (`{id}/appeal/`, `{id}/settle/`).

Reads need `Right.VIEW_DISCIPLINE` somewhere (403 otherwise: a member has no discipline API), writes
`MANAGE_DISCIPLINE`: over the member's cell or the organization disciplined (a member or organization outside it in
the body answers 404 and is logged), over the decision's unit for an appeal (403 otherwise). A decision recorded here
carries its vote unless `paper_record` with a note (a decision copied from the paper files). A refusal of the rules
answers 400 with the services' Vietnamese message, nothing saved; a stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.discipline import services
from dangbo.discipline.checks import require_votes
from dangbo.discipline.enums import DisciplineForm, DisciplineState
from dangbo.discipline.explanations import explain
from dangbo.discipline.listing import rows_on
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import deciding_organizations, disciplines_for, manages
from dangbo.members.selectors import members_for
from dangbo.organizations.selectors import organizations_for

from .discipline_serializers import (
    AppealSerializer,
    DisciplineDetailSerializer,
    DisciplineListSerializer,
    DisciplineRecordSerializer,
    SettleSerializer,
)
from .filters import OrganizationIdFilter, WholeNumberFilter, member_filter
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Kỷ luật đảng"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (cách chức đảng viên không giữ chức vụ, khai trừ đảng viên "
    "dự bị, vi phạm đã hết thời hiệu, khiếu nại quá một tháng, số phiếu lớn hơn số thành viên có quyền biểu quyết "
    "hoặc chưa đạt tỷ lệ, cấp không có thẩm quyền…): thông báo tiếng Việt, không lưu gì.",
)
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật kỷ luật của đơn vị này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class UnitFilter(OrganizationIdFilter):
    """An organization of the scope (404 and logged outside it): decisions whose unit at decision, member's cell or
    organization disciplined is under it."""

    def narrow(self, qs: QuerySet[Any], found: Any) -> QuerySet[Any]:
        return qs.filter(
            Q(organization_at_decision__path__startswith=found.path)
            | Q(member__organization__path__startswith=found.path)
            | Q(organization__path__startswith=found.path)
        )


class DisciplineFilter(filters.FilterSet):
    organization = UnitFilter(
        field_name="organization_at_decision__path", right=Right.VIEW_DISCIPLINE,
        label="Tổ chức (id): quyết định đối với đảng viên, tổ chức thuộc tổ chức này và cấp dưới",
    )  # fmt: skip
    form = filters.MultipleChoiceFilter(choices=DisciplineForm.choices, label="Hình thức (có thể lặp lại)")
    year = WholeNumberFilter(field_name="decision_date__year", min_value=1930, max_value=2100, label="Năm quyết định")
    member = member_filter(Right.VIEW_DISCIPLINE)
    state = filters.ChoiceFilter(choices=DisciplineState.choices, method="filter_state", label="Tình trạng hôm nay")

    class Meta:
        model = Discipline
        fields = ()

    def filter_state(self, qs: QuerySet[Discipline], name: str, value: str) -> QuerySet[Discipline]:
        rows = rows_on(qs, on=timezone.localdate(), state=value)
        return qs.filter(pk__in=[r.discipline.pk for r in rows])


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách quyết định kỷ luật",
        description="Quyết định trong phạm vi, mới trước, kèm tình trạng hôm nay và ngày chấm dứt hiệu lực; lọc theo "
        "tổ chức, năm, hình thức, đảng viên, tình trạng.",
    ),
    retrieve=extend_schema(
        summary="Một quyết định kỷ luật (đủ hồ sơ và căn cứ; mỗi lần xem được ghi nhật ký)",
        responses={200: DisciplineDetailSerializer, 404: NOT_FOUND},
    ),
)
class DisciplineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, UnitWriteViewSet):
    queryset = Discipline.objects.none()
    filterset_class = DisciplineFilter
    audit_name = "discipline"
    read_right = Right.VIEW_DISCIPLINE
    write_right = Right.MANAGE_DISCIPLINE
    read_refusal = "Bạn không có quyền xem kỷ luật đảng."
    write_refusal = "Bạn không có quyền cập nhật kỷ luật đảng."
    manage_refusal = "Bạn không có quyền cập nhật kỷ luật của đơn vị này."
    unit_path = "organization_at_decision.path"

    def get_queryset(self) -> QuerySet[Discipline]:
        return (
            disciplines_for(self.scope, include_annulled=True)
            .select_related(
                "member__organization", "organization", "organization_at_decision", "deciding_organization", "rule_set"
            )
            .order_by("-decision_date", "-id")
        )

    def get_serializer_class(self) -> type[DisciplineListSerializer]:
        return DisciplineListSerializer if self.action == "list" else DisciplineDetailSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None
        rows = {r.discipline.pk: r for r in rows_on(Discipline.objects.filter(pk__in=[d.pk for d in page]),
                                                     on=timezone.localdate())}  # fmt: skip
        return self.get_paginated_response(DisciplineListSerializer(page, many=True, context={"rows": rows}).data)

    def answer(self, d: Discipline, answer: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=d.pk)
        context = {"explained": explain(fresh, on=timezone.localdate())}
        return Response(DisciplineDetailSerializer(fresh, context=context).data, status=answer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.get_object()
        self.log_viewed("discipline.discipline.viewed", d, object_repr=str(d),
                        scope_path=d.organization_at_decision.path)  # fmt: skip
        return self.answer(d)

    @extend_schema(
        summary="Ghi quyết định kỷ luật",
        description="Một đảng viên (`member`) hoặc một tổ chức đảng (`organization`) trong phạm vi được cập nhật. "
        "Kiểm tra hình thức theo đối tượng, chức vụ khi cách chức, số phiếu và tỷ lệ biểu quyết, cấp có thẩm quyền, "
        "thời hiệu theo bộ quy tắc có hiệu lực ngày quyết định. Số phiếu bắt buộc, trừ khi `paper_record` (ghi lại "
        "từ hồ sơ giấy) kèm ghi chú nguồn.",
        request=DisciplineRecordSerializer,
        responses={201: DisciplineDetailSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(DisciplineRecordSerializer))
        if d["member"] is not None:
            members = members_for(self.scope, right=Right.MANAGE_DISCIPLINE, include_self=False)
            d["member"] = self.fetch_in_scope(members.select_related("organization"), d["member"], what="member")
        if d["organization"] is not None:
            subjects = organizations_for(self.scope, right=Right.MANAGE_DISCIPLINE)
            d["organization"] = self.fetch_in_scope(subjects, d["organization"], what="organization")
        d["deciding_organization"] = self.fetch_in_scope(deciding_organizations(self.scope),
                                                         d["deciding_organization"], what="organization")  # fmt: skip
        require_votes(votes_for=d["votes_for"], voters_entitled=d["voters_entitled"],
                      paper_record=d.pop("paper_record"), note=d["note"])  # fmt: skip
        return self.answer(services.record_discipline(actor=request.user, **d), status.HTTP_201_CREATED)

    def managed(self) -> Discipline:
        d: Discipline = self.get_object()
        if not manages(self.scope, d):
            raise PermissionDenied(self.manage_refusal)
        return d

    @ANSWERS.action("appeal", request=AppealSerializer, ok=DisciplineDetailSerializer,
                    summary="Ghi nhận khiếu nại quyết định kỷ luật",
                    description="Trong một tháng (30 ngày làm việc) kể từ ngày nhận quyết định (chưa ghi ngày nhận: "
                    "từ ngày quyết định); quyết định vẫn có hiệu lực trong thời gian khiếu nại.")  # fmt: skip
    def appeal(self, request: Request, pk: str) -> Response:
        d = self.managed()
        body = self.valid(AppealSerializer)
        return self.answer(services.record_appeal(actor=request.user, discipline=d, filed_on=body["filed_on"],
                                                  expected_version=body["expected_version"]))  # fmt: skip

    @ANSWERS.action("settle", request=SettleSerializer, ok=DisciplineDetailSerializer,
                    summary="Ghi kết quả giải quyết khiếu nại",
                    description="Giữ nguyên (`upheld`), thay đổi hình thức (`changed`, kèm `new_form`) hoặc hủy bỏ "
                    "(`annulled`: quyết định không còn tính khi xếp loại).")  # fmt: skip
    def settle(self, request: Request, pk: str) -> Response:
        d = self.managed()
        body = self.valid(SettleSerializer)
        return self.answer(services.settle_appeal(actor=request.user, discipline=d, **body))
