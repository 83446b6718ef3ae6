"""The member's own meetings under /api/v1/my-meetings/: the next meetings of their own cell (with the documents
to read once published and their reply) and the meetings held with their minutes; POST `<id>/reply/` answers an
invitation (attend, or absent with a reason).

Only a user who is a member gets rows (a user who is not: 403). A meeting of another cell answers 404 and is
logged; a refused reply (a meeting past or started, an absence without a reason, a reason too long) 400 with the
service's Vietnamese message, nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.meetings.enums import MeetingKind, MeetingStatus, ReplyAnswer
from dangbo.meetings.models import Meeting, MeetingFileKind
from dangbo.meetings.replies import REASON_LIMIT, may_reply, replies_by_member, reply_to_meeting
from dangbo.members.models import Member

from .enum_fields import NamedChoiceField
from .serializers import ErrorSerializer
from .views import NOT_FOUND, ScopedViewSet

TAGS = ["Sinh hoạt chi bộ của tôi"]


class MyMeetingSerializer(serializers.ModelSerializer[Meeting]):
    kind = NamedChoiceField(enum_name="MeetingKindEnum", choices=MeetingKind.choices, read_only=True)
    status = NamedChoiceField(enum_name="MeetingStatusEnum", choices=MeetingStatus.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")
    documents = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    may_reply = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    resolutions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "kind", "kind_label", "status", "planned_start", "day", "place", "topic",
                  "documents_published_at", "documents", "reply", "may_reply", "minutes", "resolutions"]  # fmt: skip

    def get_documents(self, meeting: Meeting) -> list[dict[str, Any]]:
        if meeting.documents_published_at is None:
            return []
        return [
            {"id": f.pk, "name": f.original_name, "url": reverse("meetings:file", args=[f.pk])}
            for f in meeting.files.all()
            if f.kind == MeetingFileKind.DOCUMENT
        ]

    def get_reply(self, meeting: Meeting) -> dict[str, str] | None:
        row = self.context["replies"].get(meeting.pk)
        return {"answer": row.answer, "reason": row.reason} if row else None

    def get_may_reply(self, meeting: Meeting) -> bool:
        return may_reply(meeting, self.context["member"], now=self.context["now"])

    def get_minutes(self, meeting: Meeting) -> str:
        return meeting.minutes if meeting.status == MeetingStatus.HELD else ""

    def get_resolutions(self, meeting: Meeting) -> str:
        return meeting.resolutions if meeting.status == MeetingStatus.HELD else ""


class ReplySerializer(serializers.Serializer[Any]):
    answer = NamedChoiceField(enum_name="ReplyAnswerEnum", choices=ReplyAnswer.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_LIMIT + 1000)


class MyMeetingViewSet(mixins.ListModelMixin, ScopedViewSet[Meeting]):
    """The member's own cell's meetings, the coming ones first (soonest first), then the held ones (latest
    first)."""

    queryset = Meeting.objects.none()
    serializer_class = MyMeetingSerializer
    audit_name = "meeting"

    def member(self) -> Member:
        if self.scope.member_id is None:
            raise PermissionDenied("Chỉ đảng viên có danh sách sinh hoạt của mình.")
        return Member.objects.get(pk=self.scope.member_id)

    def get_queryset(self) -> QuerySet[Meeting]:
        member = self.member()
        return (
            Meeting.objects.filter(organization_id=member.organization_id)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-day", "-planned_start", "-pk")
            .prefetch_related("files")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        member = self.member()
        context.update(member=member, now=timezone.now(), replies={})
        return context

    @extend_schema(tags=TAGS, summary="Sinh hoạt chi bộ của tôi", responses={200: MyMeetingSerializer(many=True)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page if page is not None else self.get_queryset())
        context = self.get_serializer_context()
        context["replies"] = replies_by_member(context["member"], [m.pk for m in rows])
        data = MyMeetingSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        tags=TAGS, summary="Trả lời giấy mời sinh hoạt", request=ReplySerializer,
        responses={200: MyMeetingSerializer, 400: OpenApiResponse(ErrorSerializer), 404: NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        data = self.valid(ReplySerializer)
        context = self.get_serializer_context()
        row = reply_to_meeting(actor=request.user, member=context["member"], meeting=meeting,
                               answer=data["answer"], reason=data.get("reason", ""))  # fmt: skip
        context["replies"] = {meeting.pk: row}
        return Response(MyMeetingSerializer(meeting, context=context).data)
