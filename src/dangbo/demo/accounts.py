"""Demo accounts: one per role, all with the same password; daily work never uses the superuser.

| user       | role                                   | where                                   |
|------------|----------------------------------------|-----------------------------------------|
| bantochuc  | Cán bộ Ban Tổ chức                      | the bloc (whole tree)                   |
| kiemtra    | Cán bộ Ủy ban Kiểm tra                  | the bloc                                |
| vanphong   | Cán bộ Văn phòng (tài chính)            | the bloc                                |
| tuyengiao  | Cán bộ Ban Tuyên giáo                   | the bloc                                |
| coso       | Cán bộ đảng ủy cơ sở                    | one grassroots committee (its subtree)  |
| kiemtracs  | Cán bộ Ủy ban Kiểm tra đảng ủy cơ sở    | the same grassroots committee           |
| chibo      | Bí thư chi bộ                           | one cell of that committee              |
| dangvien   | Đảng viên                               | a member of that cell (sees themself)   |

`admin` is a superuser for the administration site (/quan-tri/) only, with its own password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role, User
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization

DEMO_PASSWORD = "DangBo@2025"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "QuanTri@2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # RoleKind value
    organization: str
    person: str

    @property
    def role_label(self) -> str:
        return str(RoleKind(self.role).label)


def _seat_holder(org: Organization, position: str) -> Member | None:
    seat = (
        CommitteeSeat.objects.filter(committee__organization=org, position=position, end__isnull=True)
        .select_related("member")
        .order_by("-committee__term_start", "pk")
        .first()
    )
    return seat.member if seat else None


def _user(username: str, *, member: Member | None, first_name: str = "", last_name: str = "") -> User:
    if member is not None:
        first_name = f"{member.family_name} {member.middle_name}".strip()
        last_name = member.given_name
    user = User.objects.create(
        username=username, password=make_password(DEMO_PASSWORD), first_name=first_name, last_name=last_name
    )
    if member is not None:
        Member.objects.filter(pk=member.pk).update(user=user)
    return user


def _pick_units(bloc: Organization) -> tuple[Organization, Organization]:
    """The grassroots committee and the cell the grassroots and cell accounts work in."""
    grassroots = (
        Organization.objects.filter(parent=bloc, kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True)
        .order_by("code")
        .first()
    )
    if grassroots is None:
        grassroots = Organization.objects.filter(parent=bloc, dissolved_on__isnull=True).order_by("code").first()
    if grassroots is None:
        raise ValueError("the demo bloc has no grassroots organization")
    if grassroots.kind == OrgKind.GRASSROOTS_CELL:
        return grassroots, grassroots
    own_cells = Organization.objects.filter(
        parent=grassroots, kind=OrgKind.CELL, code__startswith=grassroots.code, dissolved_on__isnull=True
    )
    cell = own_cells.order_by("code").first() or grassroots.children.order_by("code").first()
    if cell is None:
        raise ValueError(f"{grassroots} has no cell")
    return grassroots, cell


def create_demo_accounts(*, bloc: Organization) -> list[DemoAccount]:
    """Create the demo accounts (see the module docstring) and return what to print."""
    accounts: list[DemoAccount] = []

    def add(username: str, kind: str, org: Organization, user: User) -> None:
        Role.objects.create(user=user, kind=kind, organization=org)
        person = user.get_full_name() if Member.objects.filter(user=user).exists() else ""
        accounts.append(DemoAccount(username, kind, org.name, person))

    for username, kind, (first, last) in [
        ("bantochuc", RoleKind.BLOC_ORGANIZATION_OFFICER, ("Cán bộ", "Ban Tổ chức")),
        ("kiemtra", RoleKind.BLOC_INSPECTION_OFFICER, ("Cán bộ", "Ủy ban Kiểm tra")),
        ("vanphong", RoleKind.BLOC_OFFICE_OFFICER, ("Cán bộ", "Văn phòng")),
        ("tuyengiao", RoleKind.BLOC_PROPAGANDA_OFFICER, ("Cán bộ", "Ban Tuyên giáo")),
    ]:
        add(username, kind, bloc, _user(username, member=None, first_name=first, last_name=last))

    grassroots, cell = _pick_units(bloc)
    officer = _seat_holder(grassroots, CommitteePosition.DEPUTY_SECRETARY) or _seat_holder(
        grassroots, CommitteePosition.SECRETARY
    )
    add("coso", RoleKind.GRASSROOTS_OFFICER, grassroots, _user("coso", member=officer))
    add("kiemtracs", RoleKind.GRASSROOTS_INSPECTION_OFFICER, grassroots,
        _user("kiemtracs", member=None, first_name="Cán bộ", last_name="Ủy ban Kiểm tra cơ sở"))  # fmt: skip
    secretary = _seat_holder(cell, CommitteePosition.SECRETARY)
    if secretary is not None and officer is not None and secretary.pk == officer.pk:
        secretary = None  # one member, one login
    add("chibo", RoleKind.CELL_SECRETARY, cell, _user("chibo", member=secretary))
    taken = [m.pk for m in (officer, secretary) if m is not None]
    plain = (
        Member.objects.filter(organization=cell, status=MemberStatus.FULL, user__isnull=True, committee_seats=None)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    add("dangvien", RoleKind.MEMBER, cell, _user("dangvien", member=plain))
    return accounts


def create_admin() -> User:
    """The superuser for /quan-tri/ only: never for daily work."""
    return User.objects.create_superuser(username=ADMIN_USERNAME, password=ADMIN_PASSWORD, email="")


DEMO_USERNAMES = ["bantochuc", "kiemtra", "vanphong", "tuyengiao", "coso", "kiemtracs", "chibo", "dangvien"]


def existing_demo_accounts() -> list[DemoAccount]:
    """The demo accounts already in the database (to print them again on a later start)."""
    roles = {
        r.user.username: r
        for r in Role.objects.filter(user__username__in=DEMO_USERNAMES).select_related("user", "organization")
    }
    accounts = []
    for username in DEMO_USERNAMES:
        role = roles.get(username)
        if role is not None:
            person = role.user.get_full_name() if Member.objects.filter(user=role.user).exists() else ""
            accounts.append(DemoAccount(username, role.kind, role.organization.name, person))
    return accounts
