"""A plan of the bloc for the plans' tests: issued 10/03/2025 for 2025–2027, with a task of each kind of owner.

- O1: Ban Tổ chức, due 30/06/2026;  P1: Ban Tuyên giáo và Dân vận, due 15/12/2026 (open, not yet due);
- UA: grassroots A, due 31/10/2026;  UB: grassroots B, due 31/10/2026;
- G1: every grassroots organization, yearly on 15/11;  N1: Văn phòng, no deadline ("thực hiện thường xuyên").
Today is 27/11/2026 (`TODAY`): O1, UA, UB overdue; G1's 2025 and 2026 deadlines passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.planning import plans
from dangbo.planning.models import Plan, PlanTask

from ..conftest import TODAY, World
from ..factories import make_user

ISSUED = dt.date(2025, 3, 10)


@dataclass
class PlanWorld:
    w: World
    plan: Plan
    o1: PlanTask
    p1: PlanTask
    ua: PlanTask
    ub: PlanTask
    g1: PlanTask
    n1: PlanTask
    propaganda: User
    office: User


def task_data(number: str, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"number": number, "title": f"Nhiệm vụ {number}", "deadline_kind": "none"}
    data.update(kw)
    return data


@pytest.fixture
def pw(world: World) -> PlanWorld:
    actor = world.bloc_officer
    plan = plans.create_plan(
        actor=actor, issuer=world.bloc, document_number="35-KH/ĐUK", title="Kế hoạch thử", issued_on=ISSUED,
        year_from=2025, year_to=2027, today=TODAY,
    )  # fmt: skip

    def add(number: str, **kw: Any) -> PlanTask:
        return plans.create_task(actor=actor, plan=plan, data=task_data(number, **kw))

    o1 = add("1.1", owner_kind="board", board="organization", deadline_kind="date", due_on=dt.date(2026, 6, 30))
    p1 = add("1.2", owner_kind="board", board="propaganda", deadline_kind="date", due_on=dt.date(2026, 12, 15))
    ua = add("2.1", owner_kind="unit", unit=world.org_a, deadline_kind="date", due_on=dt.date(2026, 10, 31))
    ub = add("2.2", owner_kind="unit", unit=world.org_b, deadline_kind="date", due_on=dt.date(2026, 10, 31))
    g1 = add("3.1", owner_kind="grassroots", deadline_kind="yearly", due_day=15, due_month=11)
    n1 = add("4.1", owner_kind="board", board="office", deadline_text="Thực hiện thường xuyên")
    propaganda = make_user("bantuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc)
    office = make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    return PlanWorld(world, plan, o1, p1, ua, ub, g1, n1, propaganda, office)
