"""The checks a discipline decision passes before it is written, each refusing with a Vietnamese message that names
its rule: the form fits the subject, a dismissal has a post to take, the vote reached the form's threshold, the
deciding organization is a competent level, the violation is within its limitation period, the dates are sane.
Pure reads: they write nothing."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization

from .enums import DisciplineForm, SubjectClass, ViolationKind
from .params import DisciplineRules
from .selectors import later_violations_of, limitation_ends

# The party was founded on 3/2/1930: no party decision or violation is dated before it.
EARLIEST = dt.date(1930, 2, 3)


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def percent(part: int, whole: int) -> str:
    """72,7% (one decimal, the Vietnamese decimal comma)."""
    return f"{part * 100 / whole:.1f}".replace(".", ",") + "%"


def member_status_on(member: Member, day: dt.date) -> str:
    """The member's status on `day` from the dated history (the current status when no period covers it)."""
    period = (
        MemberStatusPeriod.objects.filter(member=member, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .order_by("-start", "-id")
        .first()
    )
    return period.status if period is not None else member.status


def member_cell_on(member: Member, day: dt.date) -> Organization:
    """The cell the member belonged to on `day` (the current cell when no membership covers it)."""
    membership = (
        CellMembership.objects.filter(member=member, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .select_related("organization")
        .order_by("-start", "-id")
        .first()
    )
    return membership.organization if membership is not None else member.organization


def subject_class(member: Member | None, day: dt.date) -> str:
    if member is None:
        return SubjectClass.ORGANIZATION
    return (
        SubjectClass.PROBATIONARY if member_status_on(member, day) == MemberStatus.PROBATIONARY else SubjectClass.MEMBER
    )


def label(form: str) -> str:
    return str(DisciplineForm(form).label).lower()


def check_form(*, form: str, subject: str, rules: DisciplineRules) -> None:
    if form not in DisciplineForm.values:
        raise DomainError(f"Hình thức kỷ luật “{form}” không hợp lệ.", field="form")
    allowed = rules.forms_for(subject)
    if form in allowed:
        return
    who = {
        SubjectClass.MEMBER: "Đảng viên",
        SubjectClass.PROBATIONARY: "Đảng viên dự bị",
        SubjectClass.ORGANIZATION: "Tổ chức đảng",
    }[SubjectClass(subject)]
    names = ", ".join(label(f) for f in allowed)
    raise DomainError(
        rules.forms_source.cite(
            f"{who} không thể bị kỷ luật bằng hình thức “{DisciplineForm(form).label}”: {who.lower()} chỉ bị {names}"
        )
        + ".",
        field="form",
    )


def holds_post(member: Member, day: dt.date) -> str | None:
    """The post the member held on `day` (a committee seat open that day, else the position on the member sheet),
    or None."""
    seat = (
        CommitteeSeat.objects.filter(member=member, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("committee__organization")
        .first()
    )
    if seat is not None:
        return f"{seat.get_position_display()} {seat.committee.organization.name}"
    return member.position.strip() or None


def check_post(*, form: str, member: Member | None, day: dt.date, rules: DisciplineRules) -> None:
    if member is None or form not in rules.post_required:
        return
    if holds_post(member, day) is None:
        raise DomainError(
            rules.forms_source.cite(
                f"Không thể {label(form)} đồng chí {member.full_name}: ngày {vn(day)} đồng chí không giữ chức vụ nào "
                "(không là cấp ủy viên, phiếu đảng viên không ghi chức vụ); hình thức cách chức chỉ áp dụng với "
                "đảng viên có chức vụ"
            )
            + ".",
            field="form",
        )


def check_votes(*, form: str, votes_for: int | None, voters_entitled: int | None, rules: DisciplineRules) -> None:
    """Both counts or neither (a decision recorded from the paper files); for not over entitled; the threshold met."""
    if votes_for is None and voters_entitled is None:
        return
    if votes_for is None or voters_entitled is None:
        field = "votes_for" if votes_for is None else "voters_entitled"
        raise DomainError("Cần ghi cả số phiếu tán thành và số thành viên có quyền biểu quyết.", field=field)
    if voters_entitled < 1 or votes_for < 0:
        raise DomainError("Số thành viên có quyền biểu quyết phải ít nhất là 1.", field="voters_entitled")
    if votes_for > voters_entitled:
        raise DomainError(
            f"Số phiếu tán thành ({votes_for}) không được lớn hơn số thành viên có quyền biểu quyết "
            f"({voters_entitled}).",
            field="votes_for",
        )
    if not rules.vote_passes(form, votes_for, voters_entitled):
        words = rules.votes[form][2]
        raise DomainError(
            rules.votes_source.cite(
                f"Quyết định {label(form)} cần {words} số thành viên có quyền biểu quyết tán thành; "
                f"{votes_for}/{voters_entitled} phiếu ({percent(votes_for, voters_entitled)}) chưa đạt"
            )
            + ".",
            field="votes_for",
        )


def require_votes(*, votes_for: int | None, voters_entitled: int | None, paper_record: bool, note: str) -> None:
    """A decision taken now is recorded with its vote (Điều lệ Đảng, Điều 38: the vote decides it); only a decision
    copied from the paper files may leave the vote blank, and its note then says where it comes from. The pages and
    the API apply this; `record_discipline` itself accepts a blank vote for the imports and older callers."""
    if paper_record:
        if not (note or "").strip():
            raise DomainError(
                "Quyết định ghi lại từ hồ sơ giấy cần ghi chú nguồn hồ sơ (số, ngày văn bản lưu trữ).", field="note"
            )
        return
    if votes_for is None or voters_entitled is None:
        raise DomainError(
            "Cần ghi số phiếu tán thành và số thành viên có quyền biểu quyết (Điều lệ Đảng, Điều 38); chỉ để trống "
            "khi ghi lại quyết định từ hồ sơ giấy.",
            field="votes_for" if votes_for is None else "voters_entitled",
        )


def check_competence(
    *, form: str, deciding: Organization, unit: Organization, organization_subject: bool, rules: DisciplineRules
) -> None:
    """A member is disciplined by their cell or a level above it, an organization only by a level above it; and
    the deciding organization's kind may decide this form (the rule set's competence tables)."""
    covers = unit.path.startswith(deciding.path)
    who = "tổ chức đảng" if organization_subject else "đảng viên"
    level = "tổ chức đảng cấp trên" if organization_subject else "chi bộ của đảng viên hoặc tổ chức đảng cấp trên"
    if not covers or (organization_subject and deciding.pk == unit.pk):
        raise DomainError(
            f"“{deciding.name}” không phải cấp có thẩm quyền kỷ luật {who} thuộc “{unit.name}”: "
            f"cấp ra quyết định phải là {level}.",
            field="deciding_organization",
        )
    allowed = rules.competent_forms(deciding.kind, organization_subject=organization_subject)
    if form in allowed:
        return
    source = rules.competence_organization_source if organization_subject else rules.competence_member_source
    kind = OrgKind(deciding.kind).label
    can = ", ".join(label(f) for f in allowed) if allowed else "không hình thức nào"
    raise DomainError(
        source.cite(
            f"{kind} “{deciding.name}” không có thẩm quyền quyết định {label(form)} {who}: cấp này chỉ quyết định "
            f"{can}; cần cấp ủy cấp trên quyết định"
        )
        + ".",
        field="deciding_organization",
    )


def check_limitation(
    *,
    form: str,
    violation_kind: str,
    violation_date: dt.date,
    concluded_on: dt.date,
    member: Member | None,
    organization: Organization | None,
    rules: DisciplineRules,
) -> None:
    if violation_kind not in ViolationKind.values:
        raise DomainError(f"Loại vi phạm “{violation_kind}” không hợp lệ.", field="violation_kind")
    later = later_violations_of(member=member, organization=organization, after=violation_date)
    ends = limitation_ends(violation_date, violation_kind, form, rules, later_violations=later)
    if ends is None or concluded_on <= ends:
        return
    years = rules.limitation_years[form]
    raise DomainError(
        rules.limitation_source.cite(
            f"Vi phạm ngày {vn(violation_date)} đã hết thời hiệu xử lý kỷ luật: vi phạm đến mức {label(form)} có "
            f"thời hiệu {years} năm, hết ngày {vn(ends)}, nay kết luận ngày {vn(concluded_on)}"
        )
        + ".",
        field="violation_date",
    )


def check_day(day: dt.date | None, what: str, *, today: dt.date, field: str, not_before: dt.date = EARLIEST) -> None:
    if day is None:
        return
    if day < not_before:
        raise DomainError(
            f"{what[0].upper()}{what[1:]} ({vn(day)}) không được trước ngày {vn(not_before)}.", field=field
        )
    if day > today:
        raise DomainError(
            f"{what[0].upper()}{what[1:]} ({vn(day)}) không được sau ngày hôm nay ({vn(today)}).", field=field
        )
