"""Restructuring of the party tree: rename, re-parent, merge, absorb, split, dissolve.

Each operation is one service and one transaction. It takes the effective date and the decision that
ordered it, records a `Restructuring` row, keeps `OrganizationPeriod` history (the open period of every
organization whose name or parent changes is closed on the effective date and a new one is opened), keeps
the materialized `path`/`depth` of every moved subtree in step (one UPDATE per subtree, by prefix
replacement), moves members through `members.services.move_to_cell` (so their dated cell membership is
kept too) and writes one audit entry per organization involved, with the action code
``organizations.restructured.<kind>``.

Everything is checked before anything is written; a `DomainError` leaves the database untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import DomainError
from dangbo.members import services as member_services
from dangbo.members.models import Member

from .enums import ALLOWED_CHILDREN, MEMBER_HOLDING_KINDS, OrgKind, OrgType, RestructuringKind
from .models import CommitteeSeat, Organization, OrganizationPeriod, OversightAssignment, Restructuring, path_segment
from .services import AUDITED_FIELDS, check_parent_allowed, create_organization, fill_derived_fields


@dataclass(frozen=True)
class Decision:
    """The decision that ordered a restructuring (number, date of signature, free note)."""

    number: str = ""
    date: dt.date | None = None
    note: str = ""


@dataclass
class SplitPart:
    """One organization created by a split, with the children and members of the source it receives."""

    code: str
    name: str
    kind: str
    org_type: str = ""
    short_name: str = ""
    parent: Organization | None = None  # defaults to the source's parent
    child_ids: list[int] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Shared steps


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock(org: Organization) -> Organization:
    """Re-read the organization under a row lock: its path and version may have changed since it was loaded."""
    return Organization.objects.select_for_update().get(pk=org.pk)


def _open_members(org: Organization) -> QuerySet[Member]:
    """Members whose open cell membership is in `org` (those a restructuring has to move)."""
    return Member.objects.filter(memberships__organization=org, memberships__end__isnull=True).order_by("pk")


def _active_children(org: Organization) -> list[Organization]:
    return list(Organization.objects.filter(parent=org, dissolved_on__isnull=True).order_by("sort_key"))


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


# ---------------------------------------------------------------------------------------------------------
# Operations


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
    if effective_date < new_parent.founded_on:
        raise DomainError(
            f"“{new_parent.name}” thành lập ngày {_d(new_parent.founded_on)}, sau ngày hiệu lực.",
            field="effective_date",
        )
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


@transaction.atomic
def merge(
    *,
    actor: Any,
    orgs: Sequence[Organization],
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    effective_date: dt.date,
    decision: Decision | None = None,
    org_type: str = "",
    short_name: str = "",
    members_to: Organization | None = None,
) -> Organization:
    """Hợp nhất: several organizations become one new organization.

    Steps: lock the sources; refuse the same organization twice, fewer than two, a dissolved source, a
    source inside another source, a parent inside a source's subtree; check that every active child fits
    under the new kind and that the members have a destination (the new organization when it is a cell,
    else `members_to`); record the restructuring; create the new organization on the effective date; move
    the active children under it (periods, paths) and the members into it (dated cell membership); dissolve
    the sources (close periods, end their committees); audit every source, moved child and the result.
    """
    decision = decision or Decision()
    ids = [o.pk for o in orgs]
    if len(set(ids)) != len(ids):
        raise DomainError(
            "Không thể hợp nhất một tổ chức với chính nó: mỗi tổ chức chỉ được chọn một lần.", field="orgs"
        )
    if len(ids) < 2:
        raise DomainError("Cần chọn ít nhất hai tổ chức để hợp nhất.", field="orgs")
    sources = [_lock(o) for o in orgs]
    for s in sources:
        _check_active(s)
        _check_effective_date(s, effective_date)
    for a in sources:
        for b in sources:
            if a.pk != b.pk and b.path.startswith(a.path):
                raise DomainError(
                    f"“{b.name}” là tổ chức cấp dưới của “{a.name}”: không thể hợp nhất hai tổ chức này.", field="orgs"
                )
    if parent is not None:
        parent = _lock(parent)
        for s in sources:
            _check_not_inside(parent, s, what="tổ chức cấp trên của tổ chức mới")
    check_parent_allowed(kind=kind, parent=parent)
    children = [c for s in sources for c in _active_children(s)]
    for c in children:
        _check_effective_date(c, effective_date)
    probe = Organization(kind=kind, name=name)
    _check_children_fit(children, probe)
    members = [m for s in sources for m in _open_members(s)]
    if members and kind not in MEMBER_HOLDING_KINDS:
        if members_to is None:
            raise DomainError(
                f"Còn {len(members)} đảng viên đang sinh hoạt tại các tổ chức hợp nhất và tổ chức mới không phải "
                "chi bộ: hãy chọn chi bộ tiếp nhận.",
                field="members_to",
            )
        _check_member_destination(members_to, sources=sources)
    r = _start_restructuring(
        kind=RestructuringKind.MERGE,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={"sources": [{"id": s.pk, "name": s.name, "code": s.code} for s in sources], "code": code},
    )
    new_org = create_organization(
        actor=actor,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        founded_on=effective_date,
        org_type=org_type or sources[0].org_type,
        short_name=short_name,
        restructuring=r,
        audit=False,
    )
    r.sources.add(*sources)
    r.results.add(new_org)
    for child in children:
        change = _move_under(child, new_org, on=effective_date, restructuring=r)
        _audit(
            RestructuringKind.MERGE,
            actor=actor,
            org=child,
            restructuring=r,
            before=change["before"],
            after=change["after"],
            data={"role": "moved_child"},
        )
    dest = new_org if new_org.holds_members else members_to
    moved_members = _move_members(
        members, dest, actor=actor, on=effective_date, reason=_reason(RestructuringKind.MERGE, r)
    )
    for s in sources:
        before = snapshot(s, AUDITED_FIELDS)
        _mark_dissolved(s, on=effective_date)
        _audit(
            RestructuringKind.MERGE,
            actor=actor,
            org=s,
            restructuring=r,
            before=before,
            after=snapshot(s, AUDITED_FIELDS),
            data={"role": "source", "into_id": new_org.pk, "into": new_org.name},
        )
    r.details = {
        **r.details,
        "result_id": new_org.pk,
        "moved_children": [c.pk for c in children],
        "moved_members": moved_members,
    }
    r.save(update_fields=["details"])
    _audit(
        RestructuringKind.MERGE,
        actor=actor,
        org=new_org,
        restructuring=r,
        after=snapshot(new_org, AUDITED_FIELDS),
        data={"role": "result", "sources": [s.pk for s in sources]},
    )
    return new_org


@transaction.atomic
def absorb(
    *,
    actor: Any,
    source: Organization,
    into: Organization,
    effective_date: dt.date,
    decision: Decision | None = None,
    members_to: Organization | None = None,
) -> Organization:
    """Sáp nhập: `source` joins `into`; its children and members go there and it is dissolved.

    Steps: lock both; refuse the same organization, a dissolved one, `into` inside the source's subtree;
    check the children fit under `into` and the members' destination (`into` when it is a cell, else
    `members_to`); record; move children and members; dissolve the source; audit both (and moved children).
    """
    decision = decision or Decision()
    if source.pk == into.pk:
        raise DomainError("Không thể sáp nhập một tổ chức vào chính nó.", field="into")
    source = _lock(source)
    into = _lock(into)
    _check_active(source)
    _check_active(into)
    _check_not_inside(into, source, what="tổ chức tiếp nhận")
    _check_effective_date(source, effective_date)
    if effective_date < into.founded_on:
        raise DomainError(
            f"“{into.name}” thành lập ngày {_d(into.founded_on)}, sau ngày hiệu lực.", field="effective_date"
        )
    children = _active_children(source)
    for c in children:
        _check_effective_date(c, effective_date)
    _check_children_fit(children, into)
    members = list(_open_members(source))
    dest = into if into.holds_members else members_to
    if members:
        if dest is None:
            raise DomainError(
                f"Còn {len(members)} đảng viên đang sinh hoạt tại “{source.name}” và “{into.name}” không phải "
                "chi bộ: hãy chọn chi bộ tiếp nhận.",
                field="members_to",
            )
        _check_member_destination(dest, sources=[source])
    r = _start_restructuring(
        kind=RestructuringKind.ABSORB,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={"source_id": source.pk, "source": source.name, "into_id": into.pk, "into": into.name},
    )
    r.sources.add(source)
    r.results.add(into)
    for child in children:
        change = _move_under(child, into, on=effective_date, restructuring=r)
        _audit(
            RestructuringKind.ABSORB,
            actor=actor,
            org=child,
            restructuring=r,
            before=change["before"],
            after=change["after"],
            data={"role": "moved_child"},
        )
    moved_members = _move_members(
        members, dest, actor=actor, on=effective_date, reason=_reason(RestructuringKind.ABSORB, r)
    )
    before = snapshot(source, AUDITED_FIELDS)
    _mark_dissolved(source, on=effective_date)
    r.details = {**r.details, "moved_children": [c.pk for c in children], "moved_members": moved_members}
    r.save(update_fields=["details"])
    _audit(
        RestructuringKind.ABSORB,
        actor=actor,
        org=source,
        restructuring=r,
        before=before,
        after=snapshot(source, AUDITED_FIELDS),
        data={"role": "source", "into_id": into.pk},
    )
    _audit(
        RestructuringKind.ABSORB,
        actor=actor,
        org=into,
        restructuring=r,
        data={
            "role": "result",
            "source_id": source.pk,
            "source": source.name,
            "children": len(children),
            "members": len(moved_members),
        },
    )
    return into


@transaction.atomic
def split(
    *,
    actor: Any,
    source: Organization,
    parts: Sequence[SplitPart],
    effective_date: dt.date,
    decision: Decision | None = None,
) -> list[Organization]:
    """Chia tách: `source` becomes two or more new organizations; it is dissolved.

    Steps: lock; require at least two parts with distinct codes; every active child and every member of
    the source must be assigned to exactly one part (none left out, none twice, none foreign); a part that
    receives members must be a cell; each part's parent must lie outside the source's subtree and children
    must fit under the part's kind; record; create the parts; move children and members; dissolve the
    source; audit the source, the parts and the moved children.
    """
    decision = decision or Decision()
    source = _lock(source)
    _check_active(source)
    _check_effective_date(source, effective_date)
    if len(parts) < 2:
        raise DomainError("Chia tách cần ít nhất hai tổ chức mới.", field="parts")
    codes = [p.code.strip() for p in parts]
    if len(set(codes)) != len(codes):
        raise DomainError("Các tổ chức mới phải có mã khác nhau.", field="parts")
    children = {c.pk: c for c in _active_children(source)}
    for c in children.values():
        _check_effective_date(c, effective_date)
    members = {m.pk: m for m in _open_members(source)}
    _check_assignment(list(children), [cid for p in parts for cid in p.child_ids], what="tổ chức trực thuộc")
    _check_assignment(list(members), [mid for p in parts for mid in p.member_ids], what="đảng viên")
    for p in parts:
        parent = p.parent if p.parent is not None else source.parent
        if parent is not None:
            _check_not_inside(parent, source, what=f"tổ chức cấp trên của “{p.name}”")
        check_parent_allowed(kind=p.kind, parent=parent)
        if p.member_ids and p.kind not in MEMBER_HOLDING_KINDS:
            raise DomainError(f"“{p.name}” không phải chi bộ nên không thể tiếp nhận đảng viên.", field="parts")
        _check_children_fit([children[c] for c in p.child_ids], Organization(kind=p.kind, name=p.name))
    r = _start_restructuring(
        kind=RestructuringKind.SPLIT,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={"source_id": source.pk, "source": source.name, "source_code": source.code},
    )
    r.sources.add(source)
    created: list[Organization] = []
    for p, code in zip(parts, codes, strict=True):
        part_org = create_organization(
            actor=actor,
            code=code,
            name=p.name,
            kind=p.kind,
            parent=p.parent if p.parent is not None else source.parent,
            founded_on=effective_date,
            org_type=p.org_type or source.org_type or OrgType.OTHER,
            short_name=p.short_name,
            restructuring=r,
            audit=False,
        )
        created.append(part_org)
        for cid in p.child_ids:
            change = _move_under(children[cid], part_org, on=effective_date, restructuring=r)
            _audit(
                RestructuringKind.SPLIT,
                actor=actor,
                org=children[cid],
                restructuring=r,
                before=change["before"],
                after=change["after"],
                data={"role": "moved_child"},
            )
        _move_members(
            [members[m] for m in p.member_ids],
            part_org,
            actor=actor,
            on=effective_date,
            reason=_reason(RestructuringKind.SPLIT, r),
        )
    r.results.add(*created)
    before = snapshot(source, AUDITED_FIELDS)
    _mark_dissolved(source, on=effective_date)
    r.details = {
        **r.details,
        "parts": [
            {"id": o.pk, "code": o.code, "name": o.name, "children": p.child_ids, "members": p.member_ids}
            for o, p in zip(created, parts, strict=True)
        ],
    }
    r.save(update_fields=["details"])
    _audit(
        RestructuringKind.SPLIT,
        actor=actor,
        org=source,
        restructuring=r,
        before=before,
        after=snapshot(source, AUDITED_FIELDS),
        data={"role": "source", "parts": [o.pk for o in created]},
    )
    for o in created:
        _audit(
            RestructuringKind.SPLIT,
            actor=actor,
            org=o,
            restructuring=r,
            after=snapshot(o, AUDITED_FIELDS),
            data={"role": "result", "source_id": source.pk, "source": source.name},
        )
    return created


def _check_assignment(expected: list[int], assigned: list[int], *, what: str) -> None:
    """Each expected id assigned exactly once, nothing else assigned."""
    seen: set[int] = set()
    for i in assigned:
        if i in seen:
            raise DomainError(f"Mỗi {what} chỉ được phân về một tổ chức mới (mã {i} được phân hai lần).", field="parts")
        seen.add(i)
    foreign = seen - set(expected)
    if foreign:
        raise DomainError(f"Có {len(foreign)} {what} được phân không thuộc tổ chức chia tách.", field="parts")
    missing = set(expected) - seen
    if missing:
        raise DomainError(f"Còn {len(missing)} {what} chưa được phân về tổ chức mới nào.", field="parts")


@transaction.atomic
def dissolve(
    *,
    actor: Any,
    org: Organization,
    effective_date: dt.date,
    decision: Decision | None = None,
    members_to: Organization | None = None,
    children_to: Organization | None = None,
) -> Organization:
    """Giải thể: end the organization on the effective date.

    Steps: lock; refuse when it still has members and no `members_to` (the message says how many), or
    active children and no `children_to`; check the destinations (a cell outside the dissolving
    organization; a parent outside its subtree whose kind can hold the children); record; move children and
    members (their status is unchanged); dissolve (close the period, end committees); audit.
    """
    decision = decision or Decision()
    org = _lock(org)
    _check_active(org)
    _check_effective_date(org, effective_date)
    members = list(_open_members(org))
    children = _active_children(org)
    if members and members_to is None:
        raise DomainError(
            f"“{org.name}” còn {len(members)} đảng viên đang sinh hoạt: hãy chọn chi bộ tiếp nhận trước khi giải thể.",
            field="members_to",
        )
    if children and children_to is None:
        raise DomainError(
            f"“{org.name}” còn {len(children)} tổ chức trực thuộc: hãy chọn tổ chức tiếp nhận trước khi giải thể.",
            field="children_to",
        )
    if children_to is not None and children:
        children_to = _lock(children_to)
        _check_not_inside(children_to, org, what="tổ chức tiếp nhận")
        _check_active(children_to)
        _check_children_fit(children, children_to)
        for c in children:
            _check_effective_date(c, effective_date)
    if members_to is not None and members:
        members_to = _lock(members_to)
        _check_member_destination(members_to, sources=[org])
    r = _start_restructuring(
        kind=RestructuringKind.DISSOLVE,
        actor=actor,
        effective_date=effective_date,
        decision=decision,
        details={
            "members_to_id": members_to.pk if members_to and members else None,
            "children_to_id": children_to.pk if children_to and children else None,
        },
    )
    r.sources.add(org)
    for child in children:
        change = _move_under(child, children_to, on=effective_date, restructuring=r)  # type: ignore[arg-type]
        _audit(
            RestructuringKind.DISSOLVE,
            actor=actor,
            org=child,
            restructuring=r,
            before=change["before"],
            after=change["after"],
            data={"role": "moved_child"},
        )
    moved_members = _move_members(
        members, members_to, actor=actor, on=effective_date, reason=_reason(RestructuringKind.DISSOLVE, r)
    )
    before = snapshot(org, AUDITED_FIELDS)
    _mark_dissolved(org, on=effective_date)
    r.details = {**r.details, "moved_children": [c.pk for c in children], "moved_members": moved_members}
    r.save(update_fields=["details"])
    _audit(
        RestructuringKind.DISSOLVE,
        actor=actor,
        org=org,
        restructuring=r,
        before=before,
        after=snapshot(org, AUDITED_FIELDS),
        data={"role": "source"},
    )
    return org
