"""A plan's review (sơ kết giữa nhiệm kỳ, tổng kết) under /api/v1/plan-reviews/: start the background job that
writes the Word or PDF file, read the job's progress, and download the file once it is done.

Needs `Right.VIEW_ORGS`, as the page does; the organization must lie in the scope (else 404, logged) and be the
plan's issuer or under it, the end year one of the plan's years already begun (else 400 with the Vietnamese
message, nothing queued). A user reads and downloads only their own jobs; each download is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.core.audit import log_action
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization
from dangbo.planning.plan_selectors import plans_for
from dangbo.reporting import review_services
from dangbo.reporting.enums import ReviewKind
from dangbo.reporting.services import DocumentParams

from .enum_fields import NamedChoiceField
from .serializers import ErrorSerializer
from .views import NOT_FOUND, NOT_FOUND_MESSAGE, REFUSED, ScopedViewSet

TAGS = ["Báo cáo sơ kết, tổng kết"]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền xem tổ chức đảng, kế hoạch.")


class ReviewStartSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(help_text="Kế hoạch (id).")
    kind = NamedChoiceField(enum_name="PlanReviewKindEnum", choices=ReviewKind.choices,
                            help_text="mid_term: sơ kết giữa nhiệm kỳ; final: tổng kết.")  # fmt: skip
    organization = serializers.IntegerField(help_text="Tổ chức lập báo cáo: cấp ủy ban hành kế hoạch hoặc đơn vị "
                                            "dưới nó (id).")  # fmt: skip
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Năm cuối của báo cáo.")
    format = serializers.ChoiceField(choices=[("docx", "Word"), ("pdf", "PDF")], default="docx")
    number = serializers.CharField(max_length=10, required=False, allow_blank=True, help_text="Số văn bản.")
    symbol = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Ký hiệu.")
    day = serializers.DateField(required=False, allow_null=True, help_text="Ngày ban hành (mặc định: hôm nay).")
    signer_name = serializers.CharField(max_length=80, required=False, allow_blank=True, help_text="Người ký.")


class ReviewJobSerializer(serializers.ModelSerializer[BackgroundJob]):
    state = NamedChoiceField(enum_name="BackgroundJobStateEnum", choices=BackgroundJob.State.choices, read_only=True)
    plan = serializers.IntegerField(source="params.plan_id", help_text="Kế hoạch (id).")
    kind = serializers.CharField(source="params.kind")
    organization = serializers.IntegerField(source="params.organization_id")
    year = serializers.IntegerField(source="params.year")
    format = serializers.CharField(source="params.format")
    file_name = serializers.SerializerMethodField(help_text="Tên tệp, khi đã tạo xong.")

    class Meta:
        model = BackgroundJob
        fields = ("id", "state", "done", "total", "message", "plan", "kind", "organization", "year", "format",
                  "file_name", "created_at", "finished_at")  # fmt: skip

    def get_file_name(self, job: BackgroundJob) -> str | None:
        return job.download_name or None


@extend_schema(tags=TAGS)
@extend_schema_view(
    retrieve=extend_schema(
        summary="Tiến độ một báo cáo sơ kết, tổng kết", responses={200: ReviewJobSerializer, 404: NOT_FOUND}
    ),
)
class PlanReviewViewSet(mixins.RetrieveModelMixin, ScopedViewSet[BackgroundJob]):
    queryset = BackgroundJob.objects.none()
    serializer_class = ReviewJobSerializer
    pagination_class = None  # type: ignore[assignment]
    filter_backends: list[Any] = []
    audit_name = "job"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.scope.has_right(Right.VIEW_ORGS):
            raise PermissionDenied("Bạn không có quyền xem tổ chức đảng, kế hoạch.")

    def get_queryset(self) -> QuerySet[BackgroundJob]:
        return BackgroundJob.objects.filter(owner_id=self.request.user.pk, kind=review_services.JOB_KIND)

    @extend_schema(
        summary="Lập báo cáo sơ kết, tổng kết",
        description="Tạo tệp Word hoặc PDF trong nền; đọc tiến độ và tải tệp theo id của tác vụ trả về.",
        request=ReviewStartSerializer,
        responses={202: ReviewJobSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )
    def create(self, request: Request) -> Response:
        d = self.valid(ReviewStartSerializer)
        plan = self.fetch_in_scope(plans_for(self.scope), d["plan"], what="plan")
        organizations = Organization.objects.filter(self.scope.path_q(Right.VIEW_ORGS))
        organization = self.fetch_in_scope(organizations, d["organization"], what="organization")
        asked = review_services.ReviewRequest(
            plan=plan, kind=d["kind"], organization=organization, end_year=d["year"], fmt=d["format"]
        )
        params = DocumentParams(number=d.get("number", ""), symbol=d.get("symbol", ""), day=d.get("day"),
                                signer_name=d.get("signer_name", ""))  # fmt: skip
        job = review_services.start_plan_review(
            actor=request.user, scope=self.scope, asked=asked, params=params, today=timezone.localdate()
        )
        return Response(ReviewJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Tải tệp báo cáo sơ kết, tổng kết",
        description="Khi tác vụ đã xong; mỗi lần tải được ghi nhật ký.",
        responses={**{(200, t): OpenApiTypes.BINARY for t in CONTENT_TYPES.values()}, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        job = self.get_object()
        if job.state != BackgroundJob.State.DONE or not job.output_file:
            raise NotFound(NOT_FOUND_MESSAGE)
        log_action(
            "core.job.downloaded", actor=request.user, object_type="job", object_id=job.pk, object_repr=job.kind,
            data={"file": job.output_file.name, "via": "api"}, request=request._request,
        )  # fmt: skip
        content_type = CONTENT_TYPES.get(str(job.params.get("format")), "application/octet-stream")
        return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.download_name,
                            content_type=content_type)  # fmt: skip
