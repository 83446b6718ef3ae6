"""Designations: "model cell" (chi bộ kiểu mẫu) and "four-good" (bốn tốt) for a year, against a checklist.

Who does what (decided here, from the access roles):

- A checklist is configured by the committee of an upper-level or grassroots committee organization
  (an officer holding `manage_orgs` over it) and applies to that organization's whole subtree from its
  `year_from`. A unit's applicable checklist for year Y is the nearest one up its chain (its own
  organization first, then each ancestor) among those with `year_from` ≤ Y; at that organization the one
  with the greatest `year_from`. A checklist already used by a designation is never edited: a new one
  is issued from a later year instead, so every designation keeps the criteria it was judged on.
- A designation is made by the level above the unit: the grassroots committee designates its cells
  (`manage_orgs` over the cell's grassroots organization); the upper level (the bloc) designates the
  grassroots organizations, grassroots cells included (`manage_orgs` over the organization's parent).
  A cell's secretary holds no `manage_orgs` and designates nothing.
- "Model cell" applies to cells only (a cell under a committee, or a grassroots cell); "four-good" to
  cells and grassroots committees (Resolution 21; rules digest §7). A unit holds each designation at
  most once a year, and only for a year in which it existed (its `OrganizationPeriod` history, or its
  founding and dissolution dates when it has none).
- Every criterion of the checklist must be checked; the refusal names the ones missing. Evidence is
  optional: a PDF, JPG or PNG of at most 10 MB, its content checked against its type.
- Revoking deletes the designation (and its evidence file once the transaction commits), with the
  reason and the whole record in the audit entry.

Each designation keeps snapshots of the unit's path, grassroots organization and sector, taken when it
is made, as ratings do: the KPI roll-up (`dangbo.planning.kpi`) reads the model-cell share from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core import uploads
from dangbo.core.audit import log_action, log_denied, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization, OrganizationPeriod

from .enums import DesignationKind
from .models import Designation, DesignationChecklist

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG)
EVIDENCE_WORDING = {
    "extension": "Tệp minh chứng phải là PDF, JPG hoặc PNG.",
    "too_large": "Tệp minh chứng dung lượng {size} MB, vượt quá mức tối đa {limit} MB.",
    "not_declared": "Nội dung tệp minh chứng không phải là tệp {label} hợp lệ.",
}
CELL_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})
ELIGIBLE_KINDS: dict[str, frozenset[str]] = {
    DesignationKind.MODEL_CELL: CELL_KINDS,
    DesignationKind.FOUR_GOOD: CELL_KINDS | {OrgKind.GRASSROOTS_COMMITTEE},
}
CHECKLIST_ISSUER_KINDS = frozenset({OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE})
FIRST_YEAR = 2000
MAX_ITEMS = 50
MAX_ITEM_LENGTH = 500
_SEG = PATH_SEGMENT_WIDTH + 1
_AUDITED = ("year", "organization_id", "kind", "checklist_id", "checked_items", "evidence", "note", "unit_path",
            "grassroots_id", "org_type")  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Rules, shared with the forms and pages


def kind_label(kind: str) -> str:
    return str(DesignationKind(kind).label)


def may_hold(organization: Organization, kind: str) -> bool:
    """Whether an organization of this kind can hold the designation at all."""
    return organization.kind in ELIGIBLE_KINDS.get(kind, frozenset())


def kinds_for(organization: Organization) -> list[str]:
    return [k for k in DesignationKind.values if may_hold(organization, k)]


def acting_path(organization: Organization, *, grassroots_path: str | None = None) -> str:
    """The organization (by path) over which `manage_orgs` is needed to designate `organization`: its
    grassroots organization for a cell under a committee (looked up unless `grassroots_path` is given),
    its parent for a grassroots organization."""
    parent = organization.path[: len(organization.path) - _SEG]
    if organization.kind in GRASSROOTS_KINDS or not parent:
        return parent or organization.path
    if grassroots_path is None:
        grassroots_path = grassroots_path_of(organization)
    return grassroots_path if grassroots_path is not None else parent


def grassroots_path_of(organization: Organization) -> str | None:
    """The path of the grassroots organization at or above `organization` (one query unless it is one)."""
    if organization.kind in GRASSROOTS_KINDS:
        return organization.path
    return (
        Organization.objects.filter(path__in=organization.ancestor_paths(), kind__in=sorted(GRASSROOTS_KINDS))
        .values_list("path", flat=True)
        .first()
    )


def may_designate(scope: Scope, organization: Organization, *, grassroots_path: str | None = None) -> bool:
    if not kinds_for(organization) or not scope.has_right(Right.MANAGE_ORGS):
        return False
    return scope.covers_path(Right.MANAGE_ORGS, acting_path(organization, grassroots_path=grassroots_path))


def may_configure(scope: Scope, organization: Organization) -> bool:
    return organization.kind in CHECKLIST_ISSUER_KINDS and scope.covers_path(Right.MANAGE_ORGS, organization.path)


def existed_during(organization: Organization, year: int) -> bool:
    """Whether the organization existed on at least one day of `year` (periods: `valid_to` is exclusive)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = OrganizationPeriod.objects.filter(organization=organization)
    if periods.exists():
        return periods.filter(valid_from__lte=last).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first)).exists()
    dissolved = organization.dissolved_on
    return organization.founded_on <= last and (dissolved is None or dissolved > first)


