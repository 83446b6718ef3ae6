"""The vocabulary a statistical form is written in: what it counts, along which dimension, over which period."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    MEMBERS = "members", _("Đảng viên theo một tiêu chí")
    ORGANIZATIONS = "organizations", _("Tổ chức đảng theo loại")
    CHANGES = "changes", _("Tăng, giảm đảng viên trong kỳ")
    REGISTER = "register", _("Sổ danh sách đảng viên")
    RECONCILIATION = "reconciliation", _("Đối chiếu số lượng đảng viên giữa các cấp")


class Dimension(models.TextChoices):
    """The member's attribute a `MEMBERS` form breaks the count down by (its columns)."""

    GENDER = "gender", _("Giới tính")
    AGE = "age", _("Độ tuổi")
    ETHNICITY = "ethnicity", _("Dân tộc")
    RELIGION = "religion", _("Tôn giáo")
    EDUCATION = "education", _("Trình độ học vấn")
    THEORY = "theory", _("Trình độ lý luận chính trị")
    SENIORITY = "seniority", _("Tuổi đảng")
    STATUS = "status", _("Trạng thái")


# Dimensions whose bands are ranges of whole years (`min`, `max`, either open), the others list values.
RANGE_DIMENSIONS = {Dimension.AGE, Dimension.SENIORITY}


class Period(models.TextChoices):
    """Where the period of the increases and decreases starts; it ends on the cut-off date."""

    YEAR = "year", _("Từ đầu năm")
    QUARTER = "quarter", _("Từ đầu quý")


class Change(models.TextChoices):
    """The columns a `CHANGES` form may hold."""

    ADMITTED = "admitted", _("Kết nạp")
    ADMITTED_WOMEN = "admitted_women", _("Trong đó: nữ")
    ADMITTED_YOUTH = "admitted_youth", _("Trong đó: đoàn viên")
    TRANSFERRED_IN = "transferred_in", _("Chuyển đến")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển đi")
    STRUCK_OFF = "struck_off", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    DISCHARGED = "discharged", _("Cho ra khỏi Đảng")
    DECEASED = "deceased", _("Từ trần")
    DISCIPLINED = "disciplined", _("Bị kỷ luật")


class Reconciliation(models.TextChoices):
    """The columns of the count reconciliation."""

    OPENING = "opening", _("Đầu quý")
    CLOSING = "closing", _("Cuối kỳ")
    DIRECT = "direct", _("Sinh hoạt trực tiếp")
    CHILDREN = "children", _("Cộng các đơn vị trực thuộc")
    DIFFERENCE = "difference", _("Chênh lệch")
