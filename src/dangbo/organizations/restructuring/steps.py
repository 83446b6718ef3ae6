"""Steps shared by the restructuring operations: locks and reads, the record, periods, moves, dissolution, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.members import services as member_services
from dangbo.members.models import Member

from ..enums import RestructuringKind
from ..models import CommitteeSeat, Organization, OrganizationPeriod, OversightAssignment, Restructuring, path_segment


@dataclass(frozen=True)
class Decision:
    """The decision that ordered a restructuring (number, date of signature, free note)."""

    number: str = ""
    date: dt.date | None = None
    note: str = ""


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
