"""Role kinds and the rights each carries. A role covers its organization and everything below it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    BLOC_ORGANIZATION_OFFICER = "bloc_organization_officer", _("Cán bộ Ban Tổ chức")
    BLOC_INSPECTION_OFFICER = "bloc_inspection_officer", _("Cán bộ Ủy ban Kiểm tra")
    GRASSROOTS_INSPECTION_OFFICER = "grassroots_inspection_officer", _("Cán bộ Ủy ban Kiểm tra đảng ủy cơ sở")
    BLOC_PROPAGANDA_OFFICER = "bloc_propaganda_officer", _("Cán bộ Ban Tuyên giáo")
    BLOC_OFFICE_OFFICER = "bloc_office_officer", _("Cán bộ Văn phòng (tài chính)")
    GRASSROOTS_OFFICER = "grassroots_officer", _("Cán bộ đảng ủy cơ sở")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")


class Right(models.TextChoices):
    VIEW_ORGS = "view_orgs", _("Xem tổ chức")
    MANAGE_ORGS = "manage_orgs", _("Sắp xếp tổ chức, cấp ủy")
    VIEW_MEMBERS = "view_members", _("Xem đảng viên")
    MANAGE_MEMBERS = "manage_members", _("Cập nhật đảng viên")
    IMPORT = "import", _("Nhập dữ liệu")
    EXPORT = "export", _("Xuất dữ liệu")
    VIEW_AUDIT = "view_audit", _("Xem nhật ký")
    VIEW_DISCIPLINE = "view_discipline", _("Xem kiểm tra, kỷ luật")
    MANAGE_DISCIPLINE = "manage_discipline", _("Cập nhật kiểm tra, kỷ luật")
    VIEW_FINANCE = "view_finance", _("Xem tài chính, đảng phí")
    MANAGE_FINANCE = "manage_finance", _("Cập nhật tài chính, đảng phí")
    VIEW_ADMISSIONS = "view_admissions", _("Xem hồ sơ kết nạp đảng")
    MANAGE_ADMISSIONS = "manage_admissions", _("Cập nhật hồ sơ kết nạp đảng")
    DECIDE_ADMISSIONS = "decide_admissions", _("Quyết định kết nạp, công nhận chính thức, giao chỉ tiêu")
    VIEW_CELL_LIFE = "view_cell_life", _("Xem sinh hoạt chi bộ, phân công nhiệm vụ")
    MANAGE_CELL_LIFE = "manage_cell_life", _("Cập nhật sinh hoạt chi bộ, điểm danh, phân công nhiệm vụ")
    LOCK_CELL_LIFE = "lock_cell_life", _("Khóa số liệu sinh hoạt theo quý")
    VIEW_SCREENING = "view_screening", _("Xem rà soát, sàng lọc đảng viên")
    MANAGE_SCREENING = "manage_screening", _("Rà soát, sàng lọc đảng viên")
    VIEW_MOVEMENTS = "view_movements", _("Xem chuyển sinh hoạt, biến động đảng viên")
    MANAGE_MOVEMENTS = "manage_movements", _("Cập nhật chuyển sinh hoạt, miễn sinh hoạt, đi nước ngoài, nơi cư trú")
    RECORD_DUES = "record_dues", _("Ghi thu đảng phí của chi bộ")
    HANDLE_COMPLAINTS = "handle_complaints", _("Tiếp nhận, giải quyết khiếu nại, tố cáo")
    VIEW_COMPLAINANT_IDENTITY = "view_complainant_identity", _("Xem danh tính người khiếu nại, tố cáo")
    PROPOSE_RECOGNITION = "propose_recognition", _("Đề nghị khen thưởng, tặng Huy hiệu Đảng")
    DECIDE_RECOGNITION = "decide_recognition", _("Quyết định khen thưởng, ghi nhận Huy hiệu Đảng đã trao")
    MANAGE_TRAINING = "manage_training", _("Cập nhật đào tạo, bồi dưỡng lý luận chính trị")
    MANAGE_LIBRARY = "manage_library", _("Cập nhật thư viện văn bản")
    MANAGE_PLANS = "manage_plans", _("Lập kế hoạch, giao nhiệm vụ")
    REPORT_PROGRESS = "report_progress", _("Báo cáo tiến độ nhiệm vụ, gửi báo cáo cho cấp trên")
    MANAGE_REPORT_REQUESTS = "manage_report_requests", _("Yêu cầu, tiếp nhận báo cáo của cấp dưới")
    ANSWER_QUESTIONS = "answer_questions", _("Trả lời câu hỏi, kiến nghị của đảng viên")


R = Right
RIGHTS: dict[str, frozenset[str]] = {
    RoleKind.BLOC_ORGANIZATION_OFFICER: frozenset(
        {R.VIEW_ORGS, R.MANAGE_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.IMPORT, R.EXPORT, R.VIEW_AUDIT}
        | {R.VIEW_ADMISSIONS, R.MANAGE_ADMISSIONS, R.DECIDE_ADMISSIONS}
        | {R.VIEW_CELL_LIFE, R.LOCK_CELL_LIFE, R.VIEW_SCREENING}
        | {R.VIEW_MOVEMENTS, R.MANAGE_MOVEMENTS}
        | {R.PROPOSE_RECOGNITION, R.DECIDE_RECOGNITION}
        | {R.MANAGE_LIBRARY, R.MANAGE_PLANS, R.REPORT_PROGRESS, R.MANAGE_REPORT_REQUESTS, R.ANSWER_QUESTIONS}
    ),
    # The inspection commissions: inspection, supervision, discipline, complaints and denunciations; the only
    # roles that see who complained or denounced (Quy định 296-QĐ/TW keeps the person's identity confidential).
    RoleKind.BLOC_INSPECTION_OFFICER: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.EXPORT, R.VIEW_DISCIPLINE, R.MANAGE_DISCIPLINE, R.VIEW_AUDIT, R.VIEW_ADMISSIONS}
        | {R.VIEW_CELL_LIFE, R.VIEW_SCREENING, R.VIEW_MOVEMENTS, R.VIEW_FINANCE}
        | {R.HANDLE_COMPLAINTS, R.VIEW_COMPLAINANT_IDENTITY, R.REPORT_PROGRESS}
    ),
    RoleKind.GRASSROOTS_INSPECTION_OFFICER: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.EXPORT, R.VIEW_DISCIPLINE, R.MANAGE_DISCIPLINE, R.VIEW_CELL_LIFE}
        | {R.VIEW_MOVEMENTS, R.VIEW_FINANCE, R.HANDLE_COMPLAINTS, R.VIEW_COMPLAINANT_IDENTITY}
    ),
    # The propaganda board runs political theory training.
    RoleKind.BLOC_PROPAGANDA_OFFICER: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.EXPORT, R.VIEW_CELL_LIFE, R.MANAGE_TRAINING}
        | {R.MANAGE_LIBRARY, R.REPORT_PROGRESS}
    ),
    RoleKind.BLOC_OFFICE_OFFICER: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.VIEW_FINANCE, R.MANAGE_FINANCE, R.EXPORT, R.VIEW_CELL_LIFE}
        | {R.VIEW_MOVEMENTS, R.ANSWER_QUESTIONS}
        | {R.MANAGE_LIBRARY, R.MANAGE_PLANS, R.REPORT_PROGRESS, R.MANAGE_REPORT_REQUESTS}
    ),
    # The grassroots committee inspects and disciplines within its organization, receives letters (without
    # seeing who wrote them), proposes and decides its own commendations, and keeps its members' training.
    RoleKind.GRASSROOTS_OFFICER: frozenset(
        {R.VIEW_ORGS, R.MANAGE_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.IMPORT, R.EXPORT, R.VIEW_AUDIT, R.VIEW_FINANCE}
        | {R.VIEW_ADMISSIONS, R.MANAGE_ADMISSIONS}
        | {R.VIEW_CELL_LIFE, R.MANAGE_CELL_LIFE, R.LOCK_CELL_LIFE, R.VIEW_SCREENING, R.MANAGE_SCREENING}
        | {R.VIEW_MOVEMENTS, R.MANAGE_MOVEMENTS, R.MANAGE_FINANCE, R.RECORD_DUES}
        | {R.VIEW_DISCIPLINE, R.MANAGE_DISCIPLINE, R.HANDLE_COMPLAINTS}
        | {R.PROPOSE_RECOGNITION, R.DECIDE_RECOGNITION, R.MANAGE_TRAINING}
        | {R.MANAGE_LIBRARY, R.REPORT_PROGRESS, R.ANSWER_QUESTIONS}
    ),
    # A cell keeps its own yearly inspection and supervision plan and disciplines its members (reprimand,
    # warning); it proposes commendations and badges and confirms a disciplined member's improvement.
    RoleKind.CELL_SECRETARY: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.EXPORT, R.VIEW_FINANCE}
        | {R.VIEW_ADMISSIONS, R.MANAGE_ADMISSIONS}
        | {R.VIEW_CELL_LIFE, R.MANAGE_CELL_LIFE, R.VIEW_SCREENING, R.MANAGE_SCREENING}
        | {R.VIEW_MOVEMENTS, R.MANAGE_MOVEMENTS, R.RECORD_DUES}
        | {R.VIEW_DISCIPLINE, R.MANAGE_DISCIPLINE, R.PROPOSE_RECOGNITION, R.ANSWER_QUESTIONS}
    ),
    RoleKind.MEMBER: frozenset(),  # a member sees their own record only
}

OFFICER_KINDS = frozenset(k for k in RoleKind if k != RoleKind.MEMBER)
