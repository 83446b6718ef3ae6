"""The admission pipeline's stages, steps and vocabularies (rules.md §2, rules-2025.md §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a candidacy stands. The order of the main line is the order of `MAIN_LINE`."""

    PROPOSED = "proposed", _("Được giới thiệu (quần chúng ưu tú)")
    COURSE_PASSED = "course_passed", _("Đã học lớp bồi dưỡng nhận thức về Đảng")
    APPLIED = "applied", _("Đã có đơn và lý lịch")
    VERIFIED = "verified", _("Đã thẩm tra lý lịch")
    SPONSORED = "sponsored", _("Đã có người giới thiệu")
    CELL_RESOLVED = "cell_resolved", _("Chi bộ đã biểu quyết đề nghị kết nạp")
    COMMITTEE_RESOLVED = "committee_resolved", _("Đảng ủy cơ sở đã đề nghị")
    DECIDED = "decided", _("Đã có quyết định kết nạp")
    PROBATION = "probation", _("Đảng viên dự bị")
    FULL = "full", _("Đã công nhận đảng viên chính thức")
    WITHDRAWN = "withdrawn", _("Rút khỏi danh sách")
    NOT_ADMITTED = "not_admitted", _("Không kết nạp")
    STRUCK_OFF = "struck_off", _("Xóa tên khỏi danh sách đảng viên dự bị")


MAIN_LINE = [
    Stage.PROPOSED,
    Stage.COURSE_PASSED,
    Stage.APPLIED,
    Stage.VERIFIED,
    Stage.SPONSORED,
    Stage.CELL_RESOLVED,
    Stage.COMMITTEE_RESOLVED,
    Stage.DECIDED,
    Stage.PROBATION,
    Stage.FULL,
]
EXITS = {Stage.WITHDRAWN, Stage.NOT_ADMITTED, Stage.STRUCK_OFF}
# A candidacy in one of these stages is active: the person cannot have a second one.
ACTIVE = set(MAIN_LINE) - {Stage.FULL}
# Before the decision the candidate is a candidate; from the ceremony on, a probationary member.
BEFORE_DECISION = set(MAIN_LINE[: MAIN_LINE.index(Stage.DECIDED)])
# Past the cell's vote: counted as likely admissions in the year-end projection.
LIKELY = {Stage.CELL_RESOLVED, Stage.COMMITTEE_RESOLVED, Stage.DECIDED}


class Step(models.TextChoices):
    """One entry point per transition (`workflow.perform`). Each moves the candidacy from one stage to the next,
    to an exit, or back (a recorded correction)."""

    COURSE = "course", _("Ghi nhận hoàn thành lớp bồi dưỡng")
    APPLICATION = "application", _("Ghi nhận đơn xin vào Đảng và lý lịch")
    VERIFY = "verify", _("Ghi nhận kết quả thẩm tra lý lịch")
    SPONSORS = "sponsors", _("Ghi nhận người giới thiệu")
    CELL_VOTE = "cell_vote", _("Ghi nhận nghị quyết chi bộ")
    COMMITTEE = "committee", _("Ghi nhận nghị quyết đảng ủy cơ sở")
    DECISION = "decision", _("Ghi nhận quyết định kết nạp")
    CEREMONY = "ceremony", _("Ghi nhận lễ kết nạp")
    RECOGNITION_VOTE = "recognition_vote", _("Ghi nhận biểu quyết công nhận chính thức")
    HIGHER_DECISION = "higher_decision", _("Ghi nhận quyết định của cấp ủy cấp trên")
    WITHDRAW = "withdraw", _("Rút khỏi danh sách")
    REJECT = "reject", _("Không kết nạp")
    CORRECT = "correct", _("Đính chính (trở lại bước trước)")


class Proposer(models.TextChoices):
    TRADE_UNION = "trade_union", _("Công đoàn")
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    WOMEN_UNION = "women_union", _("Hội Liên hiệp Phụ nữ")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    CELL = "cell", _("Chi bộ")


class Acquaintance(models.TextChoices):
    """How a sponsor knows the candidate (rules-2025.md §1: residence qualifies since 2021)."""

    WORK = "work", _("Cùng công tác")
    STUDY = "study", _("Cùng học tập")
    RESIDENCE = "residence", _("Cùng cư trú")


class VoteKind(models.TextChoices):
    ADMISSION = "admission", _("Biểu quyết đề nghị kết nạp")
    RECOGNITION = "recognition", _("Biểu quyết công nhận chính thức")


class ExitReason(models.TextChoices):
    """Why a former member left (re-admission rules, rules-2025.md §1: five of these bar it for good)."""

    QUIT_ACTIVITIES = "quit_activities", _("Tự ý bỏ sinh hoạt đảng")
    ASKED_TO_LEAVE = "asked_to_leave", _("Xin ra khỏi Đảng (trừ hoàn cảnh gia đình đặc biệt khó khăn)")
    SERIOUS_DISUNITY = "serious_disunity", _("Gây mất đoàn kết nghiêm trọng")
    CORRUPTION_CONVICTION = "corruption_conviction", _("Bị kết án về tội tham nhũng")
    SERIOUS_CRIME = "serious_crime", _("Bị kết án về tội rất nghiêm trọng trở lên")
    LESS_SERIOUS_CRIME = "less_serious_crime", _("Bị kết án về tội ít nghiêm trọng (đã được xóa án tích)")
    FAMILY_HARDSHIP = "family_hardship", _("Xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn")
    OTHER = "other", _("Lý do khác")


class ConsentKind(models.TextChoices):
    """Written consents a rule may require, attached as dossier files."""

    OVER_AGE = "over_age", _("Văn bản đồng ý của Ban Thường vụ Tỉnh ủy (trên 60 tuổi)")
    EDUCATION = "education", _("Văn bản đồng ý của Ban Thường vụ Tỉnh ủy (ngoại lệ trình độ học vấn)")
    READMISSION = "readmission", _("Văn bản đồng ý của Ban Thường vụ Tỉnh ủy (kết nạp lại)")


class DossierItem(models.TextChoices):
    """The admission dossier (rules.md §2): what must be on file before the cell votes, and after."""

    CERTIFICATE = "certificate", _("Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    APPLICATION = "application", _("Đơn xin vào Đảng")
    BACKGROUND_FORM = "background_form", _("Lý lịch của người xin vào Đảng")
    VERIFICATION = "verification", _("Kết quả thẩm tra lý lịch")
    SPONSOR_LETTER = "sponsor_letter", _("Giấy giới thiệu của đảng viên chính thức")
    UNION_RESOLUTION = "union_resolution", _("Nghị quyết giới thiệu của Đoàn / Công đoàn")
    OPINIONS = "opinions", _("Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú")
    CONSENT = "consent", _("Văn bản đồng ý của Ban Thường vụ Tỉnh ủy")
    CELL_RESOLUTION = "cell_resolution", _("Nghị quyết của chi bộ")
    COMMITTEE_RESOLUTION = "committee_resolution", _("Nghị quyết của đảng ủy cơ sở")
    DECISION = "decision", _("Quyết định kết nạp")
    MEMBER_SHEET = "member_sheet", _("Phiếu đảng viên")
    RECOGNITION_DECISION = "recognition_decision", _("Quyết định công nhận đảng viên chính thức")
    OTHER = "other", _("Tài liệu khác")
