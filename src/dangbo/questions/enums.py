from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("Câu hỏi")
    PROPOSAL = "proposal", _("Kiến nghị")


class QuestionState(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


class AttachmentType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "Word (.docx)"
    DOC = "doc", "Word (.doc)"
