from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    FULL = "full", _("Đảng viên chính thức")
    EXEMPT = "exempt", _("Miễn công tác và sinh hoạt đảng")
    ABROAD = "abroad", _("Đang ở nước ngoài")
    TEMP_TRANSFERRED_OUT = "temp_transferred_out", _("Chuyển sinh hoạt tạm thời đi")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt chính thức đi")
    STRUCK_OFF = "struck_off", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    DISCHARGED = "discharged", _("Cho ra khỏi Đảng")
    DECEASED = "deceased", _("Từ trần")


# Members still on this organization's rolls (counted in its membership).
ON_ROLLS = {
    MemberStatus.PROBATIONARY,
    MemberStatus.FULL,
    MemberStatus.EXEMPT,
    MemberStatus.ABROAD,
    MemberStatus.TEMP_TRANSFERRED_OUT,
}
# Periods that do not count towards party seniority (rules.md §2).
SENIORITY_GAP_STATUSES = {MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED, MemberStatus.DISCHARGED}
# Statuses that end membership of the cell.
LEAVING_STATUSES = {
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.STRUCK_OFF,
    MemberStatus.EXPELLED,
    MemberStatus.DISCHARGED,
    MemberStatus.DECEASED,
}


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp, cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")
