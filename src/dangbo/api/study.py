"""A member's own bookmarks (/api/v1/bookmarks/) and study marks (/api/v1/study-marks/): list, create, delete; and
the serializers of the committee's count per unit (`GET /api/v1/documents/{id}/study/`, in `library`).

Only a user with a member record (403 otherwise), and only their own rows: another member's bookmark or mark
answers 404 and is logged; a document not published to them (in the body) answers 404 and is logged. The
library's refusals (saved twice, marked twice, a day after today) answer 400 with the Vietnamese message."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.library import study
from dangbo.library.models import Bookmark, PartyDocument, StudyMark
from dangbo.library.selectors import documents_published_to_member
from dangbo.members.models import Member

from .serializers import ErrorSerializer
from .views import NOT_FOUND, REFUSED, ScopedViewSet

TAGS = ["Thư viện văn bản: của tôi"]
MAX_ID = 2**63 - 1
NOT_A_MEMBER = OpenApiResponse(ErrorSerializer, description="Tài khoản không gắn với hồ sơ đảng viên nào.")
DOCUMENT_ID = serializers.IntegerField(
    min_value=1, max_value=MAX_ID, help_text="Văn bản (id), phải được phát hành đến đảng viên."
)


class BookmarkSerializer(serializers.ModelSerializer[Bookmark]):
    reference = serializers.CharField(source="document.reference", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = Bookmark
        fields = ("id", "document", "reference", "title", "created_at")
        read_only_fields = fields


class StudyMarkSerializer(serializers.ModelSerializer[StudyMark]):
    reference = serializers.CharField(source="document.reference", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = StudyMark
        fields = ("id", "document", "reference", "title", "studied_on", "created_at")
        read_only_fields = fields


class BookmarkCreateSerializer(serializers.Serializer[Any]):
    document = DOCUMENT_ID


class StudyMarkCreateSerializer(serializers.Serializer[Any]):
    document = DOCUMENT_ID
    studied_on = serializers.DateField(required=False, help_text="Ngày học tập (mặc định hôm nay).")


class UnitRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StudyCountSerializer(serializers.Serializer[Any]):
    organization = UnitRefSerializer(allow_null=True, help_text="Đơn vị; null ở dòng tổng cộng.")
    published = serializers.IntegerField(help_text="Đảng viên trong danh sách được phát hành văn bản.")
    studied = serializers.IntegerField(help_text="Trong số đó, đã đánh dấu đã học tập.")
    percent = serializers.IntegerField(allow_null=True)


class StudyCountsSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField()
    unit = UnitRefSerializer()
    rows = StudyCountSerializer(many=True)
    total = StudyCountSerializer()


def counts_data(counts: Any) -> dict[str, Any]:
    def row(r: Any) -> dict[str, Any]:
        org = r.organization
        unit = {"id": org.pk, "name": org.qualified_name} if org is not None else None
        return {"organization": unit, "published": r.published, "studied": r.studied, "percent": r.percent}

    return {
        "document": counts.document.pk, "unit": {"id": counts.unit.pk, "name": counts.unit.qualified_name},
        "rows": [row(r) for r in counts.rows], "total": row(counts.total),
    }  # fmt: skip


class OwnRowsViewSet(ScopedViewSet[Any]):
    """The member's own rows; 403 for a user without a member record."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.scope.member_id is None:
            raise PermissionDenied("Tài khoản không gắn với hồ sơ đảng viên nào.")

    @property
    def member_id(self) -> int:
        return self.scope.member_id or 0

    @property
    def member(self) -> Member:
        return Member.objects.select_related("organization").get(pk=self.member_id)

    def published_document(self, pk: int) -> PartyDocument:
        document: PartyDocument = self.fetch_in_scope(
            documents_published_to_member(self.member_id), pk, what="party_document"
        )
        return document


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Văn bản đã lưu của tôi", responses={200: BookmarkSerializer, 403: NOT_A_MEMBER}),
    create=extend_schema(
        summary="Lưu một văn bản", request=BookmarkCreateSerializer,
        responses={201: BookmarkSerializer, 400: REFUSED, 403: NOT_A_MEMBER, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Bỏ lưu văn bản", responses={204: None, 400: REFUSED, 403: NOT_A_MEMBER, 404: NOT_FOUND}
    ),
)  # fmt: skip
class BookmarkViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, OwnRowsViewSet):
    queryset = Bookmark.objects.none()
    serializer_class = BookmarkSerializer
    audit_name = "bookmark"

    def get_queryset(self) -> QuerySet[Bookmark]:
        return Bookmark.objects.filter(member_id=self.member_id).select_related("document")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(BookmarkCreateSerializer)
        bookmark = study.add_bookmark(
            actor=request.user, member=self.member, document=self.published_document(d["document"])
        )
        return Response(BookmarkSerializer(bookmark).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        bookmark: Bookmark = self.get_object()
        study.remove_bookmark(actor=request.user, member=self.member, document=bookmark.document)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Văn bản tôi đã học tập", responses={200: StudyMarkSerializer, 403: NOT_A_MEMBER}),
    create=extend_schema(
        summary="Đánh dấu đã học tập", request=StudyMarkCreateSerializer,
        responses={201: StudyMarkSerializer, 400: REFUSED, 403: NOT_A_MEMBER, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Hủy đánh dấu học tập",
        description="Trong ngày đánh dấu: hủy ngay; sau đó phải có lý do (`reason`), ghi vào nhật ký.",
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, description="Lý do hủy (tối đa 500 ký tự).")],
        responses={204: None, 400: REFUSED, 403: NOT_A_MEMBER, 404: NOT_FOUND},
    ),
)  # fmt: skip
class StudyMarkViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, OwnRowsViewSet):
    queryset = StudyMark.objects.none()
    serializer_class = StudyMarkSerializer
    audit_name = "study_mark"

    def get_queryset(self) -> QuerySet[StudyMark]:
        return StudyMark.objects.filter(member_id=self.member_id).select_related("document")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(StudyMarkCreateSerializer)
        mark = study.mark_studied(
            actor=request.user, member=self.member, document=self.published_document(d["document"]),
            studied_on=d.get("studied_on"),
        )  # fmt: skip
        return Response(StudyMarkSerializer(mark).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mark: StudyMark = self.get_object()
        reason = str(request.query_params.get("reason", ""))[:1000]
        study.unmark_studied(actor=request.user, member=self.member, document=mark.document, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)