def applicable_checklist(organization: Organization, kind: str, year: int) -> DesignationChecklist | None:
    """The checklist of `kind` that judges `organization` in `year`: the nearest organization up the chain
    (itself first) holding one with `year_from` ≤ `year`, and there the one with the greatest `year_from`."""
    depth_of = {path: i for i, path in enumerate(organization.ancestor_paths())}
    found = list(
        DesignationChecklist.objects.filter(
            organization__path__in=list(depth_of), kind=kind, year_from__lte=year
        ).select_related("organization")
    )
    if not found:
        return None
    return max(found, key=lambda c: (depth_of[c.organization.path], c.year_from))


def clean_items(items: Iterable[str]) -> list[str]:
    """Trim every item and drop blank ones, keeping the order."""
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


def check_evidence(evidence: Any) -> str:
    """Refuse a file over 10 MB, empty, of another type than PDF/JPG/PNG by its name, or whose content is not of
    the type its name declares; the type's extension otherwise."""
    kind, _, _ = uploads.check_upload(
        evidence, allowed=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES, field="evidence", noun="Tệp minh chứng",
        declared=True, wording=EVIDENCE_WORDING,
    )  # fmt: skip
    return kind.code


def _require_year(year: int, *, field: str) -> None:
    last = timezone.localdate().year + (1 if field == "year_from" else 0)
    if not FIRST_YEAR <= year <= last:
        raise DomainError(f"Năm phải từ {FIRST_YEAR} đến {last}.", field=field)


def _require_visible(actor: Any, organization: Organization) -> Scope:
    scope = scope_for(actor)
    if not scope.covers_path(Right.VIEW_ORGS, organization.path):
        log_denied(actor=actor, what="organization", object_id=organization.pk)
        raise DomainError("Không tìm thấy tổ chức đảng này trong phạm vi của bạn.", code="not_found")
    return scope


# ---------------------------------------------------------------------------------------------------------
# Checklists


def save_checklist(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    year_from: int,
    items: Sequence[str],
    source_document: str = "",
    expected_version: int | None = None,
) -> DesignationChecklist:
    """Issue (or correct) the checklist of `kind` that `organization`'s committee sets for its subtree
    from `year_from`.

    Steps: refuse an organization out of the actor's scope (logged), an actor without `manage_orgs` over
    it, an organization that issues no checklists (only upper-level and grassroots committees do), an
    unknown kind, a year out of range; trim the items and refuse an empty list, a duplicate, an item too
    long or too many; when the organization already has a checklist of that kind from that year, update
    it only with its current version and only while no designation uses it; save; audit.
    """
    scope = _require_visible(actor, organization)  # outside the transaction: the logged attempt stays
    with transaction.atomic():
        return _save_checklist(scope, actor, organization, kind, year_from, items, source_document, expected_version)


