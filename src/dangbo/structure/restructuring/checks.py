"""Checks shared by the restructuring operations. They only read: each raises a `DomainError`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dangbo.core.errors import DomainError
from dangbo.organizations.enums import ALLOWED_CHILDREN, OrgKind
from dangbo.organizations.models import Organization, OrganizationPeriod


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_active(org: Organization) -> None:
    if not org.is_active:
        raise DomainError(f"“{org.name}” đã giải thể ngày {_d(org.dissolved_on)}.")  # type: ignore[arg-type]


def _check_effective_date(org: Organization, day: dt.date) -> None:
    """The effective date may not precede the organization's founding nor the start of its current period."""
    if day < org.founded_on:
        raise DomainError(
            f"Ngày hiệu lực phải từ ngày thành lập của “{org.name}” ({_d(org.founded_on)}) trở đi.",
            field="effective_date",
        )
    current = OrganizationPeriod.objects.filter(organization=org, valid_to__isnull=True).first()
    if current is not None and day < current.valid_from:
        raise DomainError(
            f"“{org.name}” đã có thay đổi từ ngày {_d(current.valid_from)}: ngày hiệu lực không được trước ngày đó.",
            field="effective_date",
        )


def _check_founded_by(receiver: Organization, day: dt.date) -> None:
    """The organization that receives units on the effective date must exist on that date."""
    if day < receiver.founded_on:
        raise DomainError(
            f"“{receiver.name}” thành lập ngày {_d(receiver.founded_on)}, sau ngày hiệu lực.", field="effective_date"
        )


def _check_not_inside(candidate: Organization, org: Organization, *, what: str) -> None:
    """Refuse `candidate` when it is `org` itself or one of its descendants."""
    if candidate.path.startswith(org.path):
        raise DomainError(
            f"Không thể chọn “{candidate.name}” làm {what}: đó là chính “{org.name}” hoặc tổ chức cấp dưới của nó.",
            field="parent",
        )


def _check_member_destination(dest: Organization, *, sources: Iterable[Organization]) -> None:
    if not dest.holds_members:
        raise DomainError(
            f"“{dest.name}” không phải chi bộ: đảng viên chỉ sinh hoạt tại chi bộ trực thuộc hoặc chi bộ cơ sở.",
            field="members_to",
        )
    _check_active(dest)
    if any(dest.pk == s.pk for s in sources):
        raise DomainError(
            f"Không thể chuyển đảng viên về “{dest.name}” vì tổ chức này sẽ giải thể.", field="members_to"
        )


def _check_children_fit(children: Sequence[Organization], parent: Organization) -> None:
    for child in children:
        if child.kind not in _allowed_under(parent):
            raise DomainError(
                f"“{child.name}” ({OrgKind(child.kind).label}) không thể trực thuộc "
                f"“{parent.name}” ({OrgKind(parent.kind).label}).",
                field="parent",
            )


def _allowed_under(parent: Organization) -> set[str]:
    return {str(k) for k in ALLOWED_CHILDREN[OrgKind(parent.kind)]}
