"""Members' questions and proposals to their cell or committee (issue 12 item 5; decision 0048).

A `Question` is asked by a member to an organization of their cell's line of the tree (`addressee`: the cell, its
grassroots organization, the bloc); `path` is the addressee's path, so the officers who answer (`answer_questions`
over a subtree) find what is addressed inside their part with one prefix filter. States: open → answered (the
answer may be revised while not closed) → closed, by the addressee's officers or by the member. `due_on` is the day
the answer is expected, counted in working days from the asking day (`core.calendar`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import AttachmentType, QuestionKind, QuestionState


class Question(VersionedModel):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    addressee = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("gửi đến")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to="hoi-dap/%Y/", blank=True)
    attachment_type = models.CharField(max_length=10, choices=AttachmentType.choices, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    state = models.CharField(
        _("tình trạng"), max_length=20, choices=QuestionState.choices, default=QuestionState.OPEN, db_index=True
    )
    asked_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("câu hỏi, kiến nghị")
        verbose_name_plural = _("câu hỏi, kiến nghị")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["path", "state", "due_on"], name="question_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
