"""The list's SQL prefilter (members whose plain milestone falls near the window, deceased members only when a
posthumous badge can bear on it) keeps every row the exact Python computation gives: the list of a unit equals the
list computed for all its members by id (no prefilter), at the boundaries, on several award dates."""

from __future__ import annotations

from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.members.seniority import party_age_reached

from .conftest import D, admitted, die, ill, rows_of

AWARD_DATES = [D(2025, 2, 3), D(2025, 5, 19), D(2025, 9, 2), D(2025, 11, 7), D(2026, 2, 3), D(2026, 3, 3)]


def _key(rows):
    return [(r.person.id, r.years, r.reached, r.verdict, r.kind, r.carried_from) for r in rows]


def test_prefilter_and_exact_computation_agree_at_the_boundaries(world, cell):
    days = [
        D(1995, 5, 19), D(1995, 5, 20), D(1995, 2, 4), D(1995, 2, 3),  # on the award date, after, previous + 1, on it
        D(1975, 1, 31), D(1995, 1, 31), D(1985, 3, 31), D(1965, 8, 31),  # month ends
        D(1996, 2, 29), D(1976, 2, 29), D(1956, 2, 29),  # 29/02: the milestone in a common year
        D(1995, 9, 2), D(1995, 9, 3), D(1995, 11, 7), D(1996, 2, 3), D(1996, 2, 4),
    ]  # fmt: skip
    for day in days:
        admitted(cell, day)
    gap = admitted(cell, D(1995, 1, 31))  # a gap of 3 whole months: 30 years on 01/05/2025
    member_services.change_status(actor=None, member=gap, status="struck_off", on=D(2000, 1, 1))
    member_services.change_status(actor=None, member=gap, status="full", on=D(2000, 4, 15))
    open_gap = admitted(cell, D(1995, 3, 1))  # a gap without an end: never listed
    member_services.change_status(actor=None, member=open_gap, status="struck_off", on=D(2010, 1, 1))
    sick = admitted(cell, D(1966, 5, 19))  # 60 years on 19/05/2026, seriously ill: early
    ill(sick, D(2024, 12, 1))
    long_dead = admitted(cell, D(1975, 5, 1))  # 50 years on 01/05/2025, died 2020: not listed
    die(long_dead, D(2020, 6, 1))
    recently_dead = admitted(cell, D(1976, 4, 10))  # 50 years on 10/04/2026, died 10/04/2025: posthumous
    die(recently_dead, D(2025, 4, 10))
    dead_on_previous = admitted(cell, D(1975, 2, 3))  # died on an award date, milestone the same day
    die(dead_on_previous, D(2025, 2, 3))
    ids = [m.pk for m in Member.objects.filter(organization=cell)]
    seen = 0
    for on in AWARD_DATES:
        listed = rows_of(cell.path, on)
        exact = rows_of(cell.path, on, member_ids=ids)
        assert _key(listed) == _key(exact), on
        for row in listed:
            member = Member.objects.get(pk=row.person.id)
            periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
            assert row.reached == party_age_reached(
                admission_decision_date=member.admission_decision_date, periods=periods, years=row.years
            )
        seen += len(listed)
    assert seen > 10
    assert gap.pk in {r.person.id for r in rows_of(cell.path, D(2025, 5, 19))}
    assert open_gap.pk not in {r.person.id for on in AWARD_DATES for r in rows_of(cell.path, on)}
    assert long_dead.pk not in {r.person.id for on in AWARD_DATES for r in rows_of(cell.path, on)}
    assert recently_dead.pk in {r.person.id for r in rows_of(cell.path, D(2025, 5, 19))}
