"""Writes to questions and proposals: ask, answer, close, and the audit entry of an officer reading one. One entry
point per change, each checked, audited once and refused in Vietnamese with nothing written.

The refusals: an addressee outside the member's line of the tree (their cell, its grassroots organization, the
bloc); an empty subject or body, or one too long; an attachment empty, over the size limit or not PDF, JPEG, PNG
or Word by its content; an answer that is empty or too long; answering or closing a closed question; closing a
question not yet answered; a stale version (`ConcurrentEditError`, 409 in the API). Whether the officer may answer
at all (the question addressed inside their part of the tree) is the caller's check (404 and logged).

No reopening: a member not satisfied with an answer asks again, citing it (decision 0048)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action, snapshot
from dangbo.core.calendar import add_working_days
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .attachments import check_attachment
from .enums import QuestionKind, QuestionState
from .models import Question
from .selectors import addressees_for

SUBJECT_MAX = 200
BODY_MAX = 4000
ANSWER_MAX = 4000
FIELDS = ("kind", "addressee_id", "subject", "state", "asked_on", "due_on", "attachment_name", "answer")


def answer_working_days() -> int:
    return int(getattr(settings, "DANGBO_QUESTION_ANSWER_WORKING_DAYS", 10))


def _text(value: Any, *, label: str, field: str, max_length: int, one_line: bool = False) -> str:
    text = str(value or "").strip()
    if one_line:
        text = " ".join(text.split())
    if not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(
            f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự (đang có {len(text)} ký tự).", field=field
        )
    return text


def _audit(action: str, *, actor: Any, question: Question, request: Any = None, **entry: Any) -> None:
    log_action(
        f"questions.question.{action}", actor=actor, object_type="question", object_id=question.pk,
        object_repr=str(question)[:255], scope_path=question.path, request=request, **entry,
    )  # fmt: skip


@transaction.atomic
def ask(
    *, actor: Any, member: Member, addressee: Organization, subject: str, body: str,
    kind: str = QuestionKind.QUESTION, uploaded: UploadedFile | None = None, today: dt.date | None = None,
) -> Question:  # fmt: skip
    """A member asks a question or makes a proposal to an organization of their line of the tree, with an optional
    attachment; the answer is due `DANGBO_QUESTION_ANSWER_WORKING_DAYS` working days later."""
    today = today or timezone.localdate()
    if kind not in QuestionKind.values:
        raise DomainError("Loại câu hỏi, kiến nghị không hợp lệ.", field="kind")
    if not addressees_for(member).filter(pk=addressee.pk).exists():
        raise DomainError(
            "Chỉ gửi được đến chi bộ, đảng ủy cơ sở hoặc đảng ủy cấp trên của đồng chí.", field="addressee"
        )
    question = Question(
        member=member, kind=kind, addressee=addressee, path=addressee.path,
        subject=_text(subject, label="tiêu đề", field="subject", max_length=SUBJECT_MAX, one_line=True),
        body=_text(body, label="nội dung", field="body", max_length=BODY_MAX),
        asked_on=today, due_on=add_working_days(today, answer_working_days()),
        asked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    if uploaded is not None:
        kind_, name, size = check_attachment(uploaded)
        question.attachment.save(f"{uuid.uuid4().hex}.{kind_}", uploaded, save=False)
        question.attachment_type, question.attachment_name, question.attachment_size = kind_, name, size
    question.save()
    _audit("asked", actor=actor, question=question, after=snapshot(question, FIELDS[:-1]))
    return question


def _lock(question: Question, expected_version: int) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


@transaction.atomic
def answer(*, actor: Any, question: Question, expected_version: int, text: str) -> Question:
    """The addressee's answer (a revised one while the question is not closed)."""
    locked = _lock(question, expected_version)
    if locked.state == QuestionState.CLOSED:
        raise DomainError("Câu hỏi, kiến nghị này đã đóng: không trả lời thêm được.", field="answer")
    before = {"state": locked.state, "answer": locked.answer}
    locked.answer = _text(text, label="nội dung trả lời", field="answer", max_length=ANSWER_MAX)
    locked.state = QuestionState.ANSWERED
    locked.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.answered_at = timezone.now()
    locked.version += 1
    locked.save()
    _audit(
        "answered", actor=actor, question=locked, before=before, after={"state": locked.state, "answer": locked.answer}
    )
    return locked


@transaction.atomic
def close(*, actor: Any, question: Question, expected_version: int) -> Question:
    """Close an answered question (by the addressee's officers or by the member who asked)."""
    locked = _lock(question, expected_version)
    if locked.state == QuestionState.CLOSED:
        raise DomainError("Câu hỏi, kiến nghị này đã đóng.")
    if locked.state != QuestionState.ANSWERED:
        raise DomainError("Câu hỏi, kiến nghị chưa được trả lời: trả lời trước khi đóng.")
    locked.state = QuestionState.CLOSED
    locked.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.closed_at = timezone.now()
    locked.version += 1
    locked.save()
    _audit(
        "closed", actor=actor, question=locked, before={"state": QuestionState.ANSWERED}, after={"state": locked.state}
    )
    return locked


def record_view(*, actor: Any, question: Question, request: Any = None) -> None:
    """An officer reading a member's question is audited like opening a record."""
    _audit("viewed", actor=actor, question=question, request=request)
