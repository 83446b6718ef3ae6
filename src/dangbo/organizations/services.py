"""Writes to the party tree. Restructuring operations live in `dangbo.structure.restructuring`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import DomainError
from dangbo.core.text import normalize_search, sort_key_for

from .enums import ALLOWED_CHILDREN, OrgKind
from .models import Organization, OrganizationPeriod, Restructuring, path_segment

AUDITED_FIELDS = ["code", "name", "short_name", "kind", "org_type", "parent_id", "founded_on", "dissolved_on"]


def fill_derived_fields(org: Organization) -> None:
    """Search and sort keys follow the name (also call this on bulk paths that skip `save`)."""
    org.search_name = normalize_search(f"{org.name} {org.short_name} {org.code}")
    org.sort_key = sort_key_for(org.name)


def check_parent_allowed(*, kind: str, parent: Organization | None) -> None:
    if parent is None:
        if kind != OrgKind.UPPER:
            raise DomainError("Chỉ đảng bộ cấp trên cơ sở mới được đứng đầu cây tổ chức.", field="parent")
        return
    if not parent.is_active:
        raise DomainError(f"Tổ chức cấp trên “{parent.name}” đã giải thể.", field="parent")
    if kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
        raise DomainError(
            f"“{OrgKind(kind).label}” không thể trực thuộc “{OrgKind(parent.kind).label}”.", field="parent"
        )


@transaction.atomic
def create_organization(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    founded_on: dt.date,
    org_type: str = "other",
    short_name: str = "",
    restructuring: Restructuring | None = None,
    audit: bool = True,
) -> Organization:
    """Create an organization with its first history period.

    Steps: validate the kind under the parent and the code's uniqueness; save; set the materialized
    path from the new id; open the first `OrganizationPeriod`; write the audit entry.
    """
    code = code.strip()
    name = " ".join(name.split())
    if not code or not name:
        raise DomainError("Mã và tên tổ chức không được để trống.")
    if kind not in OrgKind.values:
        raise DomainError(f"Loại tổ chức “{kind}” không hợp lệ.", field="kind")
    check_parent_allowed(kind=kind, parent=parent)
    if parent is not None and founded_on < parent.founded_on:
        raise DomainError("Ngày thành lập không được trước ngày thành lập của tổ chức cấp trên.", field="founded_on")
    if Organization.objects.filter(code=code).exists():
        raise DomainError(f"Mã tổ chức “{code}” đã được dùng.", field="code")
    org = Organization(
        code=code, name=name, short_name=short_name, kind=kind, org_type=org_type, parent=parent, founded_on=founded_on
    )
    fill_derived_fields(org)
    org.path = ""
    org.save()
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.depth = parent.depth + 1 if parent else 0
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    OrganizationPeriod.objects.create(
        organization=org, name=name, parent=parent, valid_from=founded_on, restructuring=restructuring
    )
    if audit:
        log_action(
            "organizations.organization.created",
            actor=actor,
            object_type="organization",
            object_id=org.pk,
            object_repr=org.name,
            scope_path=org.path,
            after=snapshot(org, AUDITED_FIELDS),
        )
    return org


@transaction.atomic
def update_organization(
    *, actor: Any, org: Organization, expected_version: int, short_name: str, org_type: str
) -> Organization:
    """Edit the fields that carry no history (name and parent change only by restructuring)."""
    locked = Organization.objects.select_for_update().get(pk=org.pk)
    if locked.version != expected_version:
        from dangbo.core.errors import ConcurrentEditError

        raise ConcurrentEditError()
    before = snapshot(locked, AUDITED_FIELDS)
    locked.short_name = short_name
    locked.org_type = org_type
    locked.version += 1
    fill_derived_fields(locked)
    locked.save()
    log_action(
        "organizations.organization.updated",
        actor=actor,
        object_type="organization",
        object_id=locked.pk,
        object_repr=locked.name,
        scope_path=locked.path,
        before=before,
        after=snapshot(locked, AUDITED_FIELDS),
    )
    return locked
