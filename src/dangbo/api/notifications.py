"""The user's own notifications under /api/v1/notifications/ (list, newest first; POST `<id>/read/`, POST
`read-all/`) and their choices per kind under /api/v1/notification-preferences/ (GET, PUT the whole set). A
notification of someone else answers 404 and is logged."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.notifications import services
from dangbo.notifications.enums import Kind
from dangbo.notifications.models import Notification
from dangbo.notifications.selectors import choices_of, notifications_of

from .enum_fields import NamedChoiceField
from .views import NOT_FOUND, ScopedViewSet

TAGS = ["Thông báo"]


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="NotificationKindEnum", choices=Kind.choices, **kwargs)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind = kind_field(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "text", "link", "due", "created_at", "read_at"]


class ChoiceSerializer(serializers.Serializer[Any]):
    kind = kind_field()
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    in_app = serializers.BooleanField()
    by_email = serializers.BooleanField()


class CountSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()


class NotificationViewSet(mixins.ListModelMixin, ScopedViewSet[Notification]):
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    audit_name = "notification"

    def get_queryset(self) -> Any:
        return notifications_of(self.request.user)

    @extend_schema(tags=TAGS, summary="Thông báo của tôi")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=TAGS, summary="Đánh dấu đã đọc", request=None,
                   responses={200: NotificationSerializer, 404: NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        row = services.mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(row).data)

    @extend_schema(tags=TAGS, summary="Đánh dấu tất cả đã đọc", request=None, responses={200: CountSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"count": services.mark_all_read(actor=request.user)})


class PreferencesView(APIView):
    """GET the choice for every kind; PUT the list of every kind's choice (a kind left out: off both ways)."""

    authentication_classes = ScopedViewSet.authentication_classes
    permission_classes = ScopedViewSet.permission_classes
    schema = ScopedViewSet.schema

    @extend_schema(tags=TAGS, summary="Lựa chọn nhận thông báo", responses={200: ChoiceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response([c.__dict__ for c in choices_of(request.user)])

    @extend_schema(tags=TAGS, summary="Lưu lựa chọn nhận thông báo", request=ChoiceSerializer(many=True),
                   responses={200: ChoiceSerializer(many=True)})  # fmt: skip
    def put(self, request: Request) -> Response:
        serializer = ChoiceSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        rows = serializer.validated_data
        services.set_choices(actor=request.user, in_app={r["kind"] for r in rows if r["in_app"]},
                             by_email={r["kind"] for r in rows if r["by_email"]})  # fmt: skip
        return Response([c.__dict__ for c in choices_of(request.user)], status=status.HTTP_200_OK)
