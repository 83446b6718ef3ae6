"""Dues categories, reliefs, payment channels and reconciliation states (rules-2025 §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DuesCategory(models.TextChoices):
    INSURED = "insured", _("Tham gia bảo hiểm xã hội bắt buộc")
    LEAVE = "leave", _("Nghỉ ốm, thai sản (hưởng trợ cấp)")
    PENSIONER = "pensioner", _("Hưởng lương hưu, không tham gia BHXH bắt buộc")
    STUDENT = "student", _("Học sinh, sinh viên")
    OTHER = "other", _("Đảng viên khác trong nước (nông dân, lao động tự do…)")
    ABROAD = "abroad", _("Đảng viên ở nước ngoài")


class ReliefKind(models.TextChoices):
    SOCIAL_ALLOWANCE = "social_allowance", _("Miễn: hưởng trợ cấp hưu trí xã hội")
    POOR_HOUSEHOLD = "poor_household", _("Miễn: hộ nghèo, cận nghèo")
    ILLNESS = "illness", _("Miễn: mắc bệnh hiểm nghèo theo danh mục")
    HARDSHIP = "hardship", _("Miễn: hoàn cảnh khó khăn khác")
    REDUCTION = "reduction", _("Giảm mức đóng")


EXEMPTION_KINDS = frozenset(
    {ReliefKind.SOCIAL_ALLOWANCE, ReliefKind.POOR_HOUSEHOLD, ReliefKind.ILLNESS, ReliefKind.HARDSHIP}
)


class PaymentChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng Dịch vụ công quốc gia")
    CASH = "cash", _("Tiền mặt nộp chi bộ")
    BANK = "bank", _("Chuyển khoản ngân hàng")


class StatementSource(models.TextChoices):
    PORTAL = "portal", _("Dữ liệu nộp trên Cổng Dịch vụ công")
    BANK = "bank", _("Sao kê ngân hàng")


class BatchState(models.TextChoices):
    REVIEW = "review", _("Chờ rà soát")
    APPLIED = "applied", _("Đã ghi vào sổ")
    DISCARDED = "discarded", _("Đã hủy")


class LineStatus(models.TextChoices):
    MATCHED = "matched", _("Khớp")
    UNMATCHED = "unmatched", _("Không khớp")
    AMBIGUOUS = "ambiguous", _("Chưa rõ, cần chọn")
    DUPLICATE = "duplicate", _("Đã ghi trước đó")
