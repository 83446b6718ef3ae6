"""Kinds, channels, states and results of the letters the inspection committees receive (rules-2025 §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintKind(models.TextChoices):
    # A complaint about a party discipline is the appeal against it (Điều lệ Đảng, art. 39).
    DISCIPLINE_COMPLAINT = "discipline_complaint", _("Khiếu nại kỷ luật đảng")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    POST = "post", _("Qua bưu điện")
    EMAIL = "email", _("Thư điện tử")
    MAILBOX = "mailbox", _("Hòm thư góp ý")
    PHONE = "phone", _("Điện thoại")
    FORWARDED = "forwarded", _("Cơ quan, tổ chức khác chuyển đến")
    OTHER = "other", _("Khác")


class ComplaintState(models.TextChoices):
    HANDLING = "handling", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã có kết quả, chưa trả lời")
    REPLIED = "replied", _("Đã trả lời, kết thúc")
    NOT_CONSIDERED = "not_considered", _("Không xem xét, giải quyết")


OPEN_STATES = frozenset({ComplaintState.HANDLING})


class NotConsideredReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("Đơn nặc danh")
    FALSE_NAME = "false_name", _("Đơn mạo danh, không rõ họ tên thật")
    NO_ADDRESS = "no_address", _("Đơn không rõ địa chỉ")
    REPEATED = "repeated", _("Đơn gửi lại, không có chứng cứ mới")


class ComplaintResult(models.TextChoices):
    # A complaint (khiếu nại) and an other letter.
    UPHELD = "upheld", _("Khiếu nại đúng")
    PARTLY_UPHELD = "partly_upheld", _("Khiếu nại đúng một phần")
    REJECTED = "rejected", _("Khiếu nại sai")
    # A denunciation (tố cáo).
    FOUNDED = "founded", _("Tố cáo đúng")
    PARTLY_FOUNDED = "partly_founded", _("Tố cáo đúng một phần")
    UNFOUNDED = "unfounded", _("Tố cáo sai")


COMPLAINT_RESULTS = frozenset({ComplaintResult.UPHELD, ComplaintResult.PARTLY_UPHELD, ComplaintResult.REJECTED})
DENUNCIATION_RESULTS = frozenset({ComplaintResult.FOUNDED, ComplaintResult.PARTLY_FOUNDED, ComplaintResult.UNFOUNDED})


class ReplyMethod(models.TextChoices):
    LETTER = "letter", _("Văn bản gửi qua bưu điện")
    IN_PERSON = "in_person", _("Gặp trực tiếp, giao văn bản")
    EMAIL = "email", _("Thư điện tử")
    THROUGH_ORGANIZATION = "through_organization", _("Qua tổ chức đảng nơi người đó sinh hoạt")
    NOT_POSSIBLE = "not_possible", _("Không thể trả lời (đơn không rõ người gửi)")


class NoticeDirection(models.TextChoices):
    # QĐ 296: a state body or mass organization that suspends or disciplines a member tells the party
    # organization; after a party discipline, the party organization directs or proposes administrative handling.
    TO_PARTY = "to_party", _("Cơ quan nhà nước, đoàn thể thông báo cho tổ chức đảng")
    FROM_PARTY = "from_party", _("Tổ chức đảng chỉ đạo, đề nghị xử lý hành chính, đoàn thể")


class NoticeEvent(models.TextChoices):
    SUSPENSION = "suspension", _("Đình chỉ công tác, sinh hoạt")
    DISCIPLINE = "discipline", _("Kỷ luật")
