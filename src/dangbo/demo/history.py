"""The demo bloc's restructuring history, replayed through the real restructuring services.

1. 01/01/2021 — hợp nhất: "Đảng bộ Khối Các cơ quan tỉnh" and "Đảng bộ Khối Doanh nghiệp tỉnh" merge into
   "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình" (the seed plan was written right after).
2. 2024 — chuyển giao: some enterprise organizations are handed to "Đảng bộ huyện Vũ Thư" and to
   "Đảng bộ thành phố Thái Bình" (Thành ủy Thái Bình), as the seed plan orders from 4/2024.
3. 01/02/2025 — the bloc is reorganized with the provincial departments: sáp nhập of the merged
   departments' committees (their cells move to the receiving department) and đổi tên of the receiver
   where the department changed its name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dangbo.organizations.enums import OrgKind, OrgType
from dangbo.organizations.models import Organization
from dangbo.structure import restructuring
from dangbo.structure.restructuring import Decision

from . import catalog

MERGE_DATE = dt.date(2021, 1, 1)
MERGE_DECISION = Decision(
    number="1789-QĐ/TU",
    date=dt.date(2020, 12, 18),
    note="Hợp nhất Đảng bộ Khối Các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh.",
)
HANDOVERS = {
    catalog.HANDOVER_VU_THU: (
        dt.date(2024, 6, 1),
        Decision(number="215-QĐ/TU", date=dt.date(2024, 5, 24),
                 note="Chuyển giao tổ chức đảng trong doanh nghiệp về trực thuộc Huyện ủy Vũ Thư "
                      "(Kế hoạch số 20-KH/ĐUK)."),
    ),
    catalog.HANDOVER_CITY: (
        dt.date(2024, 7, 1),
        Decision(number="248-QĐ/TU", date=dt.date(2024, 6, 21),
                 note="Chuyển giao tổ chức đảng trong doanh nghiệp về trực thuộc Thành ủy Thái Bình "
                      "(Kế hoạch số 20-KH/ĐUK)."),
    ),
}  # fmt: skip
REORGANIZATION_DATE = dt.date(2025, 2, 1)
REORGANIZATION_DECISION = Decision(
    number="05-QĐ/TU",
    date=dt.date(2025, 1, 24),
    note="Sắp xếp tổ chức đảng theo việc hợp nhất, sáp nhập các sở, ngành của tỉnh.",
)


@dataclass
class Replayed:
    bloc: Organization
    operations: int


def replay(
    *,
    roots: dict[str, Organization],
    tree: Sequence[tuple[catalog.UnitSpec, Organization]],
    bloc_name: str,
    bloc_code: str,
) -> Replayed:
    operations = 0
    bloc = restructuring.merge(
        actor=None,
        orgs=[roots["agencies"], roots["enterprises"]],
        code=bloc_code,
        name=bloc_name,
        kind=OrgKind.UPPER,
        parent=None,
        effective_date=MERGE_DATE,
        decision=MERGE_DECISION,
        org_type=OrgType.PARTY_AGENCY,
        short_name="Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh",
    )
    operations += 1

    for spec, org in tree:
        if spec.handover:
            effective, decision = HANDOVERS[spec.handover]
            restructuring.reparent(
                actor=None, org=org, new_parent=roots[spec.handover], effective_date=effective, decision=decision
            )
            operations += 1

    by_unit = {spec.unit: org for spec, org in tree}
    for spec, org in tree:
        target = by_unit.get(spec.absorbed_into) if spec.absorbed_into else None
        if target is None:
            continue
        if org.kind != OrgKind.GRASSROOTS_COMMITTEE or target.kind != OrgKind.GRASSROOTS_COMMITTEE:
            continue  # a very small demo may make them grassroots cells: then there are no cells to move
        restructuring.absorb(
            actor=None, source=org, into=target, effective_date=REORGANIZATION_DATE, decision=REORGANIZATION_DECISION
        )
        operations += 1
    for spec, org in tree:
        if spec.renamed_to:
            prefix = "Đảng bộ " if org.kind == OrgKind.GRASSROOTS_COMMITTEE else "Chi bộ "
            restructuring.rename(
                actor=None,
                org=org,
                new_name=prefix + spec.renamed_to,
                effective_date=REORGANIZATION_DATE,
                decision=REORGANIZATION_DECISION,
            )
            operations += 1
    return Replayed(bloc=bloc, operations=operations)
