"""Training under /api/v1/training/: courses (list, read, open, edit, the whole list's results), enrollments
(list, read, enroll a member or a person who is not a member, take off the list) and political theory
qualifications (list, read, record, correct).

Reads need `Right.VIEW_MEMBERS` (a course is seen when organized in the scope or when someone of the scope is in
it, and then only the people of the scope), writes `MANAGE_TRAINING` over the course's organizer, the person's
cell or the member's cell (403 for a unit only read). An id of a course, member, cell or enrollment outside the
scope, in the URL, a filter or a body, answers 404 and is logged. The rules (a certificate dated after its expiry
or before the course ended, a person enrolled twice, a result for someone not in the course…) answer 400 with the
Vietnamese message of the training services, nothing saved; a stale `expected_version` 409.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.accounts.enums import Right
from dangbo.members.selectors import members_for
from dangbo.organizations.selectors import organizations_for
from dangbo.training import courses, qualifications, results
from dangbo.training.enums import QUALIFICATION_LEVELS, CourseKind, Result
from dangbo.training.models import Course, Enrollment, Qualification
from dangbo.training.selectors import courses_for, enrollments_for, qualifications_for, with_counts

from .filters import OrganizationIdFilter, ScopedIdFilter, WholeNumberFilter, member_filter
from .serializers import ErrorSerializer
from .training_serializers import (
    CourseCreateSerializer,
    CourseEditSerializer,
    CourseSerializer,
    EnrollmentSerializer,
    EnrollSerializer,
    QualificationCreateSerializer,
    QualificationEditSerializer,
    QualificationSerializer,
    RemoveSerializer,
    ResultsSerializer,
)
from .views import NOT_FOUND
from .writes import UnitWriteViewSet, WriteAnswers

TAGS = ["Đào tạo, bồi dưỡng"]
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Dữ liệu không hợp lệ hoặc trái quy định (ngày bế giảng trước ngày khai giảng, giấy chứng nhận cấp "
    "sau ngày hết hạn hoặc trước ngày bế giảng, người đã có tên trong lớp, kết quả của người không có tên trong "
    "lớp…): thông báo tiếng Việt, không lưu gì.",
)
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền cập nhật đào tạo, bồi dưỡng của đơn vị này.")
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


class TrainingViewSet(UnitWriteViewSet):
    read_right = Right.VIEW_MEMBERS
    write_right = Right.MANAGE_TRAINING
    read_refusal = "Bạn không có quyền xem hồ sơ đảng viên."
    write_refusal = "Bạn không có quyền cập nhật đào tạo, bồi dưỡng."
    manage_refusal = "Bạn không có quyền cập nhật đào tạo, bồi dưỡng của đơn vị này."
    unit_path = "path"

    def managed_units(self) -> QuerySet[Any]:
        return organizations_for(self.scope, right=Right.MANAGE_TRAINING)


# ---- courses -------------------------------------------------------------------------------------


class CourseFilter(filters.FilterSet):
    organization = OrganizationIdFilter(
        field_name="path",
        right=Right.VIEW_MEMBERS,
        subtree=True,
        label="Tổ chức (id): lớp do tổ chức này và các đơn vị trực thuộc mở",
    )
    year = WholeNumberFilter(field_name="starts_on__year", min_value=1930, max_value=2100, label="Năm khai giảng")
    kind = filters.MultipleChoiceFilter(choices=CourseKind.choices, label="Loại lớp (có thể lặp lại)")

    class Meta:
        model = Course
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách lớp", description="Lớp mở trong phạm vi, hoặc có người trong phạm vi học."),
    retrieve=extend_schema(summary="Một lớp", responses={200: CourseSerializer, 404: NOT_FOUND}),
)
class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TrainingViewSet):
    queryset = Course.objects.none()
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    audit_name = "course"

    def get_queryset(self) -> QuerySet[Course]:
        return with_counts(courses_for(self.scope)).select_related("organizer").order_by("-starts_on", "-id")

    def answer(self, course: Course, code: int = status.HTTP_200_OK) -> Response:
        return Response(CourseSerializer(self.get_queryset().get(pk=course.pk)).data, status=code)

    @extend_schema(summary="Mở lớp", request=CourseCreateSerializer,
                   responses={201: CourseSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND})  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(CourseCreateSerializer)
        organizer = self.fetch_in_scope(self.managed_units(), d["organizer"], what="organization")
        course = courses.create_course(
            actor=request.user, kind=d["kind"], title=d["title"], organizer=organizer, starts_on=d["starts_on"],
            ends_on=d["ends_on"], venue=d.get("venue", ""), note=d.get("note", ""),
        )  # fmt: skip
        return self.answer(course, status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa lớp", description="Trường không gửi giữ nguyên; đơn vị tổ chức không đổi.",
                   request=CourseEditSerializer, responses=ANSWERS.edit(CourseSerializer))  # fmt: skip
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        course = self.managed_object()
        d = dict(self.valid(CourseEditSerializer))
        version = d.pop("expected_version")
        return self.answer(courses.update_course(actor=request.user, course=course, expected_version=version, data=d))

    @ANSWERS.action(
        "results", request=ResultsSerializer, ok=EnrollmentSerializer(many=True), summary="Ghi kết quả của lớp",
        description="Kết quả (và giấy chứng nhận của người đạt) của các học viên gửi lên, tất cả hoặc không ai; mỗi "
        "dòng kèm `expected_version` của học viên. Trả về danh sách học viên của lớp.",
    )  # fmt: skip
    def results(self, request: Request, pk: str) -> Response:
        course = self.managed_object()
        d = self.valid(ResultsSerializer)
        rows = [
            results.ResultRow(
                enrollment_id=r["enrollment"],
                version=r["expected_version"],
                result=r["result"],
                note=r.get("note", ""),
                certificate_number=r.get("certificate_number", ""),
                issued_on=r.get("issued_on"),
                valid_until=r.get("valid_until"),
            )
            for r in d["rows"]
        ]
        results.record_results(actor=request.user, course=course, rows=rows)
        fresh = course.enrollments.select_related("course", "organization", "certificate").order_by("sort_key", "id")
        return Response(EnrollmentSerializer(fresh, many=True).data)


# ---- enrollments ---------------------------------------------------------------------------------


class EnrollmentFilter(filters.FilterSet):
    course = ScopedIdFilter(field_name="course_id", what="course", label="Lớp (id)", in_scope=courses_for)
    member = member_filter(Right.VIEW_MEMBERS)
    organization = OrganizationIdFilter(field_name="path", right=Right.VIEW_MEMBERS, subtree=True,
                                        label="Tổ chức (id): học viên của các chi bộ thuộc tổ chức này")  # fmt: skip
    result = filters.MultipleChoiceFilter(choices=Result.choices, label="Kết quả (có thể lặp lại)")

    class Meta:
        model = Enrollment
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Danh sách học viên",
                       description="Học viên của các chi bộ trong phạm vi, và mọi học viên của lớp mở trong phạm vi."),
    retrieve=extend_schema(summary="Một học viên", responses={200: EnrollmentSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class EnrollmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TrainingViewSet):
    queryset = Enrollment.objects.none()
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentFilter
    audit_name = "enrollment"
    unit_path = "course.path"

    def get_queryset(self) -> QuerySet[Enrollment]:
        return (
            enrollments_for(self.scope)
            .select_related("course", "organization", "certificate")
            .order_by("-course__starts_on", "course_id", "sort_key", "id")
        )

    @extend_schema(
        summary="Ghi danh",
        description="Một đảng viên (`member`) hoặc một người chưa là đảng viên (`full_name`, `birth_date`, "
        "`citizen_id`, `organization`: chi bộ bồi dưỡng) vào lớp (`course`). Người đã có tên trong lớp: 400.",
        request=EnrollSerializer, responses={201: EnrollmentSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND},
    )  # fmt: skip
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(EnrollSerializer)
        course = self.fetch_in_scope(courses_for(self.scope), d["course"], what="course")
        self.check_manages(course.path)
        if d.get("member") is not None:
            member = self.fetch_in_scope(
                members_for(self.scope, right=Right.MANAGE_TRAINING, include_self=False), d["member"], what="member"
            )
            e = courses.enroll_member(actor=request.user, course=course, member=member)
        else:
            cell = self.fetch_in_scope(self.managed_units(), d["organization"], what="organization")
            e = courses.enroll_person(actor=request.user, course=course, full_name=d["full_name"],
                                      birth_date=d["birth_date"], citizen_id=d.get("citizen_id"),
                                      organization=cell)  # fmt: skip
        return Response(EnrollmentSerializer(self.get_queryset().get(pk=e.pk)).data, status=status.HTTP_201_CREATED)

    @ANSWERS.action("remove", request=RemoveSerializer, ok=OpenApiResponse(description="Đã xóa khỏi danh sách lớp."),
                    summary="Xóa khỏi danh sách lớp",
                    description="Chỉ khi chưa có kết quả (đã có: 400, hãy sửa kết quả).")  # fmt: skip
    def remove(self, request: Request, pk: str) -> Response:
        enrollment = self.managed_object()
        d = self.valid(RemoveSerializer)
        courses.remove_enrollment(actor=request.user, enrollment=enrollment, expected_version=d["expected_version"])
        return Response(status=status.HTTP_200_OK)


# ---- qualifications ------------------------------------------------------------------------------


class QualificationFilter(filters.FilterSet):
    member = member_filter(Right.VIEW_MEMBERS)
    organization = OrganizationIdFilter(field_name="member__organization__path", right=Right.VIEW_MEMBERS,
                                        subtree=True, label="Tổ chức (id)")  # fmt: skip
    level = filters.MultipleChoiceFilter(choices=QUALIFICATION_LEVELS, label="Trình độ (có thể lặp lại)")

    class Meta:
        model = Qualification
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Trình độ lý luận chính trị", description="Bằng, giấy chứng nhận của đảng viên "
                       "trong phạm vi."),
    retrieve=extend_schema(summary="Một trình độ lý luận chính trị",
                           responses={200: QualificationSerializer, 404: NOT_FOUND}),
)  # fmt: skip
class QualificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TrainingViewSet):
    queryset = Qualification.objects.none()
    serializer_class = QualificationSerializer
    filterset_class = QualificationFilter
    audit_name = "qualification"
    unit_path = "member.organization.path"

    def get_queryset(self) -> QuerySet[Qualification]:
        return (
            qualifications_for(self.scope)
            .select_related("member__organization")
            .order_by("member__sort_key", "member_id", "issued_on", "id")
        )

    @extend_schema(
        summary="Ghi trình độ lý luận chính trị",
        description="Kèm `expected_version` của đảng viên. Trình độ cao hơn trình độ trên phiếu đảng viên cập nhật "
        "phiếu (nhật ký của phiếu ghi riêng). Mỗi trình độ một bản ghi.",
        request=QualificationCreateSerializer,
        responses={201: QualificationSerializer, 400: REFUSED, 403: NO_RIGHT, 404: NOT_FOUND, 409: STALE},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(QualificationCreateSerializer)
        member = self.fetch_in_scope(members_for(self.scope, include_self=False), d["member"], what="member")
        if not self.scope.covers_path(Right.MANAGE_TRAINING, member.organization.path):
            raise PermissionDenied(self.manage_refusal)
        q = qualifications.record_qualification(
            actor=request.user, member=member, expected_version=d["expected_version"], level=d["level"],
            certificate_number=d["certificate_number"], issued_on=d["issued_on"], institution=d["institution"],
            note=d.get("note", ""),
        )  # fmt: skip
        return Response(QualificationSerializer(self.get_queryset().get(pk=q.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa trình độ lý luận chính trị", description="Số, ngày cấp, cơ sở đào tạo, ghi chú "
                   "(trình độ không đổi).", request=QualificationEditSerializer,
                   responses=ANSWERS.edit(QualificationSerializer))  # fmt: skip
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        q = self.managed_object()
        d = dict(self.valid(QualificationEditSerializer))
        version = d.pop("expected_version")
        q = qualifications.correct_qualification(actor=request.user, qualification=q, expected_version=version, data=d)
        return Response(QualificationSerializer(self.get_queryset().get(pk=q.pk)).data)


__all__ = ["CourseViewSet", "EnrollmentViewSet", "QualificationViewSet"]
