"""Questions and proposals under /hoi-dap/: the member's page (their questions with the answers, and asking one),
a question's page (the member who asked it, or an officer who may answer it: every officer's reading audited),
its attachment, the officers' inbox (what is addressed inside their part of the tree: open first, the oldest
deadline first, overdue marked), answering and closing.

A question neither the user's own nor addressed inside their `answer_questions` part of the tree answers 404 and
is logged. The officers' inbox and the answer are in `inbox_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_denied
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.views import query_without
from dangbo.members.models import Member

from . import services
from .attachments import CONTENT_TYPES
from .enums import QuestionState
from .forms import AnswerForm, AskForm, CloseForm, InboxFilterForm
from .models import Question
from .selectors import (
    addressees_for,
    filter_inbox,
    inbox_order,
    may_answer,
    own_questions,
    questions_in_scope,
)

PAGE_SIZE = 30


def _scope(request: HttpRequest) -> Scope:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return scope_for(request.user)


def _member(scope: Scope) -> Member:
    if scope.member_id is None:
        raise PermissionDenied
    return Member.objects.select_related("organization").get(pk=scope.member_id)


def reachable(request: HttpRequest, scope: Scope, pk: int) -> tuple[Question, bool]:
    """The question and whether the user reads it as its member (else as an officer who may answer it); 404 and
    logged otherwise."""
    if scope.member_id is not None:
        own = own_questions(scope.member_id).filter(pk=pk).first()
        if own is not None:
            return own, True
    found = questions_in_scope(scope).filter(pk=pk).first()
    if found is None:
        if Question.objects.filter(pk=pk).exists():
            log_denied(actor=request.user, what="question", object_id=pk, request=request)
        raise Http404
    return found, False


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    member = _member(scope)
    questions = own_questions(member.pk).order_by("-asked_on", "-id")
    context = {"questions": questions, "can_answer": may_answer(scope), "today": timezone.localdate()}
    return render(request, "questions/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    member = _member(scope)
    initial = {"subject": request.GET.get("tiep", "")[:200]}
    form = AskForm(request.POST or None, request.FILES or None, addressees=addressees_for(member), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = services.ask(
                    actor=request.user, member=member, addressee=data["addressee"], kind=data["kind"],
                    subject=data["subject"], body=data["body"], uploaded=data.get("attachment"),
                )  # fmt: skip
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Đã gửi. Hạn trả lời: %(d)s.") % {"d": question.due_on.strftime("%d/%m/%Y")}
                )
                return redirect("questions:detail", pk=question.pk)
    return render(request, "questions/ask.html", {"form": form}, status=status)


def detail_context(question: Question, *, as_member: bool, answer_form: Any = None) -> dict[str, Any]:
    officer = not as_member
    return {
        "question": question, "as_member": as_member, "today": timezone.localdate(),
        "answer_form": answer_form or (
            AnswerForm(initial={"version": question.version, "answer": question.answer})
            if officer and question.state != QuestionState.CLOSED else None
        ),
        "close_form": CloseForm(initial={"version": question.version})
        if question.state == QuestionState.ANSWERED else None,
    }  # fmt: skip


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    question, as_member = reachable(request, scope, pk)
    if not as_member:
        services.record_view(actor=request.user, question=question, request=request)
    return render(request, "questions/detail.html", detail_context(question, as_member=as_member))


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    scope = _scope(request)
    question, as_member = reachable(request, scope, pk)
    if not question.attachment:
        raise Http404
    if not as_member:
        services.record_view(actor=request.user, question=question, request=request)
    return FileResponse(
        question.attachment.open("rb"), as_attachment=True, filename=question.attachment_name,
        content_type=CONTENT_TYPES.get(question.attachment_type, "application/octet-stream"),
    )  # fmt: skip


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    question, as_member = reachable(request, scope, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ: hãy tải lại trang."))
        return redirect("questions:detail", pk=question.pk)
    try:
        services.close(actor=request.user, question=question, expected_version=form.cleaned_data["version"])
    except DomainError as error:
        messages.error(request, error.message)
        status = 409 if isinstance(error, ConcurrentEditError) else 400
        context = detail_context(question, as_member=as_member)
        return render(request, "questions/detail.html", context, status=status)
    messages.success(request, _("Đã đóng câu hỏi, kiến nghị."))
    return redirect("questions:detail", pk=question.pk)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.ANSWER_QUESTIONS)
    form = InboxFilterForm(request.GET or None)
    today = timezone.localdate()
    context = {"form": form, "today": today, "query": query_without(request)}
    if form.is_bound and not form.is_valid():
        return render(request, "questions/inbox.html", context, status=400)
    qs = filter_inbox(questions_in_scope(scope), form.cleaned_data if form.is_bound else {}, today)
    context["page"] = Paginator(inbox_order(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "questions/inbox.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.ANSWER_QUESTIONS)
    question = get_in_scope_or_404(request, questions_in_scope(scope), pk, what="question")
    form = AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.answer(
                actor=request.user, question=question, expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["answer"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error("answer" if error.field == "answer" else None, error.message)
            status = 409 if isinstance(error, ConcurrentEditError) else 400
        else:
            messages.success(request, _("Đã gửi trả lời."))
            return redirect("questions:detail", pk=question.pk)
    context = detail_context(question, as_member=False, answer_form=form)
    return render(request, "questions/detail.html", context, status=status)
