"""Questions and proposals: a member's own under /api/v1/my-questions/ (list, ask: JSON or multipart with the
attachment, read) and the officers' under /api/v1/questions/ (list what is addressed inside their
`answer_questions` part of the tree, read: audited, answer, close).

A member's token sees only their own questions (another's id answers 404 and is logged); an addressee outside the
member's line of the tree (in the body) answers 404 and is logged. An officer's question outside their part
answers 404 and is logged. The refusals (an empty or too long body, an attachment too large or not PDF, JPEG, PNG
or Word, answering or closing a closed question) answer 400 with the Vietnamese message, nothing saved; a stale
`expected_version` 409."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.members.models import Member
from dangbo.questions import services
from dangbo.questions.enums import QuestionKind, QuestionState
from dangbo.questions.models import Question
from dangbo.questions.selectors import addressees_for, inbox_order, may_answer, own_questions, questions_in_scope

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .serializers import ErrorSerializer
from .views import NOT_FOUND, REFUSED, ScopedViewSet
from .writes import WriteAnswers

TAGS = ["Hỏi đáp, kiến nghị"]
MAX_ID = 2**63 - 1
NOT_A_MEMBER = OpenApiResponse(ErrorSerializer, description="Tài khoản không gắn với hồ sơ đảng viên nào.")
NO_RIGHT = OpenApiResponse(ErrorSerializer, description="Không có quyền trả lời câu hỏi, kiến nghị.")
STALE = OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa; không lưu gì.")
ANSWERS = WriteAnswers(refused=REFUSED, no_right=NO_RIGHT, stale=STALE)


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="QuestionKindEnum", choices=QuestionKind.choices, **kwargs)


def state_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="QuestionStateEnum", choices=QuestionState.choices, **kwargs)


class QuestionSerializer(serializers.ModelSerializer[Question]):
    kind = kind_field(read_only=True)
    state = state_field(read_only=True)
    addressee_name = serializers.CharField(source="addressee.qualified_name", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = (
            "id", "kind", "addressee", "addressee_name", "member", "member_name", "subject", "body", "state",
            "asked_on", "due_on", "has_attachment", "attachment_name", "answer", "answered_at", "closed_at",
            "version",
        )  # fmt: skip
        read_only_fields = fields

    def get_has_attachment(self, obj: Question) -> bool:
        return bool(obj.attachment)


class AskSerializer(serializers.Serializer[Any]):
    kind = kind_field(required=False)
    addressee = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Chi bộ, đảng ủy cơ sở hoặc đảng ủy cấp trên của đảng viên (id)."
    )
    subject = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=False)
    body = serializers.CharField(max_length=20000, allow_blank=True, trim_whitespace=False)
    attachment = serializers.FileField(required=False, help_text="PDF, JPEG, PNG hoặc Word.")


class AnswerSerializer(serializers.Serializer[Any]):
    expected_version = version_field()
    answer = serializers.CharField(max_length=20000, allow_blank=True, trim_whitespace=False)


class CloseSerializer(serializers.Serializer[Any]):
    expected_version = version_field()


class QuestionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=QuestionState.choices, label="Tình trạng")

    class Meta:
        model = Question
        fields = ()


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(summary="Câu hỏi, kiến nghị của tôi", responses={200: QuestionSerializer, 403: NOT_A_MEMBER}),
    retrieve=extend_schema(
        summary="Một câu hỏi, kiến nghị của tôi", responses={200: QuestionSerializer, 403: NOT_A_MEMBER, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Gửi câu hỏi, kiến nghị", description="JSON, hoặc multipart kèm tệp (`attachment`).",
        request={"application/json": AskSerializer, "multipart/form-data": AskSerializer},
        responses={201: QuestionSerializer, 400: REFUSED, 403: NOT_A_MEMBER, 404: NOT_FOUND},
    ),
)  # fmt: skip
class MyQuestionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet[Question]
):
    queryset = Question.objects.none()
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilter
    audit_name = "question"
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.scope.member_id is None:
            raise PermissionDenied("Tài khoản không gắn với hồ sơ đảng viên nào.")

    def get_queryset(self) -> QuerySet[Question]:
        return own_questions(self.scope.member_id or 0).select_related("member").order_by("-asked_on", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.valid(AskSerializer)
        member = Member.objects.select_related("organization").get(pk=self.scope.member_id or 0)
        addressee = self.fetch_in_scope(addressees_for(member), d["addressee"], what="organization")
        question = services.ask(
            actor=request.user, member=member, addressee=addressee, kind=d.get("kind", QuestionKind.QUESTION),
            subject=d["subject"], body=d["body"], uploaded=d.get("attachment"),
        )  # fmt: skip
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="Câu hỏi, kiến nghị trong phạm vi",
        description="Gửi đến các tổ chức trong phạm vi trả lời của người dùng; chờ trả lời trước, hạn sớm trước.",
        responses={200: QuestionSerializer, 403: NO_RIGHT},
    ),
    retrieve=extend_schema(
        summary="Một câu hỏi, kiến nghị (ghi nhật ký)",
        responses={200: QuestionSerializer, 403: NO_RIGHT, 404: NOT_FOUND},
    ),
)  # fmt: skip
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet[Question]):
    queryset = Question.objects.none()
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilter
    audit_name = "question"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not may_answer(self.scope):
            raise PermissionDenied("Bạn không có quyền trả lời câu hỏi, kiến nghị.")

    def get_queryset(self) -> QuerySet[Question]:
        return inbox_order(questions_in_scope(self.scope))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        question = self.get_object()
        services.record_view(actor=request.user, question=question, request=request._request)
        return Response(QuestionSerializer(question).data)

    @ANSWERS.action("answer", request=AnswerSerializer, ok=QuestionSerializer, summary="Trả lời")
    def answer(self, request: Request, pk: str) -> Response:
        question = self.get_object()
        d = self.valid(AnswerSerializer)
        question = services.answer(
            actor=request.user, question=question, expected_version=d["expected_version"], text=d["answer"]
        )
        return Response(QuestionSerializer(question).data)

    @ANSWERS.action("close", request=CloseSerializer, ok=QuestionSerializer, summary="Đóng câu hỏi, kiến nghị")
    def close(self, request: Request, pk: str) -> Response:
        question = self.get_object()
        d = self.valid(CloseSerializer)
        question = services.close(actor=request.user, question=question, expected_version=d["expected_version"])
        return Response(QuestionSerializer(question).data)