def _save_checklist(
    scope: Scope, actor: Any, organization: Organization, kind: str, year_from: int, items: Sequence[str],
    source_document: str, expected_version: int | None,
) -> DesignationChecklist:  # fmt: skip
    if not scope.covers_path(Right.MANAGE_ORGS, organization.path):
        raise DomainError(f"Bạn không có quyền ban hành tiêu chí danh hiệu của {organization}.", code="forbidden")
    if organization.kind not in CHECKLIST_ISSUER_KINDS:
        raise DomainError(
            "Tiêu chí danh hiệu do cấp ủy đảng bộ cấp trên cơ sở hoặc đảng ủy cơ sở ban hành.", field="organization"
        )
    if kind not in DesignationKind.values:
        raise DomainError(f"Danh hiệu “{kind}” không hợp lệ.", field="kind")
    _require_year(year_from, field="year_from")
    cleaned = clean_items(items)
    if not cleaned:
        raise DomainError("Hãy nêu ít nhất một tiêu chí.", field="items")
    if len(cleaned) > MAX_ITEMS:
        raise DomainError(f"Tối đa {MAX_ITEMS} tiêu chí.", field="items")
    long = next((item for item in cleaned if len(item) > MAX_ITEM_LENGTH), None)
    if long is not None:
        raise DomainError(f"Tiêu chí “{long[:60]}…” dài quá {MAX_ITEM_LENGTH} ký tự.", field="items")
    seen: set[str] = set()
    for item in cleaned:
        if item.casefold() in seen:
            raise DomainError(f"Tiêu chí “{item}” bị lặp lại.", field="items")
        seen.add(item.casefold())
    source_document = " ".join(source_document.split())[:255]
    existing = (
        DesignationChecklist.objects.select_for_update()
        .filter(organization=organization, kind=kind, year_from=year_from)
        .first()
    )
    label = kind_label(kind)
    if existing is None:
        checklist = DesignationChecklist.objects.create(
            organization=organization, kind=kind, year_from=year_from, items=cleaned, source_document=source_document
        )
        before: dict[str, Any] | None = None
        action = "evaluations.checklist.created"
    else:
        if expected_version is None:
            raise DomainError(
                f"{organization} đã có tiêu chí “{label}” áp dụng từ năm {year_from}: hãy sửa bộ tiêu chí đó.",
                field="year_from",
                code="duplicate",
            )
        if existing.version != expected_version:
            raise ConcurrentEditError()
        used = existing.designations.count()
        if used:
            raise DomainError(
                f"Bộ tiêu chí “{label}” từ năm {year_from} đã dùng để công nhận {used} danh hiệu nên không sửa được; "
                "hãy ban hành bộ tiêu chí mới áp dụng từ năm sau.",
                field="items",
                code="in_use",
            )
        before = snapshot(existing, ("items", "source_document"))
        existing.items, existing.source_document = cleaned, source_document
        existing.version += 1
        existing.save(update_fields=["items", "source_document", "version", "updated_at"])
        checklist = existing
        action = "evaluations.checklist.updated"
    log_action(action, actor=actor, object_type="designation_checklist", object_id=checklist.pk,
               object_repr=f"Tiêu chí “{label}” của {organization} từ năm {year_from}",
               scope_path=organization.path, before=before,
               after=snapshot(checklist, ("kind", "year_from", "items", "source_document")))  # fmt: skip
    return checklist


# ---------------------------------------------------------------------------------------------------------
# Designations


def _grassroots_of(organization: Organization) -> Organization | None:
    if organization.kind in GRASSROOTS_KINDS:
        return organization
    return (
        Organization.objects.filter(path__in=organization.ancestor_paths(), kind__in=sorted(GRASSROOTS_KINDS))
        .order_by("-depth")
        .first()
    )


def designate(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    kind: str,
    checked_items: Iterable[str],
    evidence: Any = None,
    note: str = "",
) -> Designation:
    """Recognise `organization` as "model cell" or "four-good" for `year`.

    Steps: refuse an organization out of the actor's scope (logged); refuse an actor without `manage_orgs`
    over the level above the unit (see the module docstring); refuse an unknown kind, a unit that cannot
    hold it (model cell: cells only; four-good: cells and grassroots committees), a year out of range, a
    unit that did not exist in the year, a second designation of the kind in the year; find the applicable
    checklist (refused when there is none); refuse a checked item not on it and name the items left
    unchecked; check the evidence (type, size, content); snapshot the unit's path, grassroots organization
    and sector; store the evidence under a generated name and the designation; audit.
    """
    scope = _require_visible(actor, organization)  # outside the transaction: the logged attempt stays
    with transaction.atomic():
        return _designate(scope, actor, organization, year, kind, list(checked_items), evidence, note)


