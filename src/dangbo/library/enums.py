"""The party document library's choices: the kind of a document, its validity and who it is published to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Chỉ thị")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")
    REGULATION = "regulation", _("Quy định")
    CONCLUSION = "conclusion", _("Kết luận")
    PLAN = "plan", _("Kế hoạch")
    GUIDANCE = "guidance", _("Hướng dẫn")
    REPORT = "report", _("Báo cáo")
    NOTICE = "notice", _("Thông báo")
    LETTER = "letter", _("Công văn")
    OTHER = "other", _("Khác")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    AMENDED = "amended", _("Đã được sửa đổi, bổ sung")
    REPLACED = "replaced", _("Đã được thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class Audience(models.TextChoices):
    WHOLE_TREE = "whole_tree", _("Toàn đảng bộ của đơn vị ban hành")
    ORGANIZATIONS = "organizations", _("Một số tổ chức đảng (và các tổ chức trực thuộc)")
    MEMBERS = "members", _("Một số đảng viên")


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"
    DOC = "doc", "Word 97–2003 (.doc)"
    XLSX = "xlsx", "Excel (.xlsx)"
