"""Writes to committees (cấp ủy), their seats, and oversight assignments (phụ trách cơ sở).

Ending a term and restoring one ended by mistake live in `terms.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, OversightAssignment

COMMITTEE_FIELDS = ["term_label", "term_start", "term_end", "secretary_is_head"]


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _log(
    action: str, *, actor: Any, org: Organization, before: Any = None, after: Any = None, data: Any = None
) -> None:
    """Committee changes are written on the organization's history (object type "organization")."""
    log_action(
        f"organizations.{action}",
        actor=actor,
        object_type="organization",
        object_id=org.pk,
        object_repr=org.name,
        scope_path=org.path,
        before=before,
        after=after,
        data=data,
    )


def _close(record: CommitteeSeat | OversightAssignment, *, end: dt.date, what: str) -> None:
    """End a dated record (seat or oversight) on `end`, exclusive: it must still be open and `end` after its start."""
    if record.end is not None:
        raise DomainError(f"{what} đã kết thúc ngày {_d(record.end)}.", field="end")
    if end <= record.start:
        raise DomainError(f"Ngày kết thúc phải sau ngày bắt đầu ({_d(record.start)}).", field="end")
    record.end = end
    record.save(update_fields=["end"])


@transaction.atomic
def create_committee(
    *,
    actor: Any,
    organization: Organization,
    term_label: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    secretary_is_head: bool = False,
) -> Committee:
    """Open a committee for a new term.

    Steps: check the organization is active, the label, that the term ends after it starts and does not
    begin before the previous committee's term has ended (an open-ended previous term is closed on the new
    term's first day, with its open seats); save; audit.
    """
    term_label = term_label.strip()
    if not term_label:
        raise DomainError("Nhiệm kỳ không được để trống (ví dụ: 2025–2030).", field="term_label")
    if not organization.is_active:
        raise DomainError(f"“{organization.name}” đã giải thể.")
    if term_end is not None and term_end <= term_start:
        raise DomainError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="term_end")
    if term_start < organization.founded_on:
        raise DomainError("Nhiệm kỳ không được bắt đầu trước ngày thành lập tổ chức.", field="term_start")
    previous = Committee.objects.select_for_update().filter(organization=organization).order_by("-term_start").first()
    if previous is not None:
        if term_start <= previous.term_start:
            raise DomainError(
                f"Nhiệm kỳ mới phải bắt đầu sau nhiệm kỳ {previous.term_label} (từ {_d(previous.term_start)}).",
                field="term_start",
            )
        if previous.term_end is None:
            previous.term_end = term_start
            previous.version += 1
            previous.save(update_fields=["term_end", "version", "updated_at"])
            previous.seats.filter(end__isnull=True).update(end=term_start)
        elif previous.term_end > term_start:
            raise DomainError(
                f"Nhiệm kỳ {previous.term_label} kết thúc ngày {_d(previous.term_end)}: "
                "nhiệm kỳ mới không được bắt đầu trước ngày đó.",
                field="term_start",
            )
    committee = Committee.objects.create(
        organization=organization,
        term_label=term_label,
        term_start=term_start,
        term_end=term_end,
        secretary_is_head=secretary_is_head,
    )
    _log(
        "committee.created",
        actor=actor,
        org=organization,
        after={"committee_id": committee.pk, **snapshot(committee, COMMITTEE_FIELDS)},
    )
    return committee


@transaction.atomic
def update_committee(
    *,
    actor: Any,
    committee: Committee,
    expected_version: int,
    term_label: str,
    term_end: dt.date | None,
    secretary_is_head: bool,
) -> Committee:
    """Edit the term label, its end and the "secretary is also head" flag; a stale version is refused."""
    locked = Committee.objects.select_for_update().select_related("organization").get(pk=committee.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    term_label = term_label.strip()
    if not term_label:
        raise DomainError("Nhiệm kỳ không được để trống (ví dụ: 2025–2030).", field="term_label")
    if term_end is not None and term_end <= locked.term_start:
        raise DomainError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="term_end")
    before = snapshot(locked, COMMITTEE_FIELDS)
    locked.term_label = term_label
    locked.term_end = term_end
    locked.secretary_is_head = secretary_is_head
    locked.version += 1
    locked.save()
    _log(
        "committee.updated",
        actor=actor,
        org=locked.organization,
        before=before,
        after=snapshot(locked, COMMITTEE_FIELDS),
        data={"committee_id": locked.pk},
    )
    return locked


