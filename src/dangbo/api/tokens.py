"""The token endpoint: username, password and (when the account needs it) a TOTP code → a new token.

A session does not count here: the endpoint authenticates nothing but the body, so a session that has not
passed two-factor cannot turn itself into a token. Tokens are otherwise made on the page «Mã truy cập API».
"""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.accounts.scope import needs_second_factor
from dangbo.accounts.tokens import issue_token

from .errors import error_body
from .serializers import ErrorSerializer, TokenRequestSerializer, TokenSerializer

LOCKED_OUT = "Bạn đã nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau 15 phút hoặc liên hệ quản trị viên."
NEEDS_CODE = "Tài khoản này cần mã xác thực hai bước hợp lệ."


@extend_schema(
    summary="Lấy token",
    description="Đổi tên đăng nhập, mật khẩu (và mã xác thực hai bước khi tài khoản phải xác thực hai bước) lấy "
    "một token có thời hạn. Gửi token trong tiêu đề `Authorization: Token <token>`. Token chỉ hiện một lần; "
    "nó bị thu hồi khi người dùng đăng xuất hoặc đổi mật khẩu.",
    tags=["Xác thực"],
    request=TokenRequestSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(ErrorSerializer, description="Sai tên đăng nhập, mật khẩu hoặc mã xác thực."),
        429: OpenApiResponse(ErrorSerializer, description="Tạm khóa sau nhiều lần đăng nhập sai."),
    },
)
class TokenView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # django-axes marks the request it was handed (here DRF's) when the username+IP pair is locked out.
            if getattr(request, "axes_locked_out", False):
                return Response(error_body(LOCKED_OUT, code="locked_out"), status=status.HTTP_429_TOO_MANY_REQUESTS)
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        second_factor = False
        if needs_second_factor(user):
            code = serializer.validated_data.get("otp_token", "")
            devices = TOTPDevice.objects.filter(user=user, confirmed=True)
            if not code or not any(device.verify_token(code) for device in devices):
                raise ValidationError({"otp_token": [NEEDS_CODE]})
            second_factor = True
        token, key = issue_token(
            user=user, name=serializer.validated_data["name"], second_factor=second_factor, request=request._request
        )
        return Response({"token": key, "prefix": token.prefix, "expires_at": token.expires_at})
