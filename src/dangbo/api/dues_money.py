"""Dues money under /api/v1/: remittances (list, record), reconciliation batches (upload a statement, read its
lines, record the review, apply) and the dues statement of a unit for a month or a quarter (JSON).

Reads need `Right.VIEW_FINANCE` somewhere, writes `MANAGE_FINANCE` (403 otherwise). An id outside the finance
scope, in the URL, a filter or a body, answers 404 and is logged. A refusal of the rules answers 400 with the
services' Vietnamese message and saves nothing; a stale `version` 409.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.dues import reconciliation, statements
from dangbo.dues.enums import BatchState, LineStatus, PaymentChannel, StatementSource
from dangbo.dues.models import ReconciliationBatch, ReconciliationLine, Remittance
from dangbo.dues.remittances import record_remittance, remittances_for
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from .enum_fields import NamedChoiceField
from .writes import UnitWriteViewSet

TAGS = ["Đảng phí: thu, nộp, đối soát"]


class MoneyViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_FINANCE
    write_right = Right.MANAGE_FINANCE
    read_refusal = "Bạn không có quyền xem tài chính, đảng phí."
    write_refusal = "Bạn không có quyền cập nhật tài chính, đảng phí."
    manage_refusal = "Bạn không có quyền cập nhật tài chính của đơn vị này."
    unit_path = "path"

    def unit(self, pk: Any) -> Organization:
        """The organization named in a filter or body, 404 (logged) outside the finance scope."""
        if not str(pk).isdigit():
            raise NotFound
        units = organizations_for(self.scope, right=Right.VIEW_FINANCE)
        organization: Organization = self.fetch_in_scope(units, int(pk), what="organization")
        return organization


# ---- remittances -----------------------------------------------------------------------------------------------


class RemittanceSerializer(serializers.ModelSerializer[Remittance]):
    class Meta:
        model = Remittance
        fields = ["id", "from_organization", "to_organization", "period_start", "period_end", "amount", "paid_on",
                  "channel", "reference", "note", "version"]  # fmt: skip
        read_only_fields = fields


class RemittanceCreateSerializer(serializers.Serializer[Any]):
    from_organization = serializers.IntegerField(min_value=1)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    amount = serializers.IntegerField()
    paid_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=PaymentChannel.choices)
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Các khoản nộp đảng phí lên cấp trên"),
    create=extend_schema(
        summary="Ghi một khoản nộp lên cấp trên trực tiếp",
        request=RemittanceCreateSerializer,
        responses={201: RemittanceSerializer},
    ),
)
class RemittanceViewSet(MoneyViewSet, mixins.ListModelMixin):
    serializer_class = RemittanceSerializer
    audit_name = "dues.remittance"

    def get_queryset(self) -> Any:
        return remittances_for(self.scope).order_by("-period_start", "-id")

    def create(self, request: Request) -> Response:
        data = self.valid(RemittanceCreateSerializer)
        sender = self.unit(data.pop("from_organization"))
        row = record_remittance(actor=request.user, scope=self.scope, from_organization=sender,
                                to_organization=sender.parent, **data)  # type: ignore[arg-type]  # fmt: skip
        return Response(RemittanceSerializer(row).data, status=status.HTTP_201_CREATED)


# ---- reconciliation --------------------------------------------------------------------------------------------


class BatchSerializer(serializers.ModelSerializer[ReconciliationBatch]):
    statement_source = NamedChoiceField(
        enum_name="StatementSourceEnum", choices=StatementSource.choices, source="source", read_only=True
    )
    state = NamedChoiceField(enum_name="ReconciliationStateEnum", choices=BatchState.choices, read_only=True)

    class Meta:
        model = ReconciliationBatch
        fields = ["id", "organization", "statement_source", "file_name", "mapping", "state", "applied_at", "version"]
        read_only_fields = fields


class LineSerializer(serializers.ModelSerializer[ReconciliationLine]):
    status = NamedChoiceField(enum_name="ReconciliationLineStatusEnum", choices=LineStatus.choices, read_only=True)

    class Meta:
        model = ReconciliationLine
        fields = ["id", "row_number", "raw", "amount", "paid_on", "reference", "memo", "member", "month", "status",
                  "candidates", "message", "accepted"]  # fmt: skip
        read_only_fields = fields


class UploadSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(min_value=1)
    statement_source = NamedChoiceField(enum_name="StatementSourceEnum", choices=StatementSource.choices)
    file = serializers.FileField()
    mapping = serializers.JSONField(required=False, help_text="Vai trò → tiêu đề cột: amount, date, reference, "
                                    "memo, card_number, citizen_id, name, month")  # fmt: skip


class BatchReviewSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    accepted = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)
    picks = serializers.DictField(child=serializers.IntegerField(min_value=1), required=False,
                                  help_text="id dòng chưa rõ → id đảng viên chọn")  # fmt: skip


class BatchVersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)


class AppliedSerializer(serializers.Serializer[Any]):
    payments = serializers.IntegerField()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Các lần đối soát sao kê"),
    retrieve=extend_schema(summary="Một lần đối soát"),
)
class ReconciliationViewSet(MoneyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = BatchSerializer
    audit_name = "dues.reconciliationbatch"
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def get_queryset(self) -> Any:
        return reconciliation.batches_for(self.scope).order_by("-created_at", "-id")

    @extend_schema(summary="Tải lên dữ liệu Cổng Dịch vụ công hoặc sao kê ngân hàng (.xlsx, .csv)",
                   request={"multipart/form-data": UploadSerializer}, responses={201: BatchSerializer})  # fmt: skip
    def create(self, request: Request) -> Response:
        data = self.valid(UploadSerializer)
        unit = self.unit(data["organization"])
        mapping = data.get("mapping")
        if mapping is not None and not (
            isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())
        ):
            raise ValidationError({"mapping": ["Ánh xạ cột phải là đối tượng: vai trò → tiêu đề cột."]})
        upload = data["file"]
        batch = reconciliation.upload_statement(
            actor=request.user, scope=self.scope, organization=unit, source=data["statement_source"],
            file_name=upload.name, data=upload.read(), mapping=mapping,
        )  # fmt: skip
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Các dòng của lần đối soát", responses={200: LineSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def lines(self, request: Request, pk: str) -> Response:
        batch = self.get_object()
        return Response(LineSerializer(batch.lines.order_by("row_number"), many=True).data)

    @extend_schema(summary="Ghi kết quả rà soát: dòng chấp nhận, đảng viên chọn cho dòng chưa rõ",
                   request=BatchReviewSerializer, responses={200: BatchSerializer})  # fmt: skip
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=BatchReviewSerializer)
    def review(self, request: Request, pk: str) -> Response:
        batch = self.managed_object()
        data = self.valid(BatchReviewSerializer)
        picks = {int(k): v for k, v in (data.get("picks") or {}).items() if str(k).isdigit()}
        batch = reconciliation.review_lines(actor=request.user, batch=batch, expected_version=data["version"],
                                            accepted=data["accepted"], picks=picks)  # fmt: skip
        return Response(BatchSerializer(batch).data)

    @extend_schema(summary="Ghi các dòng đã chấp nhận vào sổ đảng phí (tất cả hoặc không)",
                   request=BatchVersionSerializer, responses={200: AppliedSerializer})  # fmt: skip
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=BatchVersionSerializer)
    def apply(self, request: Request, pk: str) -> Response:
        batch = self.managed_object()
        data = self.valid(BatchVersionSerializer)
        count = reconciliation.apply_batch(actor=request.user, scope=self.scope, batch=batch,
                                           expected_version=data["version"])  # fmt: skip
        return Response({"payments": count})


# ---- statements ------------------------------------------------------------------------------------------------


class StatementRowSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(source="organization.pk")
    name = serializers.CharField(source="organization.name")
    collected = serializers.IntegerField()
    retained = serializers.IntegerField()
    to_remit = serializers.IntegerField()
    remitted = serializers.IntegerField()
    difference = serializers.IntegerField()


class StatementSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(source="label")
    months = serializers.ListField(child=serializers.DateField())
    total = StatementRowSerializer()
    children = StatementRowSerializer(many=True)
    explanation = serializers.CharField()


@extend_schema(tags=TAGS)
class StatementViewSet(MoneyViewSet):
    serializer_class = StatementSerializer
    audit_name = "organization"
    queryset = Organization.objects.none()  # the statement is computed, not a list of rows

    @extend_schema(
        summary="Báo cáo thu, nộp đảng phí của một đơn vị (tháng hoặc quý)",
        parameters=[
            OpenApiParameter("organization", int, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("quarter", int, description="1–4"),
            OpenApiParameter("month", int, description="1–12 (thay cho quý)"),
        ],
        responses={200: StatementSerializer},
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        unit = self.unit(params.get("organization", ""))
        try:
            year = int(params.get("year") or timezone.localdate().year)
            month = int(params["month"]) if params.get("month") else None
            quarter = int(params["quarter"]) if params.get("quarter") else None
            if not 2000 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
                raise ValueError
            months = statements.period_months(year, month=month, quarter=quarter)
        except (ValueError, KeyError):
            raise ValidationError({"period": ["Chọn năm (2000–2100) và quý (1–4) hoặc tháng (1–12)."]}) from None
        return Response(StatementSerializer(statements.statement(unit, months)).data)
