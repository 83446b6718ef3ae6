"""The home cards of inspection, complaints, suspensions, a cell's own plan, badges and training: counts against
hand-made data on a fixed day, what lies outside the user's scope never counted, who gets which card, a bounded
number of queries; the navigation's "inspection and discipline" hub and the reports hub's links by right."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.home.cards import badge_card, cell_plan_card, inspection_card, training_card
from dangbo.home.selectors import role_home
from dangbo.inspection.enums import Body
from dangbo.movements import standing
from tests.complaints.conftest import denounce
from tests.conftest import login
from tests.factories import make_user
from tests.inspection.conftest import make_programme, open_case
from tests.recognition.conftest import admitted

TODAY = dt.date(2026, 11, 27)  # the nearest award date is 03/02/2027
D = dt.date


@pytest.fixture
def users(world: Any) -> dict[str, Any]:
    return {
        "ubkt_khoi": make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc),
        "ubkt_a": make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=world.org_a),
        "bithu_a1": make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1),
        "tuyengiao": make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc),
        "canbo_a": world.officer,
        "bantochuc": world.bloc_officer,
        "dangvien_m1": world.member_user,
    }


def scope(users: dict[str, Any], name: str) -> Any:
    return scope_for(users[name])


def suspend(world: Any, member: Any, start: dt.date, end: dt.date, actor: Any) -> None:
    standing.record_suspension(actor=actor, member=member, start=start, planned_end=end, decision_number="12-QĐ/ĐU",
                               decision_date=start - dt.timedelta(days=1), today=TODAY)  # fmt: skip


def test_inspection_card_counts_cases_letters_and_suspensions_in_scope_only(world, users):
    open_case(world)  # A's committee, 02/03/2026: its stages long overdue
    open_case(world, organization=world.org_b, member=world.m3)  # B: outside A
    open_case(world, member=world.m2, on=TODAY)  # opened today: in progress, not overdue
    suspend(world, world.m1, D(2026, 9, 1), D(2026, 11, 29), world.officer)  # ends in 2 days
    suspend(world, world.m2, D(2026, 11, 1), D(2027, 1, 29), world.officer)  # ends in 2 months
    suspend(world, world.m3, D(2026, 10, 1), D(2026, 12, 10), world.outsider)  # B, ends within 14 days
    bloc = inspection_card(scope(users, "ubkt_khoi"), today=TODAY)
    assert (bloc.cases_overdue, bloc.cases_in_progress, bloc.suspensions_ending) == (2, 3, 2)
    a = inspection_card(scope(users, "ubkt_a"), today=TODAY)
    assert (a.cases_overdue, a.cases_in_progress, a.suspensions_ending) == (1, 2, 1)
    assert a.letters and a.suspensions


def test_letters_near_and_past_their_deadline(world, users):
    letter = denounce(world)
    denounce(world, actor=world.outsider, handling_organization=world.org_b, subject_member=world.m3)
    assert letter.due_on is not None
    near = inspection_card(scope(users, "ubkt_a"), today=letter.due_on - dt.timedelta(days=3))
    assert (near.letters_overdue, near.letters_near) == (0, 1)
    late = inspection_card(scope(users, "ubkt_a"), today=letter.due_on + dt.timedelta(days=1))
    assert (late.letters_overdue, late.letters_near) == (1, 0)
    bloc = inspection_card(scope(users, "ubkt_khoi"), today=letter.due_on + dt.timedelta(days=1))
    assert bloc.letters_overdue == 2
    far = inspection_card(scope(users, "ubkt_a"), today=letter.received_on)
    assert (far.letters_overdue, far.letters_near) == (0, 0)


def test_cell_plan_card_shows_the_cells_own_programme_of_the_year(world, users):
    secretary = scope(users, "bithu_a1")
    empty = cell_plan_card(secretary, world.cell_a1, today=TODAY)
    assert empty.programme is None and empty.can_manage
    own = make_programme(world.cell_a1, body=Body.COMMITTEE)
    open_case(world, organization=world.cell_a1, body=Body.COMMITTEE, member=world.m2,
              kind="routine_supervision", programme=own)  # fmt: skip
    make_programme(world.org_a)  # the grassroots committee's programme: not the cell's
    card = cell_plan_card(secretary, world.cell_a1, today=TODAY)
    assert card.programme == own and (card.total, card.done, card.late) == (1, 0, 1)


def test_badge_card_counts_the_nearest_award_date_in_the_unit(world, users):
    admitted(world.cell_a1, D(1997, 1, 15))  # 30 years on 15/01/2027: due on 03/02/2027
    admitted(world.cell_a2, D(1987, 1, 20))  # 40 years
    admitted(world.cell_b1, D(1997, 1, 10))  # B: outside A
    admitted(world.cell_a1, D(1997, 6, 1))  # 30 years only after the award date
    a = badge_card(world.org_a, today=TODAY)
    assert a is not None and a.award_date == D(2027, 2, 3)
    assert (a.to_propose, a.blocked, a.proposed, a.awarded) == (2, 0, 0, 0)
    cell = badge_card(world.cell_a1, today=TODAY)
    assert cell is not None and cell.to_propose == 1
    bloc = badge_card(world.bloc, today=TODAY)
    assert bloc is not None and bloc.to_propose == 3


def test_training_card_counts_who_needs_which_course(world, users):
    admitted(world.cell_a1, D(2026, 6, 1))
    admitted(world.cell_b1, D(2026, 6, 1))  # B: outside A
    cell = training_card(world.cell_a1, today=TODAY)
    assert cell is not None and cell.new_members == 1 and cell.secretaries == 0 and not cell.report
    bloc = training_card(world.bloc, today=TODAY)
    assert bloc is not None and bloc.new_members == 2 and bloc.report
    assert bloc.theory >= cell.theory


@pytest.mark.parametrize(
    ("name", "cards"),
    [
        ("ubkt_khoi", {"inspection"}),
        ("ubkt_a", {"inspection"}),
        ("canbo_a", {"inspection", "badges", "training"}),
        ("bithu_a1", {"cell_plan", "badges", "training"}),
        ("bantochuc", {"badges"}),
        ("tuyengiao", {"training"}),
        ("dangvien_m1", set()),
    ],
)
def test_each_persona_gets_its_cards(world, users, name, cards):
    home = role_home(scope(users, name), today=TODAY)
    shown = {c for c in ("inspection", "cell_plan", "badges", "training") if getattr(home, c) is not None}
    assert shown == cards


def test_the_cards_cost_a_bounded_number_of_queries(world, users):
    for n in range(3):
        open_case(world, member=world.m2, on=D(2026, 3, 2 + n))
        admitted(world.cell_a1, D(1997, 1, 2 + n))
    role_home(scope(users, "canbo_a"), today=TODAY)  # the rule sets read once, then cached
    with CaptureQueriesContext(connection) as few:
        role_home(scope(users, "canbo_a"), today=TODAY)
    for n in range(6):
        admitted(world.cell_a2, D(1987, 1, 2 + n))
        admitted(world.cell_a2, D(2026, 5, 2 + n))
    with CaptureQueriesContext(connection) as more:
        role_home(scope(users, "canbo_a"), today=TODAY)
    assert len(more) == len(few)


def test_home_page_links_each_card_to_its_target(world, users):
    open_case(world)
    body = login(users["canbo_a"]).get("/").content.decode()
    assert 'id="home-inspection"' in body and f'href="{reverse("inspection:home")}?qua_han=on"' in body
    assert 'id="home-badges-link"' in body and 'id="home-training-new"' in body
    secretary = login(users["bithu_a1"]).get("/").content.decode()
    assert 'id="home-cell-plan-link"' in secretary and 'id="home-inspection"' not in secretary


def test_oversight_hub_links_by_right(world, users):
    inspector = login(users["ubkt_khoi"]).get(reverse("home:oversight")).content.decode()
    for anchor in ("oversight-inspection", "oversight-complaints", "oversight-discipline", "home-inspection"):
        assert f'id="{anchor}"' in inspector
    secretary = login(users["bithu_a1"]).get(reverse("home:oversight")).content.decode()
    assert 'id="oversight-discipline"' in secretary and 'id="oversight-complaints"' not in secretary
    for name in ("bantochuc", "tuyengiao", "dangvien_m1"):
        assert login(users[name]).get(reverse("home:oversight")).status_code == 403


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("ubkt_khoi", {"inspection", "complaints", "discipline", "recognition", "training"}),
        ("canbo_a", {"inspection", "complaints", "discipline", "recognition", "training"}),
        ("bithu_a1", {"inspection", "discipline", "recognition", "training"}),
        ("bantochuc", {"recognition", "training"}),
        ("tuyengiao", {"recognition", "training"}),
    ],
)
def test_reports_hub_links_the_reports_of_the_users_rights(world, users, name, links):
    client = login(users[name])
    body = client.get(reverse("reporting:year_report")).content.decode()
    for area in ("inspection", "complaints", "discipline", "recognition", "training"):
        present = f'id="report-{area}" href="{reverse(f"{area}:report")}"' in body
        assert present == (area in links), area
        if present:
            assert client.get(reverse(f"{area}:report")).status_code == 200
