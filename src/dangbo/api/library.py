"""The party document library under /api/v1/documents/: list (search without accents, kind, year, validity), read,
record (JSON, or multipart with the file), edit, set the validity, record the replacement, and download the file.

Every officer and every member may read, each their own part of the library (`library.selectors.documents_for`);
a document outside it answers 404 and is logged. Writes need `manage_library` (403 otherwise) over the document's
keeper (403 for a document only read); an organization or member named in a body outside the writer's scope
answers 404 and is logged. The library's rules (a number and symbol the issuer already used that year, a file
that is not the type its name declares or too large, a replacement dated before the document or leading back to
it, a date before 1930 or after today) answer 400 with the Vietnamese message, nothing saved; a stale
`expected_version` 409. A download is written to the audit log.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.library import services
from dangbo.library.enums import Audience, DocumentKind, Validity
from dangbo.library.models import PartyDocument
from dangbo.library.selectors import (
    documents_for,
    may_manage,
    may_read_library,
    search_documents,
)
from dangbo.library.study_counts import default_unit, study_counts, units_in_scope
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations.models import Organization

from .enum_fields import NamedChoiceField
from .errors import NOT_FOUND as NOT_FOUND_MESSAGE
from .filters import WholeNumberFilter
from .meeting_serializers import version_field
from .serializers import ErrorSerializer
from .study import StudyCountsSerializer, counts_data
from .views import NOT_FOUND, ScopedViewSet
from .writes import WriteAnswers

TAGS = ["Thư viện văn bản"]
MAX_ID = 2**63 - 1
NO_COUNT = OpenApiResponse(ErrorSerializer, description="Không có quyền xem đảng viên của đơn vị nào.")
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (số và ký hiệu đơn vị ban hành đã dùng trong năm, tệp "
    "không đúng loại khai báo hoặc quá lớn, văn bản thay thế ban hành trước hoặc tạo vòng, ngày vô lý…): thông báo "
    "tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật thư viện văn bản của đơn vị này.")
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)
FILE_ANSWERS: dict[Any, Any] = {
    **{(200, content_type): OpenApiTypes.BINARY for content_type in services.CONTENT_TYPES.values()},
    404: NOT_FOUND,
}


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DocumentKindEnum", choices=DocumentKind.choices, **kwargs)


def audience_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DocumentAudienceEnum", choices=Audience.choices, **kwargs)


def validity_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DocumentValidityEnum", choices=Validity.choices, **kwargs)


class DocumentSerializer(serializers.ModelSerializer[PartyDocument]):
    kind = kind_field(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    reference = serializers.CharField(read_only=True, help_text="Số và ký hiệu, ví dụ 20-KH/ĐUK.")
    validity = validity_field(read_only=True)
    audience = audience_field(read_only=True)
    file_type = serializers.CharField(read_only=True, help_text="pdf, docx, doc hoặc xlsx; rỗng khi chưa có tệp.")
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = PartyDocument
        fields: tuple[str, ...] = (
            "id", "number", "symbol", "reference", "kind", "kind_display", "title", "issued_on", "issuer",
            "issuer_name", "validity", "amended_by", "replaced_by", "expired_on", "audience", "has_file", "file_type",
            "file_name", "file_size", "note", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def get_has_file(self, obj: PartyDocument) -> bool:
        return bool(obj.file)


ID = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class RecipientsSerializer(serializers.Serializer[Any]):
    audience = audience_field(required=False)
    organizations = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=500,
        help_text="Tổ chức đảng nhận (id), khi `audience` là `organizations`.",
    )  # fmt: skip
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=500,
        help_text="Đảng viên nhận (id), khi `audience` là `members`.",
    )  # fmt: skip
    file = serializers.FileField(required=False, help_text="PDF, Word (.docx, .doc) hoặc Excel (.xlsx).")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class DocumentCreateSerializer(RecipientsSerializer):
    number = serializers.CharField(max_length=20)
    symbol = serializers.CharField(max_length=40)
    kind = kind_field()
    title = serializers.CharField(max_length=500)
    issued_on = serializers.DateField()
    issuer = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Đơn vị ban hành trong đảng bộ (id)."
    )
    issuer_name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="Cơ quan ban hành ngoài đảng bộ (khi không có "
        "`issuer`), ví dụ Ban Chấp hành Trung ương.",
    )  # fmt: skip


class DocumentEditSerializer(RecipientsSerializer):
    expected_version = version_field()
    number = serializers.CharField(max_length=20, required=False)
    symbol = serializers.CharField(max_length=40, required=False)
    kind = kind_field(required=False)
    title = serializers.CharField(max_length=500, required=False)
    issued_on = serializers.DateField(required=False)
    issuer_name = serializers.CharField(max_length=255, required=False)


class ReplaceSerializer(RecipientsSerializer):
    expected_version = version_field()
    number = serializers.CharField(max_length=20)
    symbol = serializers.CharField(max_length=40)
    kind = kind_field()
    title = serializers.CharField(max_length=500)
    issued_on = serializers.DateField()


class ValiditySerializer(serializers.Serializer[Any]):
    expected_version = version_field()
    validity = validity_field()
    other = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Văn bản sửa đổi, bổ sung hoặc thay thế (id)."
    )
    expired_on = serializers.DateField(required=False, help_text="Hết hiệu lực từ ngày (khi `expired`).")


class DocumentFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", max_length=200, label="Tìm (không cần dấu): số, ký hiệu, trích yếu")
    kind = filters.MultipleChoiceFilter(choices=DocumentKind.choices, label="Loại văn bản (có thể lặp lại)")
    year = WholeNumberFilter(field_name="year", min_value=1930, max_value=2100, label="Năm ban hành")
    validity = filters.MultipleChoiceFilter(choices=Validity.choices, label="Hiệu lực (có thể lặp lại)")

    class Meta:
        model = PartyDocument
        fields = ()

    def search(self, queryset: QuerySet[PartyDocument], name: str, value: str) -> QuerySet[PartyDocument]:
        return search_documents(queryset, value)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách văn bản", description="Văn bản trong phạm vi đọc của người dùng."),
    retrieve=extend_schema(summary="Một văn bản", responses={200: DocumentSerializer, 404: NOT_FOUND}),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[PartyDocument]):
    queryset = PartyDocument.objects.none()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    audit_name = "party_document"
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not may_read_library(self.scope):
            raise PermissionDenied("Bạn không có quyền xem thư viện văn bản.")
        if request.method not in SAFE_METHODS and not self.scope.has_right(Right.MANAGE_LIBRARY):
            raise PermissionDenied("Bạn không có quyền cập nhật thư viện văn bản.")

    def get_queryset(self) -> QuerySet[PartyDocument]:
        return documents_for(self.scope).order_by("-issued_on", "-id")

    def managed_object(self) -> PartyDocument:
        document: PartyDocument = self.get_object()
        if not may_manage(self.scope, document):
            raise PermissionDenied("Bạn không có quyền cập nhật thư viện văn bản của đơn vị này.")
        return document

    def recipients(self, d: dict[str, Any]) -> tuple[list[Organization], list[Member]]:
        """The organizations and members named in the body, each within the writer's scope (404, logged)."""
        units = Organization.objects.filter(self.scope.path_q(Right.MANAGE_LIBRARY))
        organizations = [self.fetch_in_scope(units, pk, what="organization") for pk in dict.fromkeys(
            d.get("organizations") or [])]  # fmt: skip
        visible = members_for(self.scope, right=Right.VIEW_MEMBERS, include_self=False)
        members = [self.fetch_in_scope(visible, pk, what="member") for pk in dict.fromkeys(d.get("members") or [])]
        return organizations, members

    def answer(self, document: PartyDocument, code: int = status.HTTP_200_OK) -> Response:
        return Response(DocumentSerializer(PartyDocument.objects.get(pk=document.pk)).data, status=code)

    @extend_schema(
        summary="Thêm văn bản", description="JSON, hoặc multipart kèm tệp (`file`).",
        request={"application/json": DocumentCreateSerializer, "multipart/form-data": DocumentCreateSerializer},
        responses={201: DocumentSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(DocumentCreateSerializer)
        units = Organization.objects.filter(self.scope.path_q(Right.MANAGE_LIBRARY))
        issuer = self.fetch_in_scope(units, d["issuer"], what="organization") if d.get("issuer") else None
        keeper = issuer or units.order_by("depth", "path").first()
        organizations, members = self.recipients(d)
        document = services.create_document(
            actor=request.user, keeper=keeper, number=d["number"], symbol=d["symbol"], kind=d["kind"],
            title=d["title"], issued_on=d["issued_on"], issuer=issuer, issuer_name=d.get("issuer_name", ""),
            audience=d.get("audience", Audience.WHOLE_TREE), organizations=organizations, members=members,
            uploaded=d.get("file"), note=d.get("note", ""),
        )  # fmt: skip
        return self.answer(document, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa văn bản",
        description="Trường không gửi giữ nguyên; đơn vị ban hành trong đảng bộ không đổi. Gửi `audience` thì gửi "
        "kèm nơi nhận. Multipart để thay tệp.",
        request={"application/json": DocumentEditSerializer, "multipart/form-data": DocumentEditSerializer},
        responses=ANSWERS.edit(DocumentSerializer),
    )  # fmt: skip
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = self.managed_object()
        d = dict(self.valid(DocumentEditSerializer))
        version = d.pop("expected_version")
        organizations, members = self.recipients(d)
        changes = {k: v for k, v in d.items() if k not in ("organizations", "members", "file")}
        document = services.update_document(
            actor=request.user, document=document, expected_version=version, data=changes,
            organizations=organizations, members=members, uploaded=d.get("file"),
        )  # fmt: skip
        return self.answer(document)

    @ANSWERS.action("validity", request=ValiditySerializer, ok=DocumentSerializer, summary="Cập nhật hiệu lực")
    def validity(self, request: Request, pk: str) -> Response:
        document = self.managed_object()
        d = self.valid(ValiditySerializer)
        other = None
        if d.get("other"):
            other = self.fetch_in_scope(documents_for(self.scope), d["other"], what="party_document")
        document = services.set_validity(
            actor=request.user, document=document, expected_version=d["expected_version"], validity=d["validity"],
            other=other, expired_on=d.get("expired_on"),
        )  # fmt: skip
        return self.answer(document)

    @extend_schema(
        summary="Thêm văn bản thay thế",
        description="Văn bản mới (cùng đơn vị ban hành) thay thế văn bản này từ ngày ban hành của nó. Trả về văn "
        "bản mới.",
        request={"application/json": ReplaceSerializer, "multipart/form-data": ReplaceSerializer},
        responses={201: DocumentSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND, 409: STALE},
    )  # fmt: skip
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=ReplaceSerializer)
    def replace(self, request: Request, pk: str) -> Response:
        document = self.managed_object()
        d = self.valid(ReplaceSerializer)
        organizations, members = self.recipients(d)
        new = services.replace_document(
            actor=request.user, document=document, expected_version=d["expected_version"], number=d["number"],
            symbol=d["symbol"], kind=d["kind"], title=d["title"], issued_on=d["issued_on"],
            audience=d.get("audience", Audience.WHOLE_TREE), organizations=organizations, members=members,
            uploaded=d.get("file"), note=d.get("note", ""),
        )  # fmt: skip
        return self.answer(new, status.HTTP_201_CREATED)

    @extend_schema(summary="Tải tệp văn bản", responses=FILE_ANSWERS)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def file(self, request: Request, pk: str) -> FileResponse:
        document = self.get_object()
        if not document.file:
            raise NotFound(NOT_FOUND_MESSAGE)
        services.record_download(actor=request.user, document=document, request=request._request)
        return FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.file_name,
            content_type=services.CONTENT_TYPES.get(document.file_type, "application/octet-stream"),
        )  # fmt: skip

    @extend_schema(
        summary="Tình hình học tập văn bản theo đơn vị",
        description="Với mỗi đơn vị trực thuộc `unit` (mặc định: nơi lưu văn bản, hoặc đơn vị cao nhất của người "
        "dùng): số đảng viên trong danh sách được phát hành văn bản và số đã đánh dấu đã học tập.",
        parameters=[OpenApiParameter("unit", OpenApiTypes.INT, description="Đơn vị (id) trong phạm vi.")],
        responses={200: StudyCountsSerializer, 400: REFUSED, 403: NO_COUNT, 404: NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def study(self, request: Request, pk: str) -> Response:
        if not self.scope.has_right(Right.VIEW_MEMBERS):
            raise PermissionDenied("Bạn không có quyền xem đảng viên của đơn vị nào.")
        document = self.get_object()
        raw = request.query_params.get("unit")
        if raw is not None:
            unit_id = UnitParam(data={"unit": raw})
            unit_id.is_valid(raise_exception=True)
            unit = self.fetch_in_scope(units_in_scope(self.scope), unit_id.validated_data["unit"], what="organization")
        else:
            unit = default_unit(self.scope, document)
            if unit is None:
                raise PermissionDenied("Bạn không có quyền xem đảng viên trong đảng bộ giữ văn bản này.")
        return Response(counts_data(study_counts(document, unit)))


class UnitParam(serializers.Serializer[Any]):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
