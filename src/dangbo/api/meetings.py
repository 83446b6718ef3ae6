"""Cell life under /api/v1/: meetings (read, schedule, edit the plan, record held, minutes, cancel), a meeting's
attendance sheet (read, save the whole cell at once) and each cell's quarter of compliance.

Reads need `Right.VIEW_CELL_LIFE` somewhere (403 otherwise: a plain member has their own pages, not the API);
writes `MANAGE_CELL_LIFE`, and over the meeting's unit (403 for a unit the user only reads). An id outside the
scope, in the URL, a filter or a body (a unit to schedule in, a member on the sheet), answers 404 and is
logged. A refusal of the rules (two monthly meetings in a month, an end before the start, a locked quarter,
a member not in the cell that day) answers 400 with the services' Vietnamese message and saves nothing; a
stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.meetings import services
from dangbo.meetings.attendance import Mark, save_attendance
from dangbo.meetings.compliance_selectors import status_rank
from dangbo.meetings.enums import Compliance, MeetingKind, MeetingStatus, Presence
from dangbo.meetings.models import Attendance, CellQuarter, Meeting, MeetingGuest
from dangbo.meetings.review import review
from dangbo.meetings.selectors import meetings_for, roll_of
from dangbo.organizations.selectors import organizations_for

from .filters import OrganizationIdFilter, WholeNumberFilter
from .meeting_serializers import (
    AttendanceSaveSerializer,
    AttendanceSheetSerializer,
    CancelSerializer,
    CellQuarterSerializer,
    HeldSerializer,
    MeetingCreateSerializer,
    MeetingDetailSerializer,
    MeetingListSerializer,
    MeetingPlanSerializer,
    MinutesSerializer,
)
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Sinh hoạt chi bộ"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (hai buổi thường kỳ trong một tháng, giờ kết thúc trước giờ "
    "bắt đầu, quý đã khóa, đảng viên không sinh hoạt tại chi bộ ngày đó…): thông báo tiếng Việt, không lưu gì.",
)
STALE = OpenApiResponse(ErrorSerializer, description="Buổi sinh hoạt đã được người khác sửa; không lưu gì.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật sinh hoạt của đơn vị này.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class CellLifeViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_CELL_LIFE
    write_right = Right.MANAGE_CELL_LIFE
    read_refusal = "Bạn không có quyền xem sinh hoạt chi bộ."
    write_refusal = "Bạn không có quyền cập nhật sinh hoạt chi bộ."
    manage_refusal = "Bạn không có quyền cập nhật sinh hoạt của đơn vị này."


# ---- meetings ------------------------------------------------------------------------------------


class MeetingFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="organization__path", right=Right.VIEW_CELL_LIFE, subtree=True,
        label="Tổ chức (id): buổi sinh hoạt của tổ chức này và các chi bộ trực thuộc",
    )  # fmt: skip
    year = WholeNumberFilter(field_name="day__year", min_value=2000, max_value=2100, label="Năm sinh hoạt")
    quarter = WholeNumberFilter(field_name="day__quarter", min_value=1, max_value=4, label="Quý (1–4)")
    kind = filters.MultipleChoiceFilter(choices=MeetingKind.choices, label="Loại sinh hoạt (có thể lặp lại)")
    status = filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label="Tình trạng (có thể lặp lại)")

    class Meta:
        model = Meeting
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách buổi sinh hoạt",
        description="Buổi sinh hoạt của các tổ chức trong phạm vi, mới trước; lọc theo đơn vị, năm, quý, loại.",
    ),
    retrieve=extend_schema(
        summary="Một buổi sinh hoạt",
        description="Toàn bộ buổi sinh hoạt: chương trình, biên bản, nghị quyết, cấp ủy cấp trên dự, và nhận xét "
        "theo bộ quy tắc (thời lượng, tài liệu gửi trước, số đảng viên dự, tỷ lệ có mặt). Mỗi lần xem được ghi "
        "nhật ký.",
        responses={200: MeetingDetailSerializer, 404: NOT_FOUND},
    ),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CellLifeViewSet):
    queryset = Meeting.objects.none()  # the real queryset is scoped: see get_queryset
    filterset_class = MeetingFilter
    audit_name = "meeting"

    def get_queryset(self) -> QuerySet[Meeting]:
        qs = meetings_for(self.scope).select_related("organization", "rule_set").order_by("-day", "-planned_start",
                                                                                           "-id")  # fmt: skip
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("guests", queryset=MeetingGuest.objects.select_related("member")))
        return qs

    def get_serializer_class(self) -> type[MeetingListSerializer]:
        return MeetingListSerializer if self.action == "list" else MeetingDetailSerializer

    def detail_response(self, meeting: Meeting, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            meetings_for(self.scope).select_related("organization", "rule_set")
            .prefetch_related(Prefetch("guests", queryset=MeetingGuest.objects.select_related("member")))
            .get(pk=meeting.pk)
        )  # fmt: skip
        verdicts = review(fresh, today=timezone.localdate()).verdicts
        return Response(MeetingDetailSerializer(fresh, context={"verdicts": verdicts}).data, status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        self.log_viewed("meetings.meeting.viewed", meeting, object_repr=f"{meeting} — {meeting.organization.name}",
                        scope_path=meeting.organization.path)  # fmt: skip
        return self.detail_response(meeting)

    @extend_schema(
        summary="Lên lịch buổi sinh hoạt",
        description="Lên lịch một buổi sinh hoạt của chi bộ (`organization`) được quyền cập nhật; bắt buộc `kind`, "
        "`planned_start`, `topic`. Chi bộ đã có buổi thường kỳ trong tháng, quý đã khóa, ngày quá xa: 400.",
        request=MeetingCreateSerializer,
        responses={201: MeetingDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.valid(MeetingCreateSerializer)
        unit = self.fetch_in_scope(
            organizations_for(self.scope, right=Right.MANAGE_CELL_LIFE), data["organization"], what="organization"
        )
        meeting = services.schedule_meeting(
            actor=request.user, organization=unit, kind=data["kind"], planned_start=data["planned_start"],
            topic=data["topic"], agenda=data.get("agenda", ""), place=data.get("place", ""),
        )  # fmt: skip
        return self.detail_response(meeting, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa kế hoạch buổi sinh hoạt",
        description="Loại, ngày giờ dự kiến, chủ đề, chương trình, địa điểm (trường không gửi giữ nguyên), kèm "
        "`expected_version`. Buổi đã hủy, quý đã khóa, ngày mới trùng tháng có buổi thường kỳ khác: 400.",
        request=MeetingPlanSerializer,
        responses=ANSWERS.edit(MeetingDetailSerializer),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting: Meeting = self.managed_object()
        data = self.valid(MeetingPlanSerializer)
        meeting = services.update_plan(
            actor=request.user, meeting=meeting, expected_version=data["expected_version"],
            kind=data.get("kind", meeting.kind), planned_start=data.get("planned_start", meeting.planned_start),
            topic=data.get("topic", meeting.topic), agenda=data.get("agenda", meeting.agenda),
            place=data.get("place", meeting.place),
        )  # fmt: skip
        return self.detail_response(meeting)

    @ANSWERS.action(
        "held", request=HeldSerializer, ok=MeetingDetailSerializer, summary="Ghi nhận đã tổ chức",
        description="Giờ bắt đầu, kết thúc thực tế. Kết thúc không sau bắt đầu, bắt đầu ở tương lai, buổi đã hủy: "
        "400. Buổi ngắn hơn quy định vẫn được ghi, có nhận xét trong `checks`.",
    )  # fmt: skip
    def held(self, request: Request, pk: str) -> Response:
        meeting: Meeting = self.managed_object()
        d = self.valid(HeldSerializer)
        meeting = services.record_held(actor=request.user, meeting=meeting, expected_version=d["expected_version"],
                                       started_at=d["started_at"], ended_at=d["ended_at"])  # fmt: skip
        return self.detail_response(meeting)

    @ANSWERS.action(
        "minutes", request=MinutesSerializer, ok=MeetingDetailSerializer, summary="Ghi biên bản, nghị quyết",
        description="Biên bản và nghị quyết (kết luận) của buổi đã tổ chức.",
    )  # fmt: skip
    def minutes(self, request: Request, pk: str) -> Response:
        meeting: Meeting = self.managed_object()
        d = self.valid(MinutesSerializer)
        meeting = services.record_minutes(actor=request.user, meeting=meeting, expected_version=d["expected_version"],
                                          minutes=d["minutes"], resolutions=d["resolutions"])  # fmt: skip
        return self.detail_response(meeting)

    @ANSWERS.action(
        "cancel", request=CancelSerializer, ok=MeetingDetailSerializer, summary="Hủy buổi sinh hoạt",
        description="Hủy buổi chưa tổ chức, với lý do; tháng đó lại có thể có buổi thường kỳ khác.",
    )  # fmt: skip
    def cancel(self, request: Request, pk: str) -> Response:
        meeting: Meeting = self.managed_object()
        d = self.valid(CancelSerializer)
        meeting = services.cancel_meeting(actor=request.user, meeting=meeting, expected_version=d["expected_version"],
                                          reason=d["reason"])  # fmt: skip
        return self.detail_response(meeting)

    # -- attendance ---------------------------------------------------------------------------------

    def sheet(self, meeting: Meeting) -> Response:
        fresh = Meeting.objects.get(pk=meeting.pk)
        saved = {a.member_id: a for a in Attendance.objects.filter(meeting=fresh)}
        lines = []
        for entry in roll_of(meeting):
            row = saved.get(entry.member.pk)
            default = Presence.PRESENT if entry.expected and fresh.attendance_recorded_at is None else None
            presence = row.presence if row else default
            lines.append({
                "member": entry.member.pk, "member_name": entry.member.full_name, "member_status": entry.status,
                "expected": entry.expected, "optional": entry.optional, "presence": presence,
                "reason": (row.reason or None) if row else None, "note": row.reason_note if row else "",
            })  # fmt: skip
        body = {
            "meeting": fresh.pk, "day": fresh.day, "version": fresh.version,
            "recorded_at": fresh.attendance_recorded_at,
            "present_count": fresh.present_count, "excused_count": fresh.excused_count,
            "unexcused_count": fresh.unexcused_count, "expected_count": fresh.expected_count,
            "quorum_base": fresh.quorum_base, "lines": lines,
        }  # fmt: skip
        return Response(AttendanceSheetSerializer(body).data)

    @extend_schema(
        methods=["GET"],
        summary="Danh sách điểm danh của buổi sinh hoạt",
        description="Đảng viên của chi bộ vào ngày sinh hoạt (theo quá trình sinh hoạt đảng), với điểm danh đã "
        "lưu (chưa điểm danh: người phải dự mặc định có mặt) và các số đếm.",
        responses={200: AttendanceSheetSerializer, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Lưu điểm danh cả chi bộ",
        description="Mọi người phải dự là có mặt, trừ những người ghi trong `exceptions` (vắng có lý do, kèm lý do; "
        "vắng không lý do; người được miễn sinh hoạt có mặt), kèm `expected_version`. Người không sinh hoạt tại "
        "chi bộ ngày đó, buổi đã hủy hoặc chưa diễn ra, quý đã khóa: 400, không lưu gì; đảng viên ngoài phạm vi: "
        "404 (ghi nhật ký).",
        request=AttendanceSaveSerializer,
        responses=ANSWERS.edit(AttendanceSheetSerializer),
    )
    @action(detail=True, methods=["get", "put"], url_path="attendance", filter_backends=[],
            serializer_class=AttendanceSaveSerializer)  # fmt: skip
    def attendance(self, request: Request, pk: str) -> Response:
        meeting: Meeting = self.get_object()
        if request.method == "GET":  # the roll with each member's mark: a full-record view, audited like the page
            services.audit("viewed", actor=request.user, meeting=meeting, data={"api": "attendance"},
                                   request=request)  # fmt: skip
            return self.sheet(meeting)
        self.check_manages(meeting.organization.path)
        d = self.valid(AttendanceSaveSerializer)
        self.visible_members([item["member"] for item in d["exceptions"]], include_self=True)
        marks = {
            item["member"]: Mark(item["presence"], item.get("reason", ""), item.get("note", ""))
            for item in d["exceptions"]
        }
        saved = save_attendance(actor=request.user, meeting=meeting, expected_version=d["expected_version"],
                                exceptions=marks)  # fmt: skip
        return self.sheet(saved)


# ---- compliance ----------------------------------------------------------------------------------


class CellQuarterFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path", right=Right.VIEW_CELL_LIFE, subtree=True,
        label="Tổ chức (id): các chi bộ của tổ chức này",
    )  # fmt: skip
    year = WholeNumberFilter(min_value=2000, max_value=2100, label="Năm")
    quarter = WholeNumberFilter(min_value=1, max_value=4, label="Quý (1–4)")
    status = filters.MultipleChoiceFilter(choices=Compliance.choices, label="Đánh giá (có thể lặp lại)")

    class Meta:
        model = CellQuarter
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Sinh hoạt chi bộ theo quý",
        description="Mỗi chi bộ trong phạm vi, mỗi quý: số tháng phải sinh hoạt và đã sinh hoạt thường kỳ, số buổi "
        "chuyên đề, buổi chưa đủ thời lượng, buổi có cấp ủy cấp trên dự, tỷ lệ có mặt, đánh giá (đỏ, vàng, xanh) "
        "và lý do. Quý mới trước, chi bộ chưa đạt trước.",
    ),
)
class CellQuarterViewSet(mixins.ListModelMixin, CellLifeViewSet):
    queryset = CellQuarter.objects.none()
    serializer_class = CellQuarterSerializer
    filterset_class = CellQuarterFilter
    audit_name = "organization"

    def get_queryset(self) -> QuerySet[CellQuarter]:
        return (
            CellQuarter.objects.filter(self.scope.path_q(Right.VIEW_CELL_LIFE))
            .select_related("organization")
            .annotate(rank=status_rank())
            .order_by("-year", "-quarter", "rank", "organization__sort_key", "id")
        )