@transaction.atomic
def add_seat(*, actor: Any, committee: Committee, member: Member, position: str, start: dt.date) -> CommitteeSeat:
    """Seat a member on the committee.

    Steps: check the position; the date lies within the term; the member belongs to the organization's
    subtree, is on the rolls and is a full member (probationary members cannot stand for election); the
    member holds no open seat in this committee; only one secretary at a time; save; audit.
    """
    committee = Committee.objects.select_for_update().select_related("organization").get(pk=committee.pk)
    org = committee.organization
    if position not in CommitteePosition.values:
        raise DomainError(f"Chức vụ “{position}” không hợp lệ.", field="position")
    if start < committee.term_start or (committee.term_end is not None and start >= committee.term_end):
        raise DomainError("Ngày bắt đầu phải nằm trong nhiệm kỳ của cấp ủy.", field="start")
    member = Member.objects.select_related("organization").get(pk=member.pk)
    if not member.organization.path.startswith(org.path):
        raise DomainError(f"Đảng viên {member.full_name} không sinh hoạt trong “{org.name}”.", field="member")
    if member.status not in ON_ROLLS:
        raise DomainError(f"Đảng viên {member.full_name} không còn trong danh sách đảng viên.", field="member")
    if member.status == MemberStatus.PROBATIONARY:
        raise DomainError("Đảng viên dự bị không được bầu vào cấp ủy.", field="member")
    if committee.seats.filter(member=member, end__isnull=True).exists():
        raise DomainError(f"Đảng viên {member.full_name} đang là cấp ủy viên của cấp ủy này.", field="member")
    if position == CommitteePosition.SECRETARY:
        current = committee.seats.filter(position=CommitteePosition.SECRETARY, end__isnull=True).first()
        if current is not None:
            raise DomainError(
                f"Cấp ủy đã có Bí thư ({current.member.full_name}): hãy kết thúc chức vụ đó trước.", field="position"
            )
    seat = CommitteeSeat.objects.create(committee=committee, member=member, position=position, start=start)
    _log(
        "committee.seat_added",
        actor=actor,
        org=org,
        after={
            "seat_id": seat.pk,
            "member_id": member.pk,
            "member": member.full_name,
            "position": position,
            "start": start.isoformat(),
        },
        data={"committee_id": committee.pk},
    )
    return seat


@transaction.atomic
def end_seat(*, actor: Any, seat: CommitteeSeat, end: dt.date) -> CommitteeSeat:
    """End a seat on `end` (exclusive): the seat must be open and `end` after its start."""
    seat = CommitteeSeat.objects.select_for_update().select_related("committee__organization", "member").get(pk=seat.pk)
    _close(seat, end=end, what="Chức vụ")
    _log(
        "committee.seat_ended",
        actor=actor,
        org=seat.committee.organization,
        before={"seat_id": seat.pk, "end": None},
        after={"seat_id": seat.pk, "end": end.isoformat()},
        data={"member_id": seat.member_id, "member": seat.member.full_name, "position": seat.position},
    )
    return seat


def upper_committee_seats(organization: Organization, *, on: dt.date) -> Q:
    """Seats (open on `on`) in committees of organizations strictly above `organization`."""
    ancestors = [p for p in organization.ancestor_paths() if p != organization.path]
    return Q(
        committee__organization__path__in=ancestors,
        start__lte=on,
    ) & (Q(end__isnull=True) | Q(end__gt=on))


@transaction.atomic
def assign_oversight(
    *, actor: Any, organization: Organization, member: Member, start: dt.date, note: str = ""
) -> OversightAssignment:
    """Assign an upper-level committee member to follow `organization`.

    Steps: the organization is active; the member holds a seat, on `start`, in the committee of an
    organization above it; no open assignment of the same member to the same unit; save; audit.
    """
    if not organization.is_active:
        raise DomainError(f"“{organization.name}” đã giải thể.")
    if not CommitteeSeat.objects.filter(upper_committee_seats(organization, on=start), member=member).exists():
        raise DomainError(
            f"Đảng viên {member.full_name} không phải cấp ủy viên cấp trên của “{organization.name}” "
            f"vào ngày {_d(start)}.",
            field="member",
        )
    if OversightAssignment.objects.filter(organization=organization, member=member, end__isnull=True).exists():
        raise DomainError(f"Đảng viên {member.full_name} đang phụ trách “{organization.name}”.", field="member")
    assignment = OversightAssignment.objects.create(
        organization=organization, member=member, start=start, note=note.strip()
    )
    _log(
        "oversight.assigned",
        actor=actor,
        org=organization,
        after={
            "assignment_id": assignment.pk,
            "member_id": member.pk,
            "member": member.full_name,
            "start": start.isoformat(),
        },
    )
    return assignment


@transaction.atomic
def end_oversight(*, actor: Any, assignment: OversightAssignment, end: dt.date) -> OversightAssignment:
    """End an oversight assignment on `end` (after its start)."""
    assignment = (
        OversightAssignment.objects.select_for_update().select_related("organization", "member").get(pk=assignment.pk)
    )
    _close(assignment, end=end, what="Phân công")
    _log(
        "oversight.ended",
        actor=actor,
        org=assignment.organization,
        after={"assignment_id": assignment.pk, "end": end.isoformat()},
        data={"member_id": assignment.member_id, "member": assignment.member.full_name},
    )
    return assignment
