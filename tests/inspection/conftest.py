"""The inspection personas on top of the shared world, and builders of programmes and cases through the services.

bloc ─┬─ A (grassroots committee) ─┬─ A1 (m1, m2)   `secretary`: A1's cell secretary
      │                            └─ A2           `grassroots_inspector`: A's inspection committee
      └─ B ─── B1 (m3)                             `inspector`: the bloc's inspection commission
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.inspection import services, steps
from dangbo.inspection.enums import STAGE_FIELD, Body, CaseKind, Stage
from dangbo.inspection.models import Case, Programme
from dangbo.inspection.services import Decision, TeamEntry
from dangbo.organizations.models import Organization
from tests.conftest import World
from tests.factories import make_user

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def inspector(world: World) -> User:
    return make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)


@pytest.fixture
def grassroots_inspector(world: World) -> User:
    return make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a)


@pytest.fixture
def secretary(world: World) -> User:
    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def make_programme(
    organization: Organization, *, body: str = Body.INSPECTION_COMMISSION, year: int = 2026,
    approved_on: dt.date | None = None, actor: Any = None,
) -> Programme:  # fmt: skip
    return services.create_programme(
        actor=actor, organization=organization, body=body, year=year, number=f"01-CTr/{organization.code}",
        approved_on=approved_on or dt.date(year - 1, 12, 20), title=f"Chương trình kiểm tra, giám sát năm {year}",
        today=TODAY,
    )  # fmt: skip


def open_case(
    world: World, *, organization: Organization | None = None, member: Any = None, subject: Any = None,
    kind: str = CaseKind.SUSPECTED_VIOLATION, body: str = Body.INSPECTION_COMMISSION, on: dt.date = dt.date(2026, 3, 2),
    violation: dt.date = dt.date(2025, 12, 1), form: str = "warning", programme: Programme | None = None,
    actor: Any = None, team: tuple[TeamEntry, ...] = (),
) -> Case:  # fmt: skip
    """A case opened with its decision (a member of A1 inspected by A's inspection committee by default)."""
    if member is None and subject is None:
        member = world.m1
    return services.open_case(
        actor=actor, organization=organization or world.org_a, body=body, kind=kind,
        content="Kiểm tra việc chấp hành quy định về những điều đảng viên không được làm", member=member,
        subject_organization=subject, programme=programme,
        decision=Decision(number="05-QĐ/UBKT", date=on, violation_date=violation, violation_form=form),
        team=team, today=TODAY,
    )  # fmt: skip


STAGE_DAYS = {Stage.NOTICE: 3, Stage.REPORT: 10, Stage.VERIFICATION: 20, Stage.DRAFT: 25}


def advance(case: Case, *, until: str, actor: Any = None) -> Case:
    """The dated stages done in order up to `until` (included), a few days apart after the decision."""
    assert case.decision_date is not None
    for stage, days in STAGE_DAYS.items():
        if getattr(case, STAGE_FIELD[stage]) is not None:
            continue
        case = steps.record_stage(actor=actor, case=case, stage=stage, done_on=case.decision_date
                                  + dt.timedelta(days=days), expected_version=case.version, today=TODAY)  # fmt: skip
        if stage == until:
            break
    return case
