"""Complaints and denunciations under /api/v1/: the letters handled in the scope (list with filters, full record,
audited), the reception and the steps (assign, extend, resolve, reply, not considered), the person's identity
apart, and the 5-day notices of QĐ 296.

Reads and writes need `Right.HANDLE_COMPLAINTS` somewhere (403 otherwise), over the letter's handling organization
(the notice's party organization). No list, record or audit entry carries the identity: `/complaints/{id}/identity/`
answers it only to a holder of `view_complainant_identity` over the handling organization (the inspection roles),
each call audited; anyone else, whatever their rights, gets 404 and a `core.access.denied` entry. An id outside
the scope, in the URL, a filter or a body, answers 404 and is logged. A refusal of the rules answers 400 in
Vietnamese and saves nothing; a stale `expected_version` 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from dangbo.accounts.enums import Right
from dangbo.complaints import identity, notices, services
from dangbo.complaints.deadlines import letter_deadline
from dangbo.complaints.enums import ComplaintKind, ComplaintState
from dangbo.complaints.models import Complaint, Notice
from dangbo.complaints.rules import rules_in_force
from dangbo.complaints.selectors import (
    assignable,
    complaints_for,
    handling_organizations,
    overdue_q,
)
from dangbo.core.audit import log_denied
from dangbo.discipline.selectors import disciplines_for
from dangbo.members.selectors import members_for
from dangbo.organizations.models import Organization

from .complaint_serializers import (
    ComplainantIdentitySerializer,
    ComplaintAssignSerializer,
    ComplaintDetailSerializer,
    ComplaintExtendSerializer,
    ComplaintListSerializer,
    ComplaintNotConsideredSerializer,
    ComplaintNoticeCreateSerializer,
    ComplaintNoticeDateSerializer,
    ComplaintNoticeSerializer,
    ComplaintReceptionSerializer,
    ComplaintReplySerializer,
    ComplaintResolveSerializer,
)
from .errors import NOT_FOUND as NOT_FOUND_MESSAGE
from .filters import OrganizationIdFilter, WholeNumberFilter
from .permissions import TwoFactorIfRequired
from .serializers import ErrorSerializer
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Khiếu nại, tố cáo"]
HANDLE = Right.HANDLE_COMPLAINTS
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (đơn nặc danh chưa ghi lý do không xem xét, khiếu nại kỷ "
    "luật quá thời hạn một tháng, gia hạn quá mức tối đa, kết quả trước ngày nhận đơn…): thông báo tiếng Việt, "
    "không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền giải quyết khiếu nại, tố cáo ở đơn vị này.")
STALE = OpenApiResponse(ErrorSerializer, description="Đơn đã được người khác cập nhật; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)
CREATED = {400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND}


class ComplaintsBase(UnitWriteViewSet):
    read_right = HANDLE
    write_right = HANDLE
    read_refusal = "Bạn không có quyền xem đơn khiếu nại, tố cáo."
    write_refusal = "Bạn không có quyền giải quyết khiếu nại, tố cáo."
    manage_refusal = "Bạn không có quyền giải quyết khiếu nại, tố cáo ở đơn vị này."

    def record(self, queryset: QuerySet[Any], pk: int | None, what: str) -> Any:
        """A record named in a body: in `queryset` (the scope), else 404 and logged."""
        return None if pk is None else self.fetch_in_scope(queryset, pk, what=what)


class ComplaintFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="handling_organization__path",
        right=HANDLE,
        subtree=True,
        label="Đơn vị giải quyết (id): đơn của đơn vị này và cấp dưới",
    )
    kind = filters.MultipleChoiceFilter(choices=ComplaintKind.choices, label="Loại đơn (có thể lặp lại)")
    state = filters.MultipleChoiceFilter(choices=ComplaintState.choices, label="Tình trạng (có thể lặp lại)")
    year = WholeNumberFilter(field_name="received_on__year", min_value=2000, max_value=2100, label="Năm nhận đơn")
    overdue = filters.BooleanFilter(method="filter_overdue", label="Chỉ đơn quá hạn giải quyết hôm nay")

    class Meta:
        model = Complaint
        fields = ()

    def filter_overdue(self, qs: QuerySet[Complaint], name: str, value: bool | None) -> QuerySet[Complaint]:
        if value is None:
            return qs
        q = overdue_q(timezone.localdate())
        return qs.filter(q) if value else qs.exclude(q)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Đơn khiếu nại, tố cáo",
        description="Đơn do các tổ chức trong phạm vi giải quyết, mới trước; không có danh tính người gửi.",
    ),
    retrieve=extend_schema(
        summary="Một đơn (đủ hồ sơ, không có danh tính người gửi; mỗi lần xem được ghi nhật ký)",
        responses={200: ComplaintDetailSerializer, 404: NOT_FOUND},
    ),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ComplaintsBase):
    queryset = Complaint.objects.none()
    filterset_class = ComplaintFilter
    audit_name = "complaint"
    unit_path = "handling_organization.path"

    def get_queryset(self) -> QuerySet[Complaint]:
        return (
            complaints_for(self.scope)
            .select_related("handling_organization", "subject_member", "subject_organization", "discipline")
            .order_by("-received_on", "-id")
        )

    def get_serializer_class(self) -> type[ComplaintListSerializer]:
        return ComplaintListSerializer if self.action == "list" else ComplaintDetailSerializer

    def take(self, body: type[BaseSerializer[Any]], service: Callable[..., Complaint], **lookups: Any) -> Response:
        """A step on the letter of the URL (404 outside the scope) by `service` with the checked `body`; each id
        named in `lookups` replaced by its record from that queryset (404 and logged outside it)."""
        letter = self.managed_object()
        data = dict(self.valid(body))
        for name, (queryset, what) in lookups.items():
            data[name] = self.record(queryset, data[name], what)
        return self.full(service(actor=self.request.user, complaint=letter, **data))

    def full(self, letter: Complaint, answer: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=letter.pk)
        rules = rules_in_force(fresh.received_on)
        fresh.deadline = letter_deadline(fresh, rules).sentence if fresh.state == ComplaintState.HANDLING else ""  # type: ignore[attr-defined]
        fresh.final_level = (  # type: ignore[attr-defined]
            rules.final_level_of(fresh.discipline.original_form or fresh.discipline.form) if fresh.discipline else ""
        )
        return Response(ComplaintDetailSerializer(fresh).data, status=answer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        letter = self.get_object()
        self.log_viewed(
            "complaints.complaint.viewed", letter, object_repr=str(letter), scope_path=letter.handling_organization.path
        )
        return self.full(letter)

    @extend_schema(
        summary="Tiếp nhận đơn",
        request=ComplaintReceptionSerializer,
        responses={201: ComplaintDetailSerializer, **CREATED},
        description="Đơn đủ điều kiện được thụ lý với hạn giải quyết; đơn nặc danh, mạo danh, không rõ "
        "địa chỉ, gửi lại không có chứng cứ mới: ghi `not_considered_reason`, đơn được ghi nhận và kết "
        "thúc. Khiếu nại kỷ luật đảng ghi nhận khiếu nại đối với quyết định (trong thời hạn một tháng).",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(ComplaintReceptionSerializer))
        scope = self.scope
        handler = self.record(handling_organizations(scope), d.pop("handling_organization"), "organization")
        letter = services.receive_complaint(
            actor=request.user,
            handling_organization=handler,
            identity=d.pop("identity", None),
            assignee=self.record(assignable(scope), d.pop("assignee"), "user"),
            subject_member=self.record(
                members_for(scope, right=HANDLE, include_self=False), d.pop("subject_member"), "member"
            ),
            subject_organization=self.record(
                Organization.objects.filter(scope.path_q(HANDLE)), d.pop("subject_organization"), "organization"
            ),
            discipline=self.record(disciplines_for(scope, right=HANDLE), d.pop("discipline"), "discipline"),
            repeat_of=self.record(complaints_for(scope), d.pop("repeat_of"), "complaint"),
            **d,
        )
        return self.full(letter, status.HTTP_201_CREATED)

    @ANSWERS.action(
        "assign", request=ComplaintAssignSerializer, ok=ComplaintDetailSerializer, summary="Giao cán bộ giải quyết đơn"
    )
    def assign(self, request: Request, pk: str | None = None) -> Response:
        return self.take(ComplaintAssignSerializer, services.assign_complaint,
                         assignee=(assignable(self.scope), "user"))  # fmt: skip

    @ANSWERS.action(
        "extend",
        request=ComplaintExtendSerializer,
        ok=ComplaintDetailSerializer,
        summary="Gia hạn giải quyết",
        description="Số ngày làm việc, trong mức tối đa của loại đơn; quyết định trước khi hết hạn.",
    )
    def extend(self, request: Request, pk: str | None = None) -> Response:
        return self.take(ComplaintExtendSerializer, services.extend_complaint)

    @ANSWERS.action(
        "resolve",
        request=ComplaintResolveSerializer,
        ok=ComplaintDetailSerializer,
        summary="Kết quả giải quyết",
        description="Khiếu nại kỷ luật đảng: `appeal_result` (và `new_form` khi thay đổi hình thức), ghi "
        "cả vào quyết định kỷ luật.",
    )
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        return self.take(ComplaintResolveSerializer, services.resolve_complaint)

    @ANSWERS.action(
        "reply",
        request=ComplaintReplySerializer,
        ok=ComplaintDetailSerializer,
        summary="Trả lời người gửi đơn (kết thúc)",
    )
    def reply(self, request: Request, pk: str | None = None) -> Response:
        return self.take(ComplaintReplySerializer, services.reply_complaint)

    @ANSWERS.action(
        "not-considered",
        request=ComplaintNotConsideredSerializer,
        ok=ComplaintDetailSerializer,
        summary="Không xem xét, giải quyết (mạo danh, không rõ địa chỉ, gửi lại)",
    )
    def not_considered(self, request: Request, pk: str | None = None) -> Response:
        return self.take(ComplaintNotConsideredSerializer, services.close_not_considered,
                         repeat_of=(complaints_for(self.scope), "complaint"))  # fmt: skip

    @extend_schema(
        summary="Người gửi đơn (bảo mật; chỉ cán bộ Ủy ban Kiểm tra, mỗi lần xem được ghi nhật ký)",
        responses={200: ComplainantIdentitySerializer, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="identity",
        filter_backends=[],
        pagination_class=None,
        serializer_class=ComplainantIdentitySerializer,
        permission_classes=[IsAuthenticated, TwoFactorIfRequired],
    )
    def identity(self, request: Request, pk: str | None = None) -> Response:
        letter = complaints_for(self.scope, right=Right.VIEW_COMPLAINANT_IDENTITY).filter(pk=str(pk)).first()
        if letter is None:
            log_denied(actor=request.user, what="complainant_identity", object_id=pk, request=request._request)
            raise NotFound(NOT_FOUND_MESSAGE)
        person = identity.identity_of(
            scope=self.scope, actor=request.user, complaint=letter, request=request._request, via="api"
        )
        values = {name: getattr(person, name) if person else "" for name in identity.FIELDS}
        return Response(values)


class NoticeFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="organization__path",
        right=HANDLE,
        subtree=True,
        label="Tổ chức (id): thông báo về đảng viên của tổ chức này và cấp dưới",
    )
    year = WholeNumberFilter(field_name="event_date__year", min_value=2000, max_value=2100, label="Năm quyết định")

    class Meta:
        model = Notice
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Thông báo đình chỉ, kỷ luật (5 ngày, Quy định 296-QĐ/TW)",
        description="Mỗi thông báo với hạn, ngày thông báo và câu giải thích (chậm hay đúng hạn).",
    ),
    retrieve=extend_schema(summary="Một thông báo", responses={200: ComplaintNoticeSerializer, 404: NOT_FOUND}),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ComplaintsBase):
    queryset = Notice.objects.none()
    serializer_class = ComplaintNoticeSerializer
    filterset_class = NoticeFilter
    audit_name = "complaint_notice"

    def get_queryset(self) -> QuerySet[Notice]:
        return notices.notices_for(self.scope).select_related("member", "organization").order_by("-event_date", "-id")

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            notices.with_clocks(list(page), timezone.localdate())
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.answer(self.get_object())

    def answer(self, notice: Notice, answer: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=notice.pk)
        notices.with_clocks([fresh], timezone.localdate())
        return Response(ComplaintNoticeSerializer(fresh).data, status=answer)

    @extend_schema(
        summary="Ghi thông báo",
        request=ComplaintNoticeCreateSerializer,
        responses={201: ComplaintNoticeSerializer, **CREATED},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = dict(self.valid(ComplaintNoticeCreateSerializer))
        d["member"] = self.record(members_for(self.scope, right=HANDLE, include_self=False), d["member"], "member")
        d["discipline"] = self.record(disciplines_for(self.scope, right=HANDLE), d["discipline"], "discipline")
        return self.answer(notices.record_notice(actor=request.user, **d), status.HTTP_201_CREATED)

    @ANSWERS.action(
        "notice-date", request=ComplaintNoticeDateSerializer, ok=ComplaintNoticeSerializer, summary="Ghi ngày thông báo"
    )
    def notice_date(self, request: Request, pk: str | None = None) -> Response:
        notice = self.get_object()
        d = self.valid(ComplaintNoticeDateSerializer)
        return self.answer(notices.record_notice_date(actor=request.user, notice=notice, **d))
