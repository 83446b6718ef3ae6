"""Designations ("model cell", "four-good") under /api/v1/designations/: read-only, scoped.

A designation is organization data: it is seen by whoever may view the organizations of its unit (by the
unit's path as it stood that year: `selectors.designations_for`). Awarding one goes through the
evaluations pages (`designations.designate`).
"""

from __future__ import annotations

import django_filters as filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from dangbo.evaluations.enums import DesignationKind
from dangbo.evaluations.models import Designation
from dangbo.evaluations.selectors import designations_for

from .filters import IdFilter
from .rating_serializers import DesignationSerializer
from .ratings import RatingScopedViewSet, subtree_of
from .views import NOT_FOUND


class DesignationFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year", label="Năm")
    kind = filters.ChoiceFilter(choices=DesignationKind.choices, label="Danh hiệu")
    unit = IdFilter(method="filter_unit", label="Đơn vị (id): danh hiệu của đơn vị này và cấp dưới")

    class Meta:
        model = Designation
        fields = ()

    def filter_unit(self, queryset: QuerySet[Designation], name: str, value: int) -> QuerySet[Designation]:
        return subtree_of(queryset, value, "unit_path")


@extend_schema(tags=["Đánh giá, xếp loại"])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách danh hiệu",
        description="Danh hiệu “Chi bộ kiểu mẫu”, “Bốn tốt” của các tổ chức trong phạm vi, năm mới trước.",
    ),
    retrieve=extend_schema(summary="Một danh hiệu", responses={200: DesignationSerializer, 404: NOT_FOUND}),
)
class DesignationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RatingScopedViewSet):
    queryset = Designation.objects.none()
    serializer_class = DesignationSerializer
    filterset_class = DesignationFilter
    audit_name = "designation"

    def get_queryset(self) -> QuerySet[Designation]:
        return designations_for(self.scope).select_related("organization").order_by("-year", "unit_path", "kind", "id")
