"""The letters' world: the inspection officers (bloc, grassroots A and B), the other personas, a discipline
decided by cell A1 and helpers that receive letters; `nothing_written` checks a refusal left every table as it
was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.complaints import services
from dangbo.complaints.enums import Channel, ComplaintKind
from dangbo.complaints.models import ComplainantIdentity, Complaint, ComplaintExtension, Notice
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from tests.conftest import World
from tests.factories import make_user

TODAY = dt.date(2026, 6, 30)
PERSON = {"full_name": "Lê Văn Tố", "address": "12 Lý Thường Kiệt, Hà Nội", "phone": "0912 345 678",
          "email": "to.le@example.vn", "citizen_id": "001080012345"}  # fmt: skip


@dataclass
class People:
    bloc_inspector: User
    inspector_a: User
    inspector_b: User
    secretary_a1: User
    propaganda: User
    office: User


@pytest.fixture
def people(world: World) -> People:
    return People(
        bloc_inspector=make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc),
        inspector_a=make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a),
        inspector_b=make_user("ubkt_b", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_b),
        secretary_a1=make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1),
        propaganda=make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc),
        office=make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc),
    )


def _state() -> list[object]:
    return [
        sorted(Complaint.objects.values_list("pk", "version", "state", "due_on", "extended_days")),
        ComplainantIdentity.objects.count(),
        ComplaintExtension.objects.count(),
        sorted(Notice.objects.values_list("pk", "version", "notice_date")),
        sorted(Discipline.objects.values_list("pk", "version", "appealed_on", "appeal_result", "form")),
        AuditEntry.objects.count(),
    ]


@contextmanager
def nothing_written() -> Iterator[None]:
    """Letters, identities, extensions, notices, disciplines and the audit log are unchanged after the block."""
    before = _state()
    yield
    assert _state() == before


def denounce(world: World, actor: Any = None, **over: Any) -> Complaint:
    """A denunciation of member m1, received by grassroots organization A on 02/03/2026."""
    data: dict[str, Any] = dict(
        actor=actor or world.officer, kind=ComplaintKind.DENUNCIATION, received_on=dt.date(2026, 3, 2),
        channel=Channel.POST, handling_organization=world.org_a, summary="Tố cáo kê khai tài sản không trung thực",
        identity=dict(PERSON), subject_member=world.m1, today=TODAY,
    )  # fmt: skip
    data.update(over)
    return services.receive_complaint(**data)


@pytest.fixture
def reprimand(world: World) -> Discipline:
    """A reprimand decided by cell A1 on 02/03/2026, received by the member on 03/03/2026."""
    return record_discipline(
        actor=None, form="reprimand", violation_date=dt.date(2026, 1, 15), decision_date=dt.date(2026, 3, 2),
        decision_number="01-QĐ/CB", deciding_organization=world.cell_a1, member=world.m1,
        received_on=dt.date(2026, 3, 3), note="Hồ sơ giấy", today=TODAY,
    )  # fmt: skip
