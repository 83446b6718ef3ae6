"""Operations where several organizations become one: merge (hợp nhất) and absorb (sáp nhập)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from dangbo.core.audit import snapshot
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, RestructuringKind
from dangbo.organizations.models import Organization
from dangbo.organizations.services import AUDITED_FIELDS, check_parent_allowed, create_organization

from .checks import (
    _check_active,
    _check_children_fit,
    _check_effective_date,
    _check_founded_by,
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
    r.details = {**r.details, "result_id": new_org.pk}
    _transfer_and_dissolve(
        RestructuringKind.MERGE,
        actor=actor,
        restructuring=r,
        sources=sources,
        transfers=[
            Transfer(
                children=children,
                children_to=new_org,
                members=members,
                members_to=new_org if new_org.holds_members else members_to,
            )
        ],
        source_data={"into_id": new_org.pk, "into": new_org.name},
    )
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
    _check_founded_by(into, effective_date)
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
    _transfer_and_dissolve(
        RestructuringKind.ABSORB,
        actor=actor,
        restructuring=r,
        sources=[source],
        transfers=[Transfer(children=children, children_to=into, members=members, members_to=dest)],
        source_data={"into_id": into.pk},
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
            "members": len(members),
        },
    )
    return into
