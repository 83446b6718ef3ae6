from django.db import models


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    FULL = "full", "Đảng viên chính thức"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    ABROAD = "abroad", "Đang ở nước ngoài"
    TEMP_TRANSFERRED_OUT = "temp_transferred_out", "Chuyển sinh hoạt tạm thời đi"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển sinh hoạt chính thức đi"
    STRUCK_OFF = "struck_off", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    DISCHARGED = "discharged", "Cho ra khỏi Đảng"
    DECEASED = "deceased", "Từ trần"


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
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class TheoryLevel(models.TextChoices):
    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"


class Education(models.TextChoices):
    PRIMARY = "primary", "Tiểu học"
    LOWER_SECONDARY = "lower_secondary", "Trung học cơ sở"
    UPPER_SECONDARY = "upper_secondary", "Trung học phổ thông"
    VOCATIONAL = "vocational", "Trung cấp, cao đẳng"
    UNIVERSITY = "university", "Đại học"
    MASTER = "master", "Thạc sĩ"
    DOCTOR = "doctor", "Tiến sĩ"
