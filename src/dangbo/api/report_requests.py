"""Reports asked of lower levels under /api/v1/: report requests (list, read with their units' states, set one,
remind every late unit), the units' rows (list, read with versions and reminders, remind one, accept, return) and
the versions sent (list, read, download the file, send one with its file).

Setting, reminding, accepting and returning need `manage_report_requests` over the requesting organization;
sending needs `report_progress` on the unit itself (the officers of the unit, not the committee above it). An id
outside the scope, in the URL, a filter or a body, answers 404 and is logged. The rules (a due date before the
request date, a unit outside the requester's tree, a unit not asked for the report, a report already accepted, a
file that is not PDF, Word or Excel by its content, reminding a unit that has sent it…) answer 400 with the
Vietnamese message of the services, nothing saved; a stale `expected_version` 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.core.audit import log_denied
from dangbo.organizations.models import Organization
from dangbo.reporting import request_services as services
from dangbo.reporting.enums import RecipientStatus, RequestKind
from dangbo.reporting.models import ReportRecipient, ReportRequest, ReportSubmission
from dangbo.reporting.request_selectors import (
    inbox_for,
    requesters_for,
    requests_for,
    requests_visible,
    state_of,
    submissions_for,
    with_counts,
)

from .enum_fields import NamedChoiceField
from .filters import ScopedIdFilter
from .meeting_serializers import version_field
from .serializers import ErrorSerializer
from .views import NOT_FOUND, ScopedViewSet
from .writes import WriteAnswers

TAGS = ["Báo cáo của cấp dưới"]
MAX_ID = 2**63 - 1
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (hạn gửi trước ngày yêu cầu, đơn vị ngoài cây của cấp yêu "
    "cầu, đơn vị không được yêu cầu gửi, báo cáo đã được tiếp nhận, tệp không phải PDF, Word, Excel, nhắc đơn vị đã "
    "gửi…): thông báo tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền với báo cáo này.")
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)
FILE_TYPES = [kind.content_type for kind in services.FILE_KINDS]


# ---- shapes ----------------------------------------------------------------------------------------------------


class ReportSubmissionSerializer(serializers.ModelSerializer[ReportSubmission]):
    request = serializers.IntegerField(source="recipient.request_id", read_only=True)
    organization = serializers.IntegerField(source="recipient.organization_id", read_only=True)
    figures = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = ReportSubmission
        fields: tuple[str, ...] = (
            "id", "recipient", "request", "organization", "number", "submitted_on", "original_name", "size",
            "content_type", "figures", "note", "outcome", "review_comment", "reviewed_on",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class ReportRecipientSerializer(serializers.ModelSerializer[ReportRecipient]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = NamedChoiceField(enum_name="ReportRecipientStatusEnum", choices=RecipientStatus.choices, read_only=True)
    state = serializers.SerializerMethodField(help_text="Tình trạng hiển thị: not_sent, late, sent, returned, "
                                              "accepted (quá hạn: chưa gửi hoặc bị trả lại sau hạn gửi).")  # fmt: skip
    reminders = serializers.SerializerMethodField(help_text="Ngày các lần nhắc, mới nhất trước.")

    class Meta:
        model = ReportRecipient
        fields: tuple[str, ...] = (
            "id", "request", "organization", "organization_name", "status", "state", "submitted_on", "accepted_on",
            "last_reminded_on", "reminders", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_state(self, obj: ReportRecipient) -> str:
        return str(state_of(obj, today=timezone.localdate()))

    def get_reminders(self, obj: ReportRecipient) -> list[str]:
        return [r.sent_on.isoformat() for r in obj.reminders.all()]


class ReportRecipientDetailSerializer(ReportRecipientSerializer):
    submissions = ReportSubmissionSerializer(many=True, read_only=True)

    class Meta(ReportRecipientSerializer.Meta):
        fields = (*ReportRecipientSerializer.Meta.fields, "submissions")
        read_only_fields = fields


class ReportRequestSerializer(serializers.ModelSerializer[ReportRequest]):
    kind = NamedChoiceField(enum_name="ReportRequestKindEnum", choices=RequestKind.choices, read_only=True)
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    figures = serializers.ListField(child=serializers.CharField(), read_only=True)
    n_units = serializers.IntegerField(read_only=True, help_text="Số đơn vị phải gửi.")
    n_sent = serializers.IntegerField(read_only=True, help_text="Số đơn vị đã gửi (kể cả đã tiếp nhận).")
    n_accepted = serializers.IntegerField(read_only=True, help_text="Số đơn vị đã được tiếp nhận.")
    n_late = serializers.IntegerField(read_only=True, help_text="Số đơn vị quá hạn.")

    class Meta:
        model = ReportRequest
        fields: tuple[str, ...] = (
            "id", "requester", "requester_name", "kind", "year", "period", "title", "requested_on", "due_on",
            "figures", "note", "template_name", "n_units", "n_sent", "n_accepted", "n_late", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class ReportRequestDetailSerializer(ReportRequestSerializer):
    units = ReportRecipientSerializer(source="recipients", many=True, read_only=True)

    class Meta(ReportRequestSerializer.Meta):
        fields = (*ReportRequestSerializer.Meta.fields, "units")
        read_only_fields = fields


class ReportRequestCreateSerializer(serializers.Serializer[Any]):
    requester = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Tổ chức yêu cầu (id).")
    kind = NamedChoiceField(enum_name="ReportRequestKindEnum", choices=RequestKind.choices)
    year = serializers.IntegerField(min_value=1930, max_value=2100)
    period = serializers.IntegerField(min_value=0, max_value=4, required=False, default=0,
                                      help_text="6 tháng: 1–2; quý: 1–4; loại khác: 0.")  # fmt: skip
    title = serializers.CharField(max_length=255)
    due_on = serializers.DateField(help_text="Hạn gửi (không trước hôm nay).")
    units = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=500,
                                  help_text="Các đơn vị phải gửi (id), trực thuộc tổ chức yêu cầu.")  # fmt: skip
    figures = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50,
                                    help_text="Tên các số liệu chủ yếu.")  # fmt: skip
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReportSubmitSerializer(serializers.Serializer[Any]):
    request = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Yêu cầu báo cáo (id).")
    organization = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Đơn vị gửi (id).")
    file = serializers.FileField(help_text="PDF, Word (.docx) hoặc Excel (.xlsx).")
    figures = serializers.JSONField(required=False, help_text="Đối tượng: tên số liệu → số nguyên.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReportReviewSerializer(serializers.Serializer[Any]):
    expected_version = version_field()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                    help_text="Bắt buộc khi trả lại.")  # fmt: skip


class ReportRemindSerializer(serializers.Serializer[Any]):
    pass


class ReportRemindedSerializer(serializers.Serializer[Any]):
    reminded = serializers.ListField(child=serializers.IntegerField(), help_text="Các đơn vị đã được nhắc (id).")


# ---- views -----------------------------------------------------------------------------------------------------


class ReportViewSet(ScopedViewSet[Any]):
    """Any call needs `manage_report_requests` or `report_progress` somewhere (403 otherwise)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not (self.scope.has_right(Right.MANAGE_REPORT_REQUESTS) or self.scope.has_right(Right.REPORT_PROGRESS)):
            raise PermissionDenied("Bạn không có quyền với báo cáo của cấp dưới.")

    def check_manages(self, path: str) -> None:
        if not self.scope.covers_path(Right.MANAGE_REPORT_REQUESTS, path):
            raise PermissionDenied("Bạn không có quyền yêu cầu, tiếp nhận báo cáo của tổ chức này.")


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách yêu cầu báo cáo",
        description="Yêu cầu do tổ chức trong phạm vi đặt ra "
        "hoặc gửi đến đơn vị của người dùng, hạn gửi mới nhất trước.",
    ),
    retrieve=extend_schema(
        summary="Một yêu cầu báo cáo với tình trạng từng đơn vị",
        responses={200: ReportRequestDetailSerializer, 404: NOT_FOUND},
    ),
)
class ReportRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReportViewSet):
    queryset = ReportRequest.objects.none()
    serializer_class = ReportRequestSerializer
    audit_name = "report_request"

    def get_queryset(self) -> QuerySet[ReportRequest]:
        visible = ReportRequest.objects.filter(pk__in=requests_visible(self.scope).values("pk"))
        return with_counts(visible, today=timezone.localdate()).order_by("-due_on", "-id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        return Response(ReportRequestDetailSerializer(self._detail(report)).data)

    def _detail(self, report: ReportRequest) -> ReportRequest:
        rows = ReportRecipient.objects.select_related("organization", "request").prefetch_related("reminders")
        if not self.scope.covers_path(Right.MANAGE_REPORT_REQUESTS, report.requester.path):
            rows = rows.filter(pk__in=inbox_for(self.scope).values("pk"))  # a unit sees only its own row
        recipients = Prefetch("recipients", queryset=rows.order_by("organization__sort_key", "id"))
        return self.get_queryset().prefetch_related(recipients).get(pk=report.pk)

    @extend_schema(
        summary="Yêu cầu cấp dưới gửi báo cáo",
        request=ReportRequestCreateSerializer,
        responses={201: ReportRequestDetailSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.scope.has_right(Right.MANAGE_REPORT_REQUESTS):
            raise PermissionDenied("Bạn không có quyền yêu cầu cấp dưới gửi báo cáo.")
        d = self.valid(ReportRequestCreateSerializer)
        requester = self.fetch_in_scope(requesters_for(self.scope), d["requester"], what="organization")
        allowed = Organization.objects.filter(self.scope.path_q(Right.MANAGE_REPORT_REQUESTS))
        ids = list(dict.fromkeys(d["units"]))
        found = {o.pk: o for o in allowed.filter(pk__in=ids)}
        hidden = [pk for pk in ids if pk not in found]
        if hidden:
            for pk in Organization.objects.filter(pk__in=hidden).values_list("pk", flat=True):
                log_denied(actor=request.user, what="organization", object_id=pk, request=request._request)
            raise NotFound
        created = services.create_request(
            actor=request.user, requester=requester, kind=d["kind"], year=d["year"], period=d.get("period", 0),
            title=d["title"], due_on=d["due_on"], units=[found[pk] for pk in ids], figures=d.get("figures", []),
            note=d.get("note", ""),
        )  # fmt: skip
        return Response(ReportRequestDetailSerializer(self._detail(created)).data, status=status.HTTP_201_CREATED)

    @ANSWERS.action("remind-late", request=ReportRemindSerializer, ok=ReportRemindedSerializer,
                    summary="Nhắc tất cả đơn vị quá hạn", description="Một lần nhắc cho mỗi đơn vị chưa gửi (hoặc "
                    "bị trả lại) sau hạn gửi.")  # fmt: skip
    def remind_late(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        self.check_manages(report.requester.path)
        sent = services.remind_late(actor=request.user, request=report)
        return Response({"reminded": [r.recipient.organization_id for r in sent]})


class RecipientFilter(filters.FilterSet):
    request = ScopedIdFilter(field_name="request_id", in_scope=requests_visible, what="report_request",
                             label="Yêu cầu báo cáo (id)")  # fmt: skip
    status = filters.MultipleChoiceFilter(choices=RecipientStatus.choices, label="Trạng thái (có thể lặp lại)")

    class Meta:
        model = ReportRecipient
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Các đơn vị phải gửi báo cáo",
        description="Đơn vị của các yêu cầu người dùng quản lý, và các báo cáo đơn vị của người dùng phải gửi.",
    ),
    retrieve=extend_schema(
        summary="Một đơn vị phải gửi báo cáo, các lần gửi và lần nhắc",
        responses={200: ReportRecipientDetailSerializer, 404: NOT_FOUND},
    ),
)
class ReportRecipientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReportViewSet):
    queryset = ReportRecipient.objects.none()
    serializer_class = ReportRecipientSerializer
    filterset_class = RecipientFilter
    audit_name = "report_recipient"

    def get_queryset(self) -> QuerySet[ReportRecipient]:
        return (
            ReportRecipient.objects.filter(
                Q(request__in=requests_for(self.scope)) | Q(pk__in=inbox_for(self.scope).values("pk"))
            )
            .select_related("request__requester", "organization")
            .prefetch_related("reminders")
            .order_by("-request__due_on", "organization__sort_key", "id")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ReportRecipientDetailSerializer(self.get_object()).data)

    def managed_row(self) -> ReportRecipient:
        row: ReportRecipient = self.get_object()
        self.check_manages(row.request.requester.path)
        return row

    def answer(self, row: ReportRecipient) -> Response:
        return Response(ReportRecipientDetailSerializer(self.get_queryset().get(pk=row.pk)).data)

    @ANSWERS.action("remind", request=ReportRemindSerializer, ok=ReportRecipientDetailSerializer,
                    summary="Nhắc đơn vị gửi báo cáo")  # fmt: skip
    def remind(self, request: Request, pk: str) -> Response:
        row = self.managed_row()
        services.remind(actor=request.user, recipient=row)
        return self.answer(row)

    @ANSWERS.action("accept", request=ReportReviewSerializer, ok=ReportRecipientDetailSerializer,
                    summary="Tiếp nhận báo cáo",
                    description="Tiếp nhận lần gửi mới nhất (ý kiến không bắt buộc).")  # fmt: skip
    def accept(self, request: Request, pk: str) -> Response:
        return self.review(request, services.accept_report)

    @ANSWERS.action("return", request=ReportReviewSerializer, ok=ReportRecipientDetailSerializer,
                    summary="Trả lại báo cáo",
                    description="Trả lại lần gửi mới nhất với lý do; đơn vị gửi lại.")  # fmt: skip
    def return_report(self, request: Request, pk: str) -> Response:
        return self.review(request, services.return_report)

    def review(self, request: Request, decide: Callable[..., Any]) -> Response:
        """Accept or return the unit's latest version (`decide` is the service), at the version the client read."""
        row = self.managed_row()
        d = self.valid(ReportReviewSerializer)
        decide(actor=request.user, recipient=row, expected_version=d["expected_version"], comment=d.get("comment", ""))
        return self.answer(row)


class SubmissionFilter(filters.FilterSet):
    request = ScopedIdFilter(field_name="recipient__request_id", in_scope=requests_visible, what="report_request",
                             label="Yêu cầu báo cáo (id)")  # fmt: skip

    class Meta:
        model = ReportSubmission
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Các lần gửi báo cáo",
        description="Của các yêu cầu người dùng quản lý hoặc do đơn vị của người dùng gửi, mới nhất trước.",
    ),
    retrieve=extend_schema(summary="Một lần gửi báo cáo", responses={200: ReportSubmissionSerializer, 404: NOT_FOUND}),
)
class ReportSubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReportViewSet):
    queryset = ReportSubmission.objects.none()
    serializer_class = ReportSubmissionSerializer
    filterset_class = SubmissionFilter
    audit_name = "report_submission"
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def get_queryset(self) -> QuerySet[ReportSubmission]:
        return submissions_for(self.scope).order_by("-submitted_on", "-id")

    @extend_schema(
        summary="Gửi báo cáo (tệp và số liệu)",
        request={"multipart/form-data": ReportSubmitSerializer},
        responses={201: ReportSubmissionSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )
    @extend_schema(
        summary="Tải tệp báo cáo đã gửi",
        description="Tệp của lần gửi (PDF, Word hoặc Excel); mỗi lần tải được ghi nhật ký.",
        responses={**{(200, content_type): OpenApiTypes.BINARY for content_type in FILE_TYPES}, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def file(self, request: Request, pk: str) -> FileResponse:
        submission = self.get_object()
        services.record_file_viewed(actor=request.user, submission=submission, request=request._request)
        return FileResponse(
            submission.file.open("rb"), as_attachment=True, filename=services.submission_filename(submission),
            content_type=submission.content_type,
        )  # fmt: skip

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.scope.has_right(Right.REPORT_PROGRESS):
            raise PermissionDenied("Bạn không có quyền gửi báo cáo cho cấp trên.")
        d = self.valid(ReportSubmitSerializer)
        own = Organization.objects.filter(path__in=self.scope.paths(Right.REPORT_PROGRESS))
        unit = self.fetch_in_scope(own, d["organization"], what="organization")
        above = ReportRequest.objects.filter(requester__path__in=unit.ancestor_paths())
        report = self.fetch_in_scope(above, d["request"], what="report_request")
        figures = d.get("figures") or {}
        if not isinstance(figures, dict):
            raise serializers.ValidationError({"figures": ["Số liệu phải là đối tượng: tên số liệu → số nguyên."]})
        submission = services.submit_report(
            actor=request.user, request=report, organization=unit, uploaded=d["file"], figures=figures,
            note=d.get("note", ""),
        )  # fmt: skip
        return Response(ReportSubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)
