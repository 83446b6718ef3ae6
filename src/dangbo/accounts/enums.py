"""Role kinds and the rights each carries. A role covers its organization and everything below it."""

from django.db import models


class RoleKind(models.TextChoices):
    BLOC_ORGANIZATION_OFFICER = "bloc_organization_officer", "Cán bộ Ban Tổ chức"
    BLOC_INSPECTION_OFFICER = "bloc_inspection_officer", "Cán bộ Ủy ban Kiểm tra"
    BLOC_PROPAGANDA_OFFICER = "bloc_propaganda_officer", "Cán bộ Ban Tuyên giáo"
    BLOC_OFFICE_OFFICER = "bloc_office_officer", "Cán bộ Văn phòng (tài chính)"
    GRASSROOTS_OFFICER = "grassroots_officer", "Cán bộ đảng ủy cơ sở"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    MEMBER = "member", "Đảng viên"


class Right(models.TextChoices):
    VIEW_ORGS = "view_orgs", "Xem tổ chức"
    MANAGE_ORGS = "manage_orgs", "Sắp xếp tổ chức, cấp ủy"
    VIEW_MEMBERS = "view_members", "Xem đảng viên"
    MANAGE_MEMBERS = "manage_members", "Cập nhật đảng viên"
    IMPORT = "import", "Nhập dữ liệu"
    EXPORT = "export", "Xuất dữ liệu"
    VIEW_AUDIT = "view_audit", "Xem nhật ký"
    VIEW_DISCIPLINE = "view_discipline", "Xem kiểm tra, kỷ luật"
    MANAGE_DISCIPLINE = "manage_discipline", "Cập nhật kiểm tra, kỷ luật"
    VIEW_FINANCE = "view_finance", "Xem tài chính, đảng phí"
    MANAGE_FINANCE = "manage_finance", "Cập nhật tài chính, đảng phí"


R = Right
RIGHTS: dict[str, frozenset[str]] = {
    RoleKind.BLOC_ORGANIZATION_OFFICER: frozenset(
        {R.VIEW_ORGS, R.MANAGE_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.IMPORT, R.EXPORT, R.VIEW_AUDIT}
    ),
    RoleKind.BLOC_INSPECTION_OFFICER: frozenset(
        {R.VIEW_ORGS, R.VIEW_MEMBERS, R.EXPORT, R.VIEW_DISCIPLINE, R.MANAGE_DISCIPLINE, R.VIEW_AUDIT}
    ),
    RoleKind.BLOC_PROPAGANDA_OFFICER: frozenset({R.VIEW_ORGS, R.VIEW_MEMBERS, R.EXPORT}),
    RoleKind.BLOC_OFFICE_OFFICER: frozenset({R.VIEW_ORGS, R.VIEW_MEMBERS, R.VIEW_FINANCE, R.MANAGE_FINANCE, R.EXPORT}),
    RoleKind.GRASSROOTS_OFFICER: frozenset(
        {R.VIEW_ORGS, R.MANAGE_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.IMPORT, R.EXPORT, R.VIEW_AUDIT, R.VIEW_FINANCE}
    ),
    RoleKind.CELL_SECRETARY: frozenset({R.VIEW_ORGS, R.VIEW_MEMBERS, R.MANAGE_MEMBERS, R.EXPORT, R.VIEW_FINANCE}),
    RoleKind.MEMBER: frozenset(),  # a member sees their own record only
}

OFFICER_KINDS = frozenset(k for k in RoleKind if k != RoleKind.MEMBER)
