"""Lapse (one year after the decision, or after the appeal was settled; later when a new violation was disciplined;
never for expulsion and dissolution) and the decisions in force on a day, read set-based."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.discipline.enums import AppealResult, DisciplineForm, DisciplineState
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import in_force_on, lapses_on, state_on
from dangbo.discipline.services import record_appeal, record_discipline, settle_appeal
from tests.conftest import World
from tests.factories import make_member

TODAY = dt.date(2026, 11, 27)
DECIDED = dt.date(2025, 3, 10)


def decision(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": None,
        "member": world.m1,
        "form": DisciplineForm.REPRIMAND,
        "violation_date": dt.date(2025, 1, 6),
        "decision_date": DECIDED,
        "decision_number": "15-QĐ/ĐU",
        "deciding_organization": world.org_a,
        "today": TODAY,
    }
    data.update(overrides)
    return record_discipline(**data)


def test_a_decision_lapses_the_day_after_its_first_anniversary(world: World) -> None:
    d = decision(world)
    assert lapses_on(d) == dt.date(2026, 3, 11)
    assert world.m1.pk in in_force_on(on=dt.date(2026, 3, 10))
    assert world.m1.pk not in in_force_on(on=dt.date(2026, 3, 11))
    assert world.m1.pk not in in_force_on(on=dt.date(2025, 3, 9))  # not decided yet
    assert state_on(d, dt.date(2026, 3, 11), lapses_on(d)) == DisciplineState.LAPSED


@pytest.mark.parametrize("form", [DisciplineForm.EXPULSION])
def test_expulsion_never_lapses(world: World, form: str) -> None:
    d = decision(world, form=form)
    assert lapses_on(d) is None
    assert world.m1.pk in in_force_on(on=dt.date(2045, 1, 1))


def test_dissolution_never_lapses(world: World) -> None:
    d = decision(world, member=None, organization=world.cell_a1, form=DisciplineForm.DISSOLUTION,
                 deciding_organization=world.bloc)  # fmt: skip
    assert lapses_on(d) is None


def test_with_an_appeal_it_lapses_a_year_after_the_settlement(world: World) -> None:
    d = record_appeal(actor=None, discipline=decision(world), filed_on=dt.date(2025, 3, 20), expected_version=1,
                      today=TODAY)  # fmt: skip
    assert lapses_on(d) is None  # pending: not known yet, the decision applies meanwhile
    assert in_force_on(on=dt.date(2026, 6, 1))[world.m1.pk] == [d]
    d = settle_appeal(actor=None, discipline=d, result=AppealResult.UPHELD, decided_on=dt.date(2025, 6, 2),
                      decision_number="2-QĐ/UBKT", expected_version=2, today=TODAY)  # fmt: skip
    assert lapses_on(d) == dt.date(2026, 6, 3)
    assert world.m1.pk in in_force_on(on=dt.date(2026, 6, 2))
    assert world.m1.pk not in in_force_on(on=dt.date(2026, 6, 3))


def test_an_appeal_settled_after_the_day_is_not_known_on_that_day(world: World) -> None:
    d = record_appeal(actor=None, discipline=decision(world), filed_on=dt.date(2025, 3, 20), expected_version=1,
                      today=TODAY)  # fmt: skip
    settle_appeal(actor=None, discipline=d, result=AppealResult.UPHELD, decided_on=dt.date(2026, 6, 2),
                  decision_number="2-QĐ/UBKT", expected_version=2, today=TODAY)  # fmt: skip
    assert world.m1.pk in in_force_on(on=dt.date(2026, 5, 1))  # still pending on that day


def test_an_annulled_decision_is_never_in_force(world: World) -> None:
    d = record_appeal(actor=None, discipline=decision(world), filed_on=dt.date(2025, 3, 20), expected_version=1,
                      today=TODAY)  # fmt: skip
    d = settle_appeal(actor=None, discipline=d, result=AppealResult.ANNULLED, decided_on=dt.date(2025, 6, 2),
                      decision_number="2-QĐ/UBKT", expected_version=2, today=TODAY)  # fmt: skip
    assert lapses_on(d) is None
    assert in_force_on(on=dt.date(2025, 4, 1)) == {}
    assert state_on(d, dt.date(2025, 4, 1), None) == DisciplineState.ANNULLED


def test_a_new_violation_before_the_lapse_holds_the_first_decision_with_the_second(world: World) -> None:
    first = decision(world)
    second = decision(world, violation_date=dt.date(2026, 3, 10), decision_date=dt.date(2026, 4, 1),
                      decision_number="20-QĐ/ĐU")  # fmt: skip
    assert lapses_on(second) == dt.date(2027, 4, 2)
    assert lapses_on(first) == dt.date(2027, 4, 2)
    assert lapses_on(first, as_of=dt.date(2026, 3, 31)) == dt.date(2026, 3, 11)  # not known before the decision
    assert [d.pk for d in in_force_on(on=dt.date(2026, 5, 1))[world.m1.pk]] == [first.pk, second.pk]


def test_a_new_violation_after_the_lapse_does_not_revive_it(world: World) -> None:
    first = decision(world)
    decision(world, violation_date=dt.date(2026, 3, 11), decision_date=dt.date(2026, 4, 1), decision_number="20")
    assert lapses_on(first) == dt.date(2026, 3, 11)


def test_in_force_on_reads_any_number_of_members_in_two_queries(world: World) -> None:
    others = [make_member(organization=world.cell_a2, citizen_id=f"0340900000{i:02d}", card_number=f"020000{i:02d}")
              for i in range(6)]  # fmt: skip
    for i, member in enumerate(others):
        decision(world, member=member, decision_number=f"{i}-QĐ",
                 form=DisciplineForm.EXPULSION if i == 0 else DisciplineForm.WARNING)  # fmt: skip
    decision(world, member=world.m3, deciding_organization=world.org_b, decision_date=dt.date(2021, 3, 1),
             violation_date=dt.date(2021, 1, 4), decision_number="old")  # fmt: skip
    ids = [m.pk for m in others] + [world.m1.pk, world.m3.pk] + list(range(10_000_000, 10_002_000))
    with CaptureQueriesContext(connection) as queries:
        found = in_force_on(on=dt.date(2025, 12, 1), member_ids=ids)
    assert len(queries) <= 2
    assert set(found) == {m.pk for m in others}
    with CaptureQueriesContext(connection) as queries:
        everyone = in_force_on(on=dt.date(2026, 12, 1))
    assert len(queries) <= 2
    assert set(everyone) == {others[0].pk}  # the expulsion only: the warnings lapsed on 11/03/2026
