"""Operations that end an organization and hand its units and members over: split (chia tách), dissolve (giải thể)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dangbo.core.audit import snapshot
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgType, RestructuringKind
from dangbo.organizations.models import Organization
from dangbo.organizations.services import AUDITED_FIELDS, check_parent_allowed, create_organization

from .checks import (
    _check_active,
    _check_children_fit,
    _check_effective_date,
    _check_member_destination,
    _check_not_inside,
)
from .steps import (
    Decision,
    Transfer,
    _active_children,
    _audit,
    _lock,
    _open_members,
    _start_restructuring,
    _transfer_and_dissolve,
)


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
    created = [
        create_organization(
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
        for p, code in zip(parts, codes, strict=True)
    ]
    r.results.add(*created)
    _transfer_and_dissolve(
        RestructuringKind.SPLIT,
        actor=actor,
        restructuring=r,
        sources=[source],
        transfers=[
            Transfer(
                children=[children[c] for c in p.child_ids],
                children_to=o,
                members=[members[m] for m in p.member_ids],
                members_to=o,
            )
            for o, p in zip(created, parts, strict=True)
        ],
        source_data={"parts": [o.pk for o in created]},
        details={
            "parts": [
                {"id": o.pk, "code": o.code, "name": o.name, "children": p.child_ids, "members": p.member_ids}
                for o, p in zip(created, parts, strict=True)
            ]
        },
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
    _transfer_and_dissolve(
        RestructuringKind.DISSOLVE,
        actor=actor,
        restructuring=r,
        sources=[org],
        transfers=[Transfer(children=children, children_to=children_to, members=members, members_to=members_to)],
    )
    return org
