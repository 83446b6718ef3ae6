"""Writes of discipline decisions: one entry point, validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .enums import (
    MEMBER_FORMS,
    ORGANIZATION_FORMS,
    PROBATIONARY_MEMBER_FORMS,
    DisciplineForm,
)
from .models import Discipline

AUDITED_FIELDS = [
    "member_id",
    "organization_id",
    "form",
    "violation_date",
    "decision_date",
    "decision_number",
    "deciding_organization_id",
    "organization_at_decision_id",
    "note",
    "self_remedied",
]


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


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


def _check_form(*, form: str, member: Member | None, decision_date: dt.date) -> None:
    if form not in DisciplineForm.values:
        raise DomainError(f"Hình thức kỷ luật “{form}” không hợp lệ.", field="form")
    label = DisciplineForm(form).label
    if member is None:
        if form not in ORGANIZATION_FORMS:
            raise DomainError(
                f"Tổ chức đảng không thể bị kỷ luật bằng hình thức “{label}”: tổ chức đảng chỉ bị khiển trách, "
                "cảnh cáo hoặc giải tán (Điều lệ Đảng; Quy định 69-QĐ/TW).",
                field="form",
            )
        return
    if form not in MEMBER_FORMS:
        raise DomainError(
            f"Đảng viên không thể bị kỷ luật bằng hình thức “{label}”: đảng viên chỉ bị khiển trách, cảnh cáo, "
            "cách chức hoặc khai trừ (Điều lệ Đảng; Quy định 69-QĐ/TW).",
            field="form",
        )
    if form not in PROBATIONARY_MEMBER_FORMS and member_status_on(member, decision_date) == MemberStatus.PROBATIONARY:
        raise DomainError(
            f"Đảng viên dự bị không thể bị kỷ luật bằng hình thức “{label}”: đảng viên dự bị chỉ bị khiển trách "
            "hoặc cảnh cáo (Điều lệ Đảng; Quy định 69-QĐ/TW).",
            field="form",
        )


def _check_dates(*, violation_date: dt.date, decision_date: dt.date, today: dt.date) -> None:
    if decision_date < violation_date:
        raise DomainError(
            f"Ngày quyết định kỷ luật ({_vn(decision_date)}) không được trước ngày vi phạm ({_vn(violation_date)}).",
            field="decision_date",
        )
    if decision_date > today:
        raise DomainError(
            f"Ngày quyết định kỷ luật ({_vn(decision_date)}) không được sau ngày hôm nay ({_vn(today)}).",
            field="decision_date",
        )


def _check_deciding(*, deciding: Organization, unit: Organization, subject_is_member: bool) -> None:
    """A member is disciplined by their cell or a level above it; an organization only by a level above it."""
    covers = unit.path.startswith(deciding.path)
    if subject_is_member and covers:
        return
    if not subject_is_member and covers and deciding.pk != unit.pk:
        return
    who = "đảng viên" if subject_is_member else "tổ chức đảng"
    raise DomainError(
        f"“{deciding.name}” không phải cấp có thẩm quyền kỷ luật {who} thuộc “{unit.name}”: "
        "cấp ra quyết định phải là chi bộ của đảng viên hoặc tổ chức đảng cấp trên.",
        field="deciding_organization",
    )


@transaction.atomic
def record_discipline(
    *,
    actor: Any,
    form: str,
    violation_date: dt.date,
    decision_date: dt.date,
    decision_number: str,
    deciding_organization: Organization,
    member: Member | None = None,
    organization: Organization | None = None,
    note: str = "",
    self_remedied: bool = False,
    today: dt.date | None = None,
) -> Discipline:
    """Record a discipline decision against one member or one organization.

    Steps: check that exactly one subject is given; check the form fits the subject (organizations:
    reprimand, warning, dissolution; members: reprimand, warning, dismissal, expulsion; a member who
    was probationary on the decision date: reprimand or warning only); check the decision date is not
    before the violation nor in the future; find the unit at decision (the member's cell on that date,
    or the organization itself) and check the deciding organization is that unit or above it; refuse a
    second record of the same decision number for the same subject; save; write the audit entry.

    Recording the decision does not change the member's status: an expulsion is followed by the status
    change in the member registry.
    """
    today = today or timezone.localdate()
    if (member is None) == (organization is None):
        raise DomainError("Kỷ luật phải áp dụng cho đúng một đảng viên hoặc một tổ chức đảng.", field="member")
    decision_number = " ".join((decision_number or "").split())
    if not decision_number:
        raise DomainError("Số quyết định kỷ luật không được để trống.", field="decision_number")
    _check_form(form=form, member=member, decision_date=decision_date)
    _check_dates(violation_date=violation_date, decision_date=decision_date, today=today)
    if member is not None:
        unit = member_cell_on(member, decision_date)
        same_subject = Discipline.objects.filter(member=member)
    else:
        assert organization is not None
        unit = organization
        same_subject = Discipline.objects.filter(organization=organization)
    _check_deciding(deciding=deciding_organization, unit=unit, subject_is_member=member is not None)
    if same_subject.filter(decision_number=decision_number).exists():
        raise DomainError(
            f"Quyết định kỷ luật số “{decision_number}” đối với đối tượng này đã được ghi nhận.",
            field="decision_number",
        )
    discipline = Discipline.objects.create(
        member=member,
        organization=organization,
        form=form,
        violation_date=violation_date,
        decision_date=decision_date,
        decision_number=decision_number,
        deciding_organization=deciding_organization,
        organization_at_decision=unit,
        note=note.strip(),
        self_remedied=self_remedied,
    )
    log_action(
        "discipline.discipline.recorded",
        actor=actor,
        object_type="discipline",
        object_id=discipline.pk,
        object_repr=str(discipline),
        scope_path=unit.path,
        after=snapshot(discipline, AUDITED_FIELDS),
    )
    return discipline
