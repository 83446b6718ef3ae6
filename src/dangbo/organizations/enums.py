from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    UPPER = "upper", _("Đảng bộ cấp trên cơ sở")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")
    PARTY_GROUP = "party_group", _("Tổ đảng")


class OrgLevel(models.TextChoices):
    UPPER = "upper", _("Cấp trên cơ sở")
    GRASSROOTS = "grassroots", _("Cơ sở")
    BELOW_GRASSROOTS = "below", _("Dưới cơ sở")


LEVEL_OF_KIND = {
    OrgKind.UPPER: OrgLevel.UPPER,
    OrgKind.GRASSROOTS_COMMITTEE: OrgLevel.GRASSROOTS,
    OrgKind.GRASSROOTS_CELL: OrgLevel.GRASSROOTS,
    OrgKind.SUB_COMMITTEE: OrgLevel.BELOW_GRASSROOTS,
    OrgKind.CELL: OrgLevel.BELOW_GRASSROOTS,
    OrgKind.PARTY_GROUP: OrgLevel.BELOW_GRASSROOTS,
}

# Which kinds may stand directly under which (the parent kind → allowed child kinds).
ALLOWED_CHILDREN = {
    OrgKind.UPPER: {OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.SUB_COMMITTEE, OrgKind.CELL},
    OrgKind.SUB_COMMITTEE: {OrgKind.CELL},
    OrgKind.CELL: {OrgKind.PARTY_GROUP},
    OrgKind.GRASSROOTS_CELL: {OrgKind.PARTY_GROUP},
    OrgKind.PARTY_GROUP: set(),
}

# Kinds named with their parent in lists and pickers (Organization.qualified_name): their names repeat.
QUALIFIED_BY_PARENT_KINDS = {OrgKind.SUB_COMMITTEE, OrgKind.CELL, OrgKind.PARTY_GROUP}

# Kinds where members are registered (a member belongs to exactly one of these at a time).
MEMBER_HOLDING_KINDS = {OrgKind.CELL, OrgKind.GRASSROOTS_CELL}


class OrgType(models.TextChoices):
    """Loại hình tổ chức cơ sở đảng (sector of the unit)."""

    STATE_AGENCY = "state_agency", _("Cơ quan hành chính nhà nước")
    PARTY_AGENCY = "party_agency", _("Cơ quan Đảng, Mặt trận, đoàn thể")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    STATE_CAPITAL_ENTERPRISE = "state_capital_enterprise", _("Doanh nghiệp có vốn nhà nước")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Doanh nghiệp ngoài khu vực nhà nước")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    OTHER = "other", _("Loại hình khác")


class RestructuringKind(models.TextChoices):
    CREATE = "create", _("Thành lập")
    RENAME = "rename", _("Đổi tên")
    REPARENT = "reparent", _("Chuyển giao")
    MERGE = "merge", _("Hợp nhất")
    ABSORB = "absorb", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    DISSOLVE = "dissolve", _("Giải thể")


class CommitteePosition(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_COMMITTEE = "standing_committee", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
