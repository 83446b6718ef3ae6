"""Steps shared by the restructuring operations: locks and reads, the record, periods, moves, dissolution, audit.

Merge, absorb, split and dissolve all end with the same step, `_transfer_and_dissolve`: the units and
members of the organizations that end are handed over, those organizations are dissolved, and the
restructuring records what moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import DomainError
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.organizations.enums import RestructuringKind
from dangbo.organizations.models import (
    CommitteeSeat,
    Organization,
    OrganizationPeriod,
    OversightAssignment,
    Restructuring,
    path_segment,
)
from dangbo.organizations.services import AUDITED_FIELDS


@dataclass(frozen=True)
class Decision:
    """The decision that ordered a restructuring (number, date of signature, free note)."""

    number: str = ""
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """Children and members handed over by the organizations that end, with where each group goes.

    A destination may be None only when its group is empty: each operation checks that before writing.
    """

    children: Sequence[Organization]
    children_to: Organization | None
    members: Sequence[Member]
    members_to: Organization | None


def _lock(org: Organization) -> Organization:
    """Re-read the organization under a row lock: its path and version may have changed since it was loaded."""
    return Organization.objects.select_for_update().get(pk=org.pk)


def _open_members(org: Organization) -> QuerySet[Member]:
    """Members whose open cell membership is in `org` (those a restructuring has to move)."""
    return Member.objects.filter(memberships__organization=org, memberships__end__isnull=True).order_by("pk")


def _active_children(org: Organization) -> list[Organization]:
    return list(Organization.objects.filter(parent=org, dissolved_on__isnull=True).order_by("sort_key"))


def _start_restructuring(
    *,
    kind: str,
    actor: Any,
    effective_date: dt.date,
    decision: Decision,
    details: dict[str, Any],
) -> Restructuring:
    return Restructuring.objects.create(
        kind=kind,
        effective_date=effective_date,
        decision_number=decision.number.strip(),
        decision_date=decision.date,
        note=decision.note.strip(),
        details=details,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _begin_period(
    org: Organization, *, on: dt.date, name: str, parent: Organization | None, restructuring: Restructuring
) -> None:
    """Close the open period on `on` and open the next one (or amend it when it began that same day)."""
    current = OrganizationPeriod.objects.select_for_update().filter(organization=org, valid_to__isnull=True).first()
    if current is not None and current.valid_from == on:
        current.name = name
        current.parent = parent
        current.restructuring = restructuring
        current.save(update_fields=["name", "parent", "restructuring"])
        return
    if current is not None:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    OrganizationPeriod.objects.create(
        organization=org, name=name, parent=parent, valid_from=on, restructuring=restructuring
    )


def _rewrite_subtree_paths(*, old_path: str, new_path: str, depth_delta: int) -> int:
    """Replace the prefix `old_path` by `new_path` in the whole subtree with one UPDATE (SQLite and PostgreSQL)."""
    return Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField()),
        depth=F("depth") + depth_delta,
    )


def _move_under(
    org: Organization, new_parent: Organization, *, on: dt.date, restructuring: Restructuring
) -> dict[str, Any]:
    """Hang `org` (and its subtree) under `new_parent`: period, parent, path and depth. Returns the audit diff."""
    before = {"parent_id": org.parent_id, "path": org.path}
    _begin_period(org, on=on, name=org.name, parent=new_parent, restructuring=restructuring)
    old_path = org.path
    new_path = new_parent.path + path_segment(org.pk)
    depth_delta = new_parent.depth + 1 - org.depth
    Organization.objects.filter(pk=org.pk).update(parent=new_parent, version=F("version") + 1)
    moved = _rewrite_subtree_paths(old_path=old_path, new_path=new_path, depth_delta=depth_delta)
    org.parent = new_parent
    org.path = new_path
    org.depth = new_parent.depth + 1
    org.version += 1
    return {"before": before, "after": {"parent_id": new_parent.pk, "path": new_path}, "subtree_size": moved}


def _move_children(
    kind: str, children: Sequence[Organization], dest: Organization | None, *, actor: Any, restructuring: Restructuring
) -> list[int]:
    """Hang each child under `dest`, with one audit entry each (role "moved_child"). Returns the moved ids."""
    if not children:
        return []
    if dest is None:  # each operation checks this before writing anything
        raise DomainError("Chưa chọn tổ chức tiếp nhận các tổ chức trực thuộc.", field="children_to")
    for child in children:
        change = _move_under(child, dest, on=restructuring.effective_date, restructuring=restructuring)
        _audit(
            kind,
            actor=actor,
            org=child,
            restructuring=restructuring,
            before=change["before"],
            after=change["after"],
            data={"role": "moved_child"},
        )
    return [c.pk for c in children]


def _move_members(
    members: Sequence[Member], dest: Organization | None, *, actor: Any, on: dt.date, reason: str
) -> list[int]:
    moved: list[int] = []
    if not members:
        return moved
    if dest is None:  # each operation checks this before writing anything
        raise DomainError("Chưa chọn chi bộ tiếp nhận đảng viên.", field="members_to")
    dest = Organization.objects.get(pk=dest.pk)  # its path may have just changed with a moved subtree
    for member in members:
        member_services.move_to_cell(actor=actor, member=member, organization=dest, on=on, reason=reason)
        moved.append(member.pk)
    return moved


def _mark_dissolved(org: Organization, *, on: dt.date) -> None:
    """Dissolve: close the open period, set `dissolved_on`, end the committee seats and oversight assignments."""
    OrganizationPeriod.objects.filter(organization=org, valid_to__isnull=True).update(valid_to=on)
    Organization.objects.filter(pk=org.pk).update(dissolved_on=on, version=F("version") + 1)
    org.dissolved_on = on
    org.version += 1
    CommitteeSeat.objects.filter(committee__organization=org, end__isnull=True).update(end=on)
    org.committees.filter(Q(term_end__isnull=True) | Q(term_end__gt=on), term_start__lte=on).update(term_end=on)
    OversightAssignment.objects.filter(organization=org, end__isnull=True).update(end=on)


def _audit(
    kind: str,
    *,
    actor: Any,
    org: Organization,
    restructuring: Restructuring,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    log_action(
        f"organizations.restructured.{kind}",
        actor=actor,
        object_type="organization",
        object_id=org.pk,
        object_repr=org.name,
        scope_path=org.path,
        before=before,
        after=after,
        data={
            "restructuring_id": restructuring.pk,
            "effective_date": restructuring.effective_date.isoformat(),
            "decision_number": restructuring.decision_number,
            **(data or {}),
        },
    )


def _reason(kind: str, restructuring: Restructuring) -> str:
    label = RestructuringKind(kind).label.lower()
    number = f" theo quyết định {restructuring.decision_number}" if restructuring.decision_number else ""
    return f"{label.capitalize()} tổ chức{number}"


def _transfer_and_dissolve(
    kind: str,
    *,
    actor: Any,
    restructuring: Restructuring,
    sources: Sequence[Organization],
    transfers: Sequence[Transfer],
    source_data: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Hand over the units and members of `sources`, dissolve them, record what moved.

    Steps: for each transfer, move its children under `children_to` (one audit entry each) and its members
    into `members_to` (dated cell membership, the operation named as the reason); dissolve every source
    (close its period, end its committees and oversight) and audit it (role "source", plus `source_data`);
    add `details` to the restructuring's details, by default the ids of the moved children and members.
    """
    moved_children: list[int] = []
    moved_members: list[int] = []
    for t in transfers:
        moved_children += _move_children(kind, t.children, t.children_to, actor=actor, restructuring=restructuring)
        moved_members += _move_members(
            t.members,
            t.members_to,
            actor=actor,
            on=restructuring.effective_date,
            reason=_reason(kind, restructuring),
        )
    for source in sources:
        before = snapshot(source, AUDITED_FIELDS)
        _mark_dissolved(source, on=restructuring.effective_date)
        _audit(
            kind,
            actor=actor,
            org=source,
            restructuring=restructuring,
            before=before,
            after=snapshot(source, AUDITED_FIELDS),
            data={"role": "source", **(source_data or {})},
        )
    if details is None:
        details = {"moved_children": moved_children, "moved_members": moved_members}
    restructuring.details = {**restructuring.details, **details}
    restructuring.save(update_fields=["details"])
