"""Every screening signal at its boundary, computed for a subtree, and the stored refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from dangbo.core.errors import DomainError
from dangbo.evaluations.enums import Level
from dangbo.meetings.enums import Presence
from dangbo.members import services as member_services
from dangbo.organizations.enums import OrgKind
from dangbo.screening import dues
from dangbo.screening.enums import Signal
from dangbo.screening.models import SignalHit
from dangbo.screening.signals import compute, refresh
from dangbo.structure import restructuring as r

from ..conftest import World
from ..factories import make_member
from .helpers import YEAR, absent_in_months, helping, mark, rate

pytestmark = pytest.mark.django_db
END = dt.date(2026, 3, 1)  # "today" after the year ended


def hits_of(world: World, signal: str, *, year: int = YEAR, root=None, today: dt.date = END):  # type: ignore[no-untyped-def]
    computed = compute(year, root or world.bloc, today=today)
    return {h.member_id: h for h in computed.hits if h.signal == signal}


# --- 1. unexcused absence ------------------------------------------------------------------------------------


def test_absence_three_months_is_a_signal_two_is_not(world: World) -> None:
    absent_in_months(world.m1, [2, 5, 9])
    absent_in_months(world.m2, [2, 5])
    found = hits_of(world, Signal.ABSENT_UNEXCUSED)
    assert set(found) == {world.m1.pk}
    hit = found[world.m1.pk]
    assert [m["month"] for m in hit.evidence["months"]] == ["02/2025", "05/2025", "09/2025"]
    assert hit.evidence["months"][0]["absences"][0]["cell"] == world.cell_a1.name
    assert (hit.period_start, hit.period_end) == (dt.date(2025, 2, 10), dt.date(2025, 9, 10))
    assert "3 tháng của năm 2025" in hit.explanation and "SL-2021" in hit.explanation
    assert "Chỉ thị 28-CT/TW" in hit.explanation
    assert hit.organization_id == world.cell_a1.pk


def test_two_absences_in_one_month_count_once(world: World) -> None:
    absent_in_months(world.m1, [2, 5])
    mark(world.m1, dt.date(YEAR, 5, 25))
    assert hits_of(world, Signal.ABSENT_UNEXCUSED) == {}
    mark(world.m1, dt.date(YEAR, 11, 3))
    hit = hits_of(world, Signal.ABSENT_UNEXCUSED)[world.m1.pk]
    assert [len(m["absences"]) for m in hit.evidence["months"]] == [1, 2, 1]


def test_excused_absences_and_absences_while_exempt_do_not_count(world: World) -> None:
    absent_in_months(world.m1, [1, 2])
    absent_in_months(world.m1, [3, 4], presence=Presence.EXCUSED)
    absent_in_months(world.m1, [6], member_status="exempt")
    mark(world.m1, dt.date(YEAR, 7, 10), presence=Presence.PRESENT)
    assert hits_of(world, Signal.ABSENT_UNEXCUSED) == {}


def test_absences_of_another_year_do_not_count(world: World) -> None:
    absent_in_months(world.m1, [11, 12], year=YEAR - 1)
    absent_in_months(world.m1, [1])
    assert hits_of(world, Signal.ABSENT_UNEXCUSED) == {}


def test_months_add_up_across_a_transfer_between_two_cells(world: World) -> None:
    absent_in_months(world.m1, [1, 2], cell=world.cell_a1)
    member_services.move_to_cell(actor=None, member=world.m1, organization=world.cell_a2, on=dt.date(YEAR, 3, 1))
    world.m1.refresh_from_db()
    absent_in_months(world.m1, [4], cell=world.cell_a2)
    hit = hits_of(world, Signal.ABSENT_UNEXCUSED)[world.m1.pk]
    cells = [m["absences"][0]["cell"] for m in hit.evidence["months"]]
    assert cells == [world.cell_a1.name, world.cell_a1.name, world.cell_a2.name]
    assert hit.organization_id == world.cell_a2.pk  # the member's cell now
    # The new cell's own list sees the months marked in the old one.
    assert world.m1.pk in hits_of(world, Signal.ABSENT_UNEXCUSED, root=world.cell_a2)
    assert world.m1.pk not in hits_of(world, Signal.ABSENT_UNEXCUSED, root=world.cell_a1)


def test_months_add_up_across_a_merge_of_the_cell(world: World) -> None:
    absent_in_months(world.m1, [3, 4], cell=world.cell_a1)
    merged = r.merge(actor=None, orgs=[world.cell_a1, world.cell_a2], code="A12", name="Chi bộ Ngân sách - Văn phòng",
                     kind=OrgKind.CELL, parent=world.org_a, effective_date=dt.date(YEAR, 5, 1))  # fmt: skip
    world.m1.refresh_from_db()
    assert world.m1.organization_id == merged.pk
    absent_in_months(world.m1, [8], cell=merged)
    hit = hits_of(world, Signal.ABSENT_UNEXCUSED, root=merged)[world.m1.pk]
    assert [m["absences"][0]["cell_id"] for m in hit.evidence["months"]] == [world.cell_a1.pk, world.cell_a1.pk,
                                                                           merged.pk]  # fmt: skip
    assert hit.path == merged.path


def test_a_member_outside_the_subtree_is_not_computed(world: World) -> None:
    absent_in_months(world.m3, [1, 2, 3])
    assert hits_of(world, Signal.ABSENT_UNEXCUSED, root=world.org_a) == {}
    assert world.m3.pk in hits_of(world, Signal.ABSENT_UNEXCUSED, root=world.org_b)


# --- 2. dues ---------------------------------------------------------------------------------------------------

UNPAID: dict[int, list[int]] = {}


def fake_ledger(year: int, path: str) -> dict[int, list[int]] | None:
    return dict(UNPAID)


@override_settings(DANGBO_SCREENING_DUES_PROVIDER=dues.DEFAULT_PROVIDER)
def test_dues_without_a_provider_say_there_is_no_data(world: World) -> None:
    computed = compute(YEAR, world.bloc, today=END)
    assert computed.dues_available is False
    assert not dues.provider_configured()
    assert "Chưa có số liệu đảng phí" in dues.NO_DATA_TEXT


def test_the_dues_ledger_is_the_provider_and_says_when_it_has_no_rows(world: World) -> None:
    assert dues.provider_configured()
    assert compute(YEAR, world.bloc, today=END).dues_available is False


@override_settings(DANGBO_SCREENING_DUES_PROVIDER="tests.screening.test_signals.fake_ledger")
def test_dues_unpaid_three_months_is_a_signal_two_is_not(world: World) -> None:
    UNPAID.clear()
    UNPAID.update({world.m1.pk: [4, 5, 6], world.m2.pk: [4, 5, 5, 5], world.m3.pk: [1, 2, 3]})
    computed = compute(YEAR, world.org_a, today=END)
    assert computed.dues_available and dues.provider_configured()
    found = {h.member_id: h for h in computed.hits if h.signal == Signal.DUES_UNPAID}
    assert set(found) == {world.m1.pk}  # m3 is outside the subtree
    hit = found[world.m1.pk]
    assert (hit.period_start, hit.period_end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert hit.evidence["months"] == ["04/2025", "05/2025", "06/2025"]


# --- 3. unfulfilled years --------------------------------------------------------------------------------------


def test_unfulfilled_two_years_in_a_row_is_a_signal_one_is_not(world: World) -> None:
    rate(world.m1, Level.UNFULFILLED, 2024)
    rate(world.m1, Level.UNFULFILLED, 2025)
    rate(world.m2, Level.FULFILLED, 2024)
    rate(world.m2, Level.UNFULFILLED, 2025)
    found = hits_of(world, Signal.UNFULFILLED_YEARS)
    assert set(found) == {world.m1.pk}
    hit = found[world.m1.pk]
    assert [y["year"] for y in hit.evidence["years"]] == [2024, 2025]
    assert "cách hiểu của hệ thống" in hit.explanation
    assert (hit.period_start, hit.period_end) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def test_a_gap_year_breaks_the_run(world: World) -> None:
    rate(world.m1, Level.UNFULFILLED, 2023)
    rate(world.m1, Level.UNFULFILLED, 2025)  # 2024: not rated
    rate(world.m2, Level.UNFULFILLED, 2023)
    rate(world.m2, Level.GOOD, 2024)
    rate(world.m2, Level.UNFULFILLED, 2025)
    assert hits_of(world, Signal.UNFULFILLED_YEARS) == {}


def test_the_run_ends_the_year_before_while_the_year_is_not_decided(world: World) -> None:
    rate(world.m1, Level.UNFULFILLED, 2024)
    rate(world.m1, Level.UNFULFILLED, 2025)
    rate(world.m2, Level.UNFULFILLED, 2024)
    rate(world.m2, Level.UNFULFILLED, 2025)
    rate(world.m2, Level.FULFILLED, 2026)  # improved: decided for 2026
    found = hits_of(world, Signal.UNFULFILLED_YEARS, year=2026, today=dt.date(2026, 11, 27))
    assert set(found) == {world.m1.pk}
    assert "cách hiểu của hệ thống" in found[world.m1.pk].explanation


# --- 4. no progress after help ----------------------------------------------------------------------------------


def test_help_twelve_months_is_a_signal_eleven_is_not(world: World) -> None:
    helping(world.m1, dt.date(2024, 12, 31))
    helping(world.m2, dt.date(2025, 1, 1))
    found = hits_of(world, Signal.NO_PROGRESS)  # read up to 31/12/2025
    assert set(found) == {world.m1.pk}
    hit = found[world.m1.pk]
    assert hit.evidence["help_from"] == "2024-12-31" and "12 tháng" in hit.explanation
    # While the year runs it is read up to today.
    assert hits_of(world, Signal.NO_PROGRESS, year=2025, today=dt.date(2025, 12, 30)) == {}


def test_a_member_who_improved_is_not_signalled(world: World) -> None:
    review = helping(world.m1, dt.date(2024, 1, 10))
    review.outcome = "improved"
    review.save()
    assert hits_of(world, Signal.NO_PROGRESS) == {}


# --- rule set, refresh -----------------------------------------------------------------------------------------


def test_a_year_without_a_rule_set_is_refused(world: World) -> None:
    with pytest.raises(DomainError, match="năm 2018"):
        compute(2018, world.bloc, today=END)


def test_refresh_replaces_the_subtree_rows(world: World) -> None:
    absent_in_months(world.m1, [1, 2, 3])
    absent_in_months(world.m3, [1, 2, 3])
    result = refresh(YEAR, world.bloc, today=END)
    assert result.hits == 2 and SignalHit.objects.count() == 2
    stored = SignalHit.objects.get(member=world.m1)
    assert stored.rule_set is not None and stored.rule_set.code == "SL-2021"
    assert stored.path == world.cell_a1.path and stored.evidence["months"][0]["month"] == "01/2025"
    # m1's absences are corrected: recomputing grassroots A drops its row and keeps B's.
    world.m1.attendances.update(presence=Presence.EXCUSED, reason="work")
    assert refresh(YEAR, world.org_a, today=END).hits == 0
    assert list(SignalHit.objects.values_list("member_id", flat=True)) == [world.m3.pk]


def test_refresh_moves_the_row_of_a_member_who_moved_in(world: World) -> None:
    extra = make_member(organization=world.cell_b1)
    absent_in_months(extra, [1, 2, 3])
    refresh(YEAR, world.org_b, today=END)
    member_services.move_to_cell(actor=None, member=extra, organization=world.cell_a1, on=dt.date(2026, 1, 5))
    refresh(YEAR, world.org_a, today=END)
    assert SignalHit.objects.get(member=extra).organization_id == world.cell_a1.pk
