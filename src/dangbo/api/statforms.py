"""Statistical forms under /api/v1/statistical-forms/: the forms in use, one form's figures for a unit as of a day
(JSON), and its Excel file (the same writer as the page's download, audited).

Reads need `Right.VIEW_MEMBERS`, the file `Right.EXPORT`. A unit outside the scope answers 404 and is logged; a day
in the future, before the unit was founded or after it was dissolved answers 400 with the Vietnamese message,
nothing written. A member register too large for one request is refused with a pointer to the page, which builds
it as a background job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots
from dangbo.statforms import exports
from dangbo.statforms.compute import Table, compute, default_day
from dangbo.statforms.models import StatForm

from .filters import date_param
from .serializers import ErrorSerializer
from .views import NOT_FOUND, ScopedViewSet

TAGS = ["Biểu thống kê"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Ngày không hợp lệ (chưa đến, trước ngày thành lập hoặc sau ngày giải thể của đơn vị), hoặc sổ danh "
    "sách quá lớn để tải trực tiếp: thông báo tiếng Việt, không ghi gì.",
)
PARAMETERS = [
    OpenApiParameter("organization", int, description="Đơn vị (id); mặc định: đơn vị cao nhất trong phạm vi."),
    OpenApiParameter(
        "ngay",
        OpenApiTypes.DATE,
        description="Ngày chốt số liệu, dạng YYYY-MM-DD; mặc định: ngày chốt gần nhất của biểu (hoặc hôm nay).",
    ),
]


class XlsxRenderer(BaseRenderer):
    media_type = exports.XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return data


class StatFormSerializer(serializers.ModelSerializer[StatForm]):
    columns = serializers.SerializerMethodField(help_text="Nhãn các cột, theo thứ tự của biểu.")
    kind = serializers.CharField(
        allow_blank=True, help_text="Loại biểu: members, organizations, changes, register, reconciliation."
    )
    dimension = serializers.CharField(
        allow_blank=True, help_text="Tiêu chí của biểu đảng viên (gender, age…); rỗng nếu không."
    )
    period = serializers.CharField(
        allow_blank=True, help_text="Kỳ của biểu tăng, giảm và biểu đối chiếu: year hoặc quarter."
    )

    class Meta:
        model = StatForm
        fields = ("id", "code", "title", "source", "kind", "dimension", "period", "cutoff_month", "cutoff_day",
                  "note", "columns")  # fmt: skip

    def get_columns(self, form: StatForm) -> list[str]:
        return [str(b.get("label", "")) for b in form.bands]


class FigureRowSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(source="organization_id")
    name = serializers.CharField(help_text="Tên của đơn vị vào ngày chốt.")
    depth = serializers.IntegerField(help_text="Cấp dưới đơn vị được chọn (0: chính đơn vị).")
    parent_id = serializers.IntegerField(allow_null=True, help_text="Đơn vị cấp trên vào ngày chốt.")
    values = serializers.ListField(child=serializers.IntegerField(allow_null=True))


class FiguresSerializer(serializers.Serializer[Any]):
    form = serializers.CharField(source="form.code")
    organization = serializers.IntegerField(source="unit.pk")
    day = serializers.DateField()
    period_start = serializers.DateField(allow_null=True, help_text="Đầu kỳ của biểu tăng, giảm và biểu đối chiếu.")
    columns = serializers.ListField(child=serializers.CharField())
    unfilled = serializers.ListField(child=serializers.CharField(), help_text="Cột sổ danh sách không có dữ liệu.")
    rows = FigureRowSerializer(many=True, help_text="Đơn vị được chọn rồi từng đơn vị trực thuộc vào ngày chốt.")


@extend_schema(tags=TAGS)
@extend_schema_view(list=extend_schema(summary="Danh sách biểu thống kê", description="Các biểu đang dùng."))
class StatFormViewSet(mixins.ListModelMixin, ScopedViewSet[StatForm]):
    queryset = StatForm.objects.none()
    serializer_class = StatFormSerializer
    pagination_class = None  # type: ignore[assignment]
    filter_backends: list[Any] = []
    audit_name = "statform"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.scope.has_right(Right.VIEW_MEMBERS):
            raise PermissionDenied("Bạn không có quyền xem số liệu đảng viên.")

    def get_queryset(self) -> QuerySet[StatForm]:
        return StatForm.objects.filter(in_use=True).order_by("position", "code")

    def get_object(self) -> StatForm:
        form = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if form is None:
            raise NotFound("Không có biểu thống kê này.")
        return form

    def table(self, right: str) -> Table:
        form = self.get_object()
        units = Organization.objects.filter(self.scope.path_q(right))
        raw = self.request.query_params.get("organization", "")
        if raw:
            if not (raw.isascii() and raw.isdigit() and int(raw) < 2**63):
                raise DomainError("Tham số organization phải là id của một tổ chức.", field="organization")
            unit = self.fetch_in_scope(units, int(raw), what="organization")
        else:
            unit = visible_roots(self.scope, right=right).first()
            if unit is None:
                raise NotFound("Không có đơn vị nào trong phạm vi.")
        today = timezone.localdate()
        raw_day = self.request.query_params.get("ngay", "")
        day: dt.date = date_param(raw_day, name="ngay") if raw_day else default_day(form, today)
        return compute(form, unit, day, today=today)

    @extend_schema(summary="Số liệu của một biểu", parameters=PARAMETERS,
                   responses={200: FiguresSerializer, 400: REFUSED, 404: NOT_FOUND})  # fmt: skip
    @action(detail=True, serializer_class=FiguresSerializer)
    def figures(self, request: Request, pk: str) -> Response:
        return Response(FiguresSerializer(self.table(Right.VIEW_MEMBERS)).data)

    @extend_schema(
        summary="Tệp Excel của một biểu",
        description="Theo bố cục của biểu; mỗi lần tải được ghi nhật ký. Cần quyền xuất dữ liệu.",
        parameters=PARAMETERS,
        responses={
            (200, exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
            400: REFUSED,
            403: OpenApiResponse(ErrorSerializer, description="Không có quyền xuất dữ liệu."),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, renderer_classes=[JSONRenderer, XlsxRenderer])
    def xlsx(self, request: Request, pk: str) -> HttpResponse:
        if not self.scope.has_right(Right.EXPORT):
            raise PermissionDenied("Bạn không có quyền xuất dữ liệu.")
        table = self.table(Right.EXPORT)
        if exports.needs_job(table):
            raise DomainError(
                f"Sổ danh sách có {exports.register_size(table)} đảng viên, quá lớn để tải trực tiếp: tạo tệp trên "
                "trang Biểu thống kê (tạo trong nền, có thanh tiến độ).",
                field="organization",
            )
        return exports.response(request._request, table, via="api")
