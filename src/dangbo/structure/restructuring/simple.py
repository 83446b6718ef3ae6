"""Operations that keep the organization: rename (đổi tên) and re-parent (chuyển giao)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from dangbo.core.audit import snapshot
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import RestructuringKind
from dangbo.organizations.models import Organization
from dangbo.organizations.services import check_parent_allowed, fill_derived_fields

from .checks import _check_active, _check_effective_date, _check_founded_by, _check_not_inside
from .steps import Decision, _audit, _begin_period, _lock, _move_under, _start_restructuring


@transaction.atomic
def rename(
    *,
    actor: Any,
    org: Organization,
    new_name: str,
    effective_date: dt.date,
    decision: Decision | None = None,
    short_name: str | None = None,
) -> Organization:
    """Đổi tên: give the organization a new name from the effective date.

    Steps: lock; check the name (not empty, not unchanged), that the organization is active and the date;
    record the restructuring; close the open period and open one with the new name; save name and search
    keys; audit.
    """
    decision = decision or Decision()
    org = _lock(org)
    new_name = " ".join(new_name.split())
    if not new_name:
        raise DomainError("Tên mới không được để trống.", field="new_name")
    _check_active(org)
    if new_name == org.name and (short_name is None or short_name == org.short_name):
        raise DomainError(f"Tổ chức đã mang tên “{new_name}”.", field="new_name")
    _check_effective_date(org, effective_date)
    before = snapshot(org, ["name", "short_name"])
    r = _start_restructuring(
        kind=RestructuringKind.RENAME,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={"old_name": org.name, "new_name": new_name},
    )
    r.sources.add(org)
    r.results.add(org)
    _begin_period(org, on=effective_date, name=new_name, parent=org.parent, restructuring=r)
    org.name = new_name
    if short_name is not None:
        org.short_name = short_name.strip()
    org.version += 1
    fill_derived_fields(org)
    org.save(update_fields=["name", "short_name", "search_name", "sort_key", "version", "updated_at"])
    _audit(
        RestructuringKind.RENAME,
        actor=actor,
        org=org,
        restructuring=r,
        before=before,
        after=snapshot(org, ["name", "short_name"]),
    )
    return org


@transaction.atomic
def reparent(
    *,
    actor: Any,
    org: Organization,
    new_parent: Organization,
    effective_date: dt.date,
    decision: Decision | None = None,
) -> Organization:
    """Chuyển giao: hand the organization, with its whole subtree, members included, to another parent.

    Steps: lock both; refuse an unchanged parent, a parent inside the subtree (itself or a descendant), a
    dissolved parent or one whose kind cannot hold this kind, and a date before either's current period;
    record the restructuring; close and open the period with the new parent; rewrite path and depth of
    the whole subtree; audit. Members stay in their cells, which move with the subtree.
    """
    decision = decision or Decision()
    org = _lock(org)
    new_parent = _lock(new_parent)
    _check_active(org)
    if org.parent_id == new_parent.pk:
        raise DomainError(f"“{org.name}” đã trực thuộc “{new_parent.name}”.", field="parent")
    _check_not_inside(new_parent, org, what="tổ chức cấp trên mới")
    check_parent_allowed(kind=org.kind, parent=new_parent)
    _check_effective_date(org, effective_date)
    _check_founded_by(new_parent, effective_date)
    old_parent = org.parent
    r = _start_restructuring(
        kind=RestructuringKind.REPARENT,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={
            "from_parent_id": old_parent.pk if old_parent else None,
            "from_parent": old_parent.name if old_parent else "",
            "to_parent_id": new_parent.pk,
            "to_parent": new_parent.name,
        },
    )
    r.sources.add(org)
    r.results.add(org)
    change = _move_under(org, new_parent, on=effective_date, restructuring=r)
    _audit(
        RestructuringKind.REPARENT,
        actor=actor,
        org=org,
        restructuring=r,
        before=change["before"],
        after=change["after"],
        data={"subtree_size": change["subtree_size"]},
    )
    return org