def _designate(
    scope: Scope, actor: Any, organization: Organization, year: int, kind: str, checked: list[str], evidence: Any,
    note: str,
) -> Designation:  # fmt: skip
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not scope.covers_path(Right.MANAGE_ORGS, acting_path(organization)):
        who = "cấp ủy cơ sở" if organization.kind == OrgKind.CELL else "cấp ủy cấp trên"
        raise DomainError(f"Danh hiệu của {organization} do {who} công nhận; bạn không có quyền này.", code="forbidden")
    if kind not in DesignationKind.values:
        raise DomainError(f"Danh hiệu “{kind}” không hợp lệ.", field="kind")
    label = kind_label(kind)
    if not may_hold(organization, kind):
        allowed = (
            "chỉ công nhận cho chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở)"
            if kind == DesignationKind.MODEL_CELL
            else "chỉ công nhận cho chi bộ và đảng bộ cơ sở"
        )
        raise DomainError(
            f"{organization} là {organization.get_kind_display().lower()}: danh hiệu “{label}” {allowed}.",
            field="kind",
            code="kind",
        )
    _require_year(year, field="year")
    if not existed_during(organization, year):
        raise DomainError(
            f"{organization} không tồn tại trong năm {year} (thành lập {organization.founded_on:%d/%m/%Y}"
            + (f", giải thể {organization.dissolved_on:%d/%m/%Y}" if organization.dissolved_on else "")
            + f"): không thể công nhận danh hiệu năm {year}.",
            field="year",
            code="not_existing",
        )
    if Designation.objects.filter(year=year, organization=organization, kind=kind).exists():
        raise DomainError(
            f"{organization} đã được công nhận “{label}” năm {year}: mỗi danh hiệu chỉ công nhận một lần trong năm.",
            field="year",
            code="duplicate",
        )
    checklist = applicable_checklist(organization, kind, year)
    if checklist is None:
        raise DomainError(
            f"Chưa có tiêu chí “{label}” áp dụng cho {organization} năm {year}: cấp ủy cần ban hành tiêu chí trước.",
            field="kind",
            code="no_checklist",
        )
    items = list(checklist.items)
    ticked = clean_items(checked)
    unknown = [item for item in ticked if item not in items]
    if unknown:
        raise DomainError(
            f"Tiêu chí không có trong bộ tiêu chí “{label}” của {checklist.organization}: "
            + "; ".join(f"“{u}”" for u in unknown)
            + ".",
            field="checked_items",
            code="unknown_item",
        )
    missing = [item for item in items if item not in ticked]
    if missing:
        raise DomainError(
            f"Chưa đạt đủ tiêu chí “{label}”: còn {len(missing)}/{len(items)} tiêu chí chưa đạt: "
            + "; ".join(f"“{m}”" for m in missing)
            + ".",
            field="checked_items",
            code="missing_items",
        )
    ext = check_evidence(evidence) if evidence else ""
    grassroots = _grassroots_of(organization)
    designation = Designation(
        year=year,
        organization=organization,
        kind=kind,
        checklist=checklist,
        checked_items=items,
        note=note.strip(),
        unit_path=organization.path,
        grassroots=grassroots,
        org_type=grassroots.org_type if grassroots is not None else organization.org_type,
    )
    if evidence:
        designation.evidence.save(f"{organization.code}-{year}-{kind}.{ext}", File(evidence), save=False)
    try:
        with transaction.atomic():
            designation.save()
    except IntegrityError as exc:  # a concurrent designation of the same unit, kind and year
        if designation.evidence.name:
            designation.evidence.storage.delete(designation.evidence.name)
        raise DomainError(
            f"{organization} đã được công nhận “{label}” năm {year}: mỗi danh hiệu chỉ công nhận một lần trong năm.",
            field="year",
            code="duplicate",
        ) from exc
    log_action("evaluations.designation.created", actor=actor, object_type="designation", object_id=designation.pk,
               object_repr=_repr(designation), scope_path=organization.path,
               after=snapshot(designation, _AUDITED))  # fmt: skip
    return designation


def revoke_designation(*, actor: Any, designation: Designation, reason: str, expected_version: int) -> None:
    """Withdraw a designation, with a recorded reason.

    Steps: refuse a designation out of the actor's scope (logged); lock the row; refuse a stale version,
    an actor who could not have made it, an empty reason; delete it (its evidence file once the
    transaction commits); audit with the whole record and the reason.
    """
    scope = scope_for(actor)
    if not scope.covers_path(Right.VIEW_ORGS, designation.unit_path):
        log_denied(actor=actor, what="designation", object_id=designation.pk)
        raise DomainError("Không tìm thấy danh hiệu này trong phạm vi của bạn.", code="not_found")
    with transaction.atomic():
        locked = (
            Designation.objects.select_for_update(of=("self",))
            .select_related("organization")
            .filter(pk=designation.pk)
            .first()
        )
        if locked is None or locked.version != expected_version:
            raise ConcurrentEditError()
        if not scope.covers_path(Right.MANAGE_ORGS, acting_path(locked.organization)):
            raise DomainError("Bạn không có quyền thu hồi danh hiệu này.", code="forbidden")
        reason = " ".join(reason.split())
        if not reason:
            raise DomainError("Hãy nêu lý do thu hồi danh hiệu.", field="reason")
        before = snapshot(locked, _AUDITED)
        pk, label = locked.pk, _repr(locked)
        _delete_file_on_commit(locked)
        locked.delete()
        log_action("evaluations.designation.revoked", actor=actor, object_type="designation", object_id=pk,
                   object_repr=label, scope_path=locked.unit_path, before=before,
                   data={"reason": reason})  # fmt: skip


def _delete_file_on_commit(designation: Designation) -> None:
    if designation.evidence:
        storage, name = designation.evidence.storage, designation.evidence.name
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def _repr(designation: Designation) -> str:
    return f"{kind_label(designation.kind)} năm {designation.year}: {designation.organization}"


__all__ = [
    "EVIDENCE_KINDS",
    "EVIDENCE_MAX_BYTES",
    "acting_path",
    "applicable_checklist",
    "check_evidence",
    "designate",
    "existed_during",
    "kinds_for",
    "may_configure",
    "may_designate",
    "may_hold",
    "revoke_designation",
    "save_checklist",
]
