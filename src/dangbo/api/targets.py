"""Plans, their targets and the pre-aggregated KPI values under /api/v1/: read-only, scoped.

Plans and targets are the party's own documents: every user who may view organizations reads them
(`planning.selectors.plans_for`). A KPI value is one organization's figure in one year, seen by whoever
may view that organization, with the target in force that year and its red/amber/green status.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.organizations.selectors import organizations_for
from dangbo.planning import plans as plan_services
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.models import KpiValue, Plan, Target
from dangbo.planning.selectors import Figure, plans_for, targets_by_year

from .enum_fields import NamedChoiceField
from .filters import IdFilter, OrganizationIdFilter
from .plan_tasks import NO_RIGHT, REFUSED, PlanCreateSerializer
from .views import NOT_FOUND, ScopedViewSet

# ---- serializers ---------------------------------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer[Target]):
    plan_document = serializers.CharField(source="plan.document_number", read_only=True)
    metric_display = serializers.CharField(source="get_metric_display", read_only=True)
    comparison_display = serializers.CharField(source="get_comparison_display", read_only=True)
    condition = serializers.CharField(source="condition_text", read_only=True, help_text="Ví dụ: “> 90%”, “3–4%”.")

    class Meta:
        model = Target
        fields: tuple[str, ...] = (
            "id", "plan", "plan_document", "metric", "metric_display", "comparison", "comparison_display",
            "threshold", "threshold_high", "amber_margin", "condition", "year_from", "year_to", "source_text",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class PlanSerializer(serializers.ModelSerializer[Plan]):
    targets = TargetSerializer(many=True, read_only=True)
    document: Any = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Văn bản của kế hoạch trong thư viện (/api/v1/documents/{id}/); null khi chưa có."
    )

    class Meta:
        model = Plan
        fields: tuple[str, ...] = (
            "id", "document_number", "title", "issuer_name", "issuer", "issued_on", "implements", "targets",
            "year_from", "year_to", "document",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class KpiValueSerializer(serializers.ModelSerializer[KpiValue]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    metric_display = serializers.CharField(source="get_metric_display", read_only=True)
    percent = serializers.SerializerMethodField(help_text="Tỷ lệ (%), làm tròn 2 chữ số; null khi mẫu số bằng 0.")
    percent_text = serializers.SerializerMethodField(help_text="Tỷ lệ như trên bảng điều hành, ví dụ “86,7%”.")
    target = serializers.SerializerMethodField(help_text="Chỉ tiêu có hiệu lực năm đó, ví dụ “> 90%”.")
    status = serializers.SerializerMethodField(
        help_text="So với chỉ tiêu: exceeded (vượt), green (đạt), amber (gần đạt), red (chưa đạt), none."
    )
    status_text = serializers.SerializerMethodField(
        help_text="Giải thích, ví dụ “Vượt chỉ tiêu: 4,2% trên khoảng 3–4%”."
    )

    class Meta:
        model = KpiValue
        fields: tuple[str, ...] = (
            "id", "year", "organization", "organization_name", "metric", "metric_display", "org_type",
            "is_grassroots", "numerator", "denominator", "percent", "percent_text", "target", "status", "status_text",
            "computed_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def figure(self, row: KpiValue) -> Figure:
        targets: dict[int, dict[str, Target]] = self.context.get("targets", {})
        return Figure(row.metric, row.numerator, row.denominator, targets.get(row.year, {}).get(row.metric))

    def get_percent(self, row: KpiValue) -> float | None:
        return self.figure(row).value_float

    def get_percent_text(self, row: KpiValue) -> str:
        return self.figure(row).value_text

    def get_target(self, row: KpiValue) -> str:
        return self.figure(row).target_text

    @extend_schema_field(NamedChoiceField(enum_name="TargetStatusEnum", choices=TargetStatus.choices))
    def get_status(self, row: KpiValue) -> str:
        return str(self.figure(row).status)

    def get_status_text(self, row: KpiValue) -> str:
        return self.figure(row).grade.text


# ---- filters -------------------------------------------------------------------------------------


class TargetFilter(filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label="Kế hoạch (id)")
    metric = filters.ChoiceFilter(choices=Metric.choices, label="Chỉ tiêu")
    year = filters.NumberFilter(method="filter_year", label="Năm: các chỉ tiêu áp dụng trong năm này")

    class Meta:
        model = Target
        fields = ()

    def filter_year(self, queryset: QuerySet[Target], name: str, value: int) -> QuerySet[Target]:
        return queryset.filter(year_from__lte=value, year_to__gte=value)


class KpiValueFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year", label="Năm")
    organization = OrganizationIdFilter(field_name="organization_id", label="Tổ chức (id)")
    metric = filters.ChoiceFilter(choices=Metric.choices, label="Chỉ tiêu")

    class Meta:
        model = KpiValue
        fields = ()


# ---- endpoints -----------------------------------------------------------------------------------


@extend_schema(tags=["Chỉ tiêu"])
@extend_schema_view(
    list=extend_schema(summary="Danh sách kế hoạch", description="Các kế hoạch đặt chỉ tiêu, kèm chỉ tiêu."),
    retrieve=extend_schema(summary="Một kế hoạch", responses={200: PlanSerializer, 404: NOT_FOUND}),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Plan]):
    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    audit_name = "plan"

    def get_queryset(self) -> QuerySet[Plan]:
        # The selector prefetches the targets (in their model order: metric, first year).
        return plans_for(self.scope).order_by("-issued_on", "id")

    @extend_schema(summary="Lập kế hoạch", description="Cấp ủy ban hành là tổ chức người dùng được lập kế hoạch.",
                   request=PlanCreateSerializer,
                   responses={201: PlanSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.scope.has_right(Right.MANAGE_PLANS):
            raise PermissionDenied("Bạn không có quyền lập kế hoạch, giao nhiệm vụ.")
        d = self.valid(PlanCreateSerializer)
        units = organizations_for(self.scope, right=Right.MANAGE_PLANS)
        issuer = self.fetch_in_scope(units, d["issuer"], what="organization")
        fields = ("document_number", "title", "issued_on", "year_from", "year_to", "implements")
        plan = plan_services.create_plan(actor=request.user, issuer=issuer, **{f: d[f] for f in fields})
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Chỉ tiêu"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách chỉ tiêu",
        description="Chỉ tiêu của các kế hoạch: chỉ tiêu, cách so sánh, ngưỡng, các năm áp dụng, trích văn bản.",
    ),
    retrieve=extend_schema(summary="Một chỉ tiêu", responses={200: TargetSerializer, 404: NOT_FOUND}),
)
class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Target]):
    queryset = Target.objects.none()
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    audit_name = "target"

    def get_queryset(self) -> QuerySet[Target]:
        return (
            Target.objects.filter(plan__in=plans_for(self.scope).values("pk"))
            .select_related("plan")
            .order_by("plan__issued_on", "plan_id", "metric", "year_from", "id")
        )


@extend_schema(tags=["Chỉ tiêu"])
@extend_schema_view(
    list=extend_schema(
        summary="Giá trị chỉ tiêu",
        description="Tử số, mẫu số và tỷ lệ của từng chỉ tiêu theo tổ chức và năm (tổ chức trong phạm vi), so với "
        "chỉ tiêu có hiệu lực năm đó. Số liệu được tính lại khi khóa đợt đánh giá và hằng đêm.",
    ),
)
class KpiValueViewSet(mixins.ListModelMixin, ScopedViewSet[KpiValue]):
    queryset = KpiValue.objects.none()
    serializer_class = KpiValueSerializer
    filterset_class = KpiValueFilter
    audit_name = "kpi_value"

    def get_queryset(self) -> QuerySet[KpiValue]:
        return (
            KpiValue.objects.filter(organization__in=organizations_for(self.scope).values("pk"))
            .select_related("organization")
            .order_by("-year", "path", "metric", "id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page) if page is not None else []
        # The targets of the page's years, read once for the whole page.
        context = {**self.get_serializer_context(), "targets": targets_by_year(sorted({r.year for r in rows}))}
        return self.get_paginated_response(KpiValueSerializer(rows, many=True, context=context).data)
