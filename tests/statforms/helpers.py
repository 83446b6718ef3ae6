"""A small dataset counted by hand, on top of the shared `world` tree.

    bloc ─┬─ A ─┬─ A1: m1 (male), m2 (female), m8 (arrived 01/04/2025 from outside), [m6 died 01/08/2025],
          │     │       [m9 struck off 01/09/2025]
          │     └─ A2: m4 (female, admitted 10/03/2025, Youth Union), m7 (moved in from B1 on 01/06/2025)
          └─ B ──── B1: m3 (male), m5 (male, born 1955, admitted 1975, disciplined 15/05/2025)

Then, after 31/12/2025: A1 and A2 merge into the cell A12 on 01/03/2026; B1 is handed to A on 01/04/2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangbo.admissions.enums import Stage
from dangbo.discipline.models import Discipline
from dangbo.members import services as registry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.structure.restructuring import combine, simple
from tests.admissions.document_helpers import make_candidate
from tests.conftest import World
from tests.factories import make_member

BEFORE = dt.date(2025, 12, 31)  # before the restructuring
AFTER = dt.date(2026, 6, 30)  # after it


@dataclass
class Data:
    world: World
    m4: Member
    m5: Member
    m6: Member
    m7: Member
    m8: Member
    m9: Member
    a12: Organization | None = None


def build(world: World, *, restructure: bool = True) -> Data:
    w = world
    m4 = make_member(organization=w.cell_a2, family_name="Lò", middle_name="Thị", given_name="Hoa", gender="female",
                     birth_date=dt.date(2000, 3, 1), ethnicity="Tày", religion="Phật giáo", education="university",
                     political_theory_level="elementary", admission_decision_date=dt.date(2025, 3, 10),
                     ceremony_date=dt.date(2025, 3, 20), full_membership_date=None)  # fmt: skip
    make_candidate(w.cell_a2, stage=Stage.PROBATION, member=m4, youth_union_resolution=True, citizen_id=None)
    m5 = make_member(organization=w.cell_b1, given_name="Niên", birth_date=dt.date(1955, 6, 15), ethnicity="Ê Đê",
                     religion="Công giáo", education="master", political_theory_level="advanced",
                     admission_decision_date=dt.date(1975, 6, 1), ceremony_date=dt.date(1975, 6, 10),
                     full_membership_date=dt.date(1976, 6, 1))  # fmt: skip
    Discipline.objects.create(member=m5, form="reprimand", violation_date=dt.date(2025, 3, 1),
                              decision_date=dt.date(2025, 5, 15), decision_number="12-QĐ/ĐUB",
                              deciding_organization=w.org_b, organization_at_decision=w.cell_b1)  # fmt: skip
    m6 = make_member(organization=w.cell_a1, given_name="Tâm", birth_date=dt.date(1990, 12, 31),
                     admission_decision_date=dt.date(2015, 1, 1), ceremony_date=dt.date(2015, 1, 10),
                     full_membership_date=dt.date(2016, 1, 1))  # fmt: skip
    registry.change_status(actor=None, member=m6, status=MemberStatus.DECEASED, on=dt.date(2025, 8, 1))
    m7 = make_member(organization=w.cell_b1, given_name="Phúc", birth_date=dt.date(1985, 7, 1),
                     admission_decision_date=dt.date(2012, 1, 1), ceremony_date=dt.date(2012, 1, 10),
                     full_membership_date=dt.date(2013, 1, 1))  # fmt: skip
    registry.move_to_cell(actor=None, member=m7, organization=w.cell_a2, on=dt.date(2025, 6, 1))
    m8 = registry.create_member(actor=None, organization=w.cell_a1, joined_cell_on=dt.date(2025, 4, 1), data={
        "family_name": "=1+1", "middle_name": "", "given_name": "Hải", "gender": "male",
        "birth_date": dt.date(1995, 1, 1), "ethnicity": "Mường", "admission_decision_date": dt.date(2018, 6, 1),
        "ceremony_date": dt.date(2018, 6, 10), "full_membership_date": dt.date(2019, 6, 1),
    })  # fmt: skip
    m9 = make_member(organization=w.cell_a1, given_name="Xóa")
    registry.change_status(actor=None, member=m9, status=MemberStatus.STRUCK_OFF, on=dt.date(2025, 9, 1))
    data = Data(w, m4, m5, m6, m7, m8, m9)
    if restructure:
        data.a12 = combine.merge(actor=None, orgs=[w.cell_a1, w.cell_a2], code="A12", name="Chi bộ Sở hợp nhất",
                                 kind=OrgKind.CELL, parent=w.org_a, effective_date=dt.date(2026, 3, 1))  # fmt: skip
        b1, a = Organization.objects.get(pk=w.cell_b1.pk), Organization.objects.get(pk=w.org_a.pk)
        simple.reparent(actor=None, org=b1, new_parent=a, effective_date=dt.date(2026, 4, 1))
    return data
