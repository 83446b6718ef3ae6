"""The member's own handbook at /api/v1/me/: the same summary as the page /so-tay/ (`portal.selectors.handbook`),
for a future phone app. Only the signed-in member's records, whoever asks: an account that is no member gets 403.
Each read is audited like a view of the page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.portal.selectors import Handbook, handbook, member_of
from dangbo.portal.services import record_handbook_view

from .serializers import ErrorSerializer

NOT_A_MEMBER = "Tài khoản này không gắn với đảng viên nào: không có sổ tay đảng viên."


class HandbookSenioritySerializer(serializers.Serializer[Any]):
    years = serializers.IntegerField()
    months = serializers.IntegerField()
    days = serializers.IntegerField()
    text = serializers.CharField(source="label", help_text="Ví dụ “21 năm 6 tháng 8 ngày”.")


class HandbookMemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField()
    card_number = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    cell = serializers.CharField(source="organization.qualified_name")
    admission_decision_date = serializers.DateField()
    full_membership_date = serializers.DateField(allow_null=True)


class HandbookBadgeSerializer(serializers.Serializer[Any]):
    milestone = serializers.IntegerField(help_text="Mốc tuổi Đảng (năm).")
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    award_date = serializers.DateField()


class HandbookRatingSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    not_rated = serializers.BooleanField()
    final_level = serializers.CharField(allow_null=True)
    final_level_display = serializers.CharField(source="get_final_level_display", allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Căn cứ của mức xếp loại.")


class HandbookTasksSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Đã có kết quả cuối năm.")


class HandbookMovementSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(source="movement.kind")
    state = serializers.CharField(source="movement.state")
    start = serializers.DateField(source="movement.start")
    text = serializers.CharField(help_text="Biến động trong một câu.")


class HandbookSerializer(serializers.Serializer[Handbook]):
    member = HandbookMemberSerializer()
    seniority = HandbookSenioritySerializer()
    badges = HandbookBadgeSerializer(many=True)
    ratings = HandbookRatingSerializer(many=True, help_text="Các năm gần nhất, mới nhất trước.")
    tasks = HandbookTasksSerializer(help_text="Nhiệm vụ được giao năm nay.")
    dues_owed = serializers.IntegerField(help_text="Đảng phí còn nợ (đồng).")
    movements = HandbookMovementSerializer(many=True)


@extend_schema(
    summary="Sổ tay đảng viên của tôi",
    description="Tóm tắt hồ sơ, tuổi Đảng, huy hiệu, kết quả xếp loại, nhiệm vụ năm nay, đảng phí còn nợ, biến động "
    "của chính đảng viên đăng nhập (như trang /so-tay/). Mỗi lần đọc được ghi nhật ký.",
    tags=["Sổ tay đảng viên"],
    responses={
        200: HandbookSerializer,
        403: OpenApiResponse(ErrorSerializer, description="Tài khoản không gắn với đảng viên nào."),
    },
)
class HandbookView(APIView):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = member_of(request.user)
        if member is None:
            raise PermissionDenied(NOT_A_MEMBER)
        record_handbook_view(actor=request.user, member=member, request=request._request, via="api")
        return Response(HandbookSerializer(handbook(member, today=timezone.localdate())).data)
