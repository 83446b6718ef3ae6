"""Seniority in years, months and days; the "party age reached" day, with gaps and month-end dates."""

import datetime as dt

import pytest

from dangbo.members.seniority import (
    SeniorityYMD,
    months_reached,
    party_age_reached,
    seniority_months,
    seniority_ymd,
)

D = dt.date
STRUCK = "struck_off"


def ymd(admitted, on, periods=()):
    return seniority_ymd(admission_decision_date=admitted, periods=periods, on=on)


def test_days_run_from_the_day_the_last_whole_month_was_reached():
    assert ymd(D(2000, 5, 19), D(2025, 5, 19)) == SeniorityYMD(25, 0, 0)
    assert ymd(D(2000, 5, 19), D(2025, 5, 18)) == SeniorityYMD(24, 11, 29)  # 19/04 → 18/05
    assert ymd(D(2000, 5, 19), D(2025, 6, 2)) == SeniorityYMD(25, 0, 14)
    assert ymd(D(2000, 5, 19), D(2000, 5, 18)) == SeniorityYMD(0, 0, 0)  # before admission


def test_month_end_admission_reaches_its_months_on_the_first_of_the_next_month():
    # 31/01: no 31/02, so the first whole month is reached on 01/03 (full months count once the day is reached)
    assert ymd(D(2000, 1, 31), D(2000, 2, 29)) == SeniorityYMD(0, 0, 29)
    assert ymd(D(2000, 1, 31), D(2000, 3, 1)) == SeniorityYMD(0, 1, 0)
    assert ymd(D(2000, 1, 31), D(2000, 3, 31)) == SeniorityYMD(0, 2, 0)
    assert ymd(D(2000, 1, 31), D(2000, 4, 30)) == SeniorityYMD(0, 2, 30)
    assert ymd(D(2000, 1, 31), D(2000, 5, 1)) == SeniorityYMD(0, 3, 0)
    # 29/02: fifty years later is 01/03 of a common year
    assert party_age_reached(admission_decision_date=D(1976, 2, 29), periods=(), years=50) == D(2026, 3, 1)
    assert party_age_reached(admission_decision_date=D(1976, 2, 29), periods=(), years=48) == D(2024, 2, 29)


def test_a_gap_in_whole_months_moves_the_milestone_and_stands_still_while_it_lasts():
    gap = [(STRUCK, D(2010, 1, 1), D(2013, 1, 1))]  # 36 whole months
    admitted = D(2000, 1, 31)
    assert party_age_reached(admission_decision_date=admitted, periods=gap, years=30) == D(2033, 1, 31)
    assert ymd(admitted, D(2033, 1, 30), gap) == SeniorityYMD(29, 11, 30)
    assert ymd(admitted, D(2033, 1, 31), gap) == SeniorityYMD(30, 0, 0)
    # during the gap: the figure of its first day
    assert ymd(admitted, D(2011, 7, 15), gap) == ymd(admitted, D(2010, 1, 1)) == SeniorityYMD(9, 11, 1)
    # a gap of 1 month and 20 days counts 1 month
    short = [(STRUCK, D(2010, 1, 1), D(2010, 2, 21))]
    assert party_age_reached(admission_decision_date=D(2000, 1, 1), periods=short, years=30) == D(2030, 2, 1)
    # a gap that has not ended: never reached
    assert party_age_reached(admission_decision_date=admitted, periods=[(STRUCK, D(2010, 1, 1), None)], years=30) == (
        dt.date.max
    )
    # other statuses are no gap
    assert party_age_reached(
        admission_decision_date=admitted, periods=[("abroad", D(2010, 1, 1), D(2013, 1, 1))], years=30
    ) == D(2030, 1, 31)


CASES = [
    (D(2000, 1, 31), [(STRUCK, D(2003, 3, 20), D(2004, 4, 15))]),
    (D(2000, 1, 10), [(STRUCK, D(2000, 3, 20), D(2000, 4, 15))]),
    (D(1999, 12, 31), [(STRUCK, D(2000, 2, 29), D(2000, 5, 30)), ("expelled", D(2001, 1, 31), D(2001, 3, 1))]),
    (D(2000, 2, 29), []),
]


@pytest.mark.parametrize(("admitted", "periods"), CASES)
def test_months_reached_is_the_first_day_and_the_figures_agree_day_by_day(admitted, periods):
    day, previous = admitted, 0
    while day < D(2003, 1, 1) or (periods and day < periods[-1][2] + dt.timedelta(days=400)):
        months = seniority_months(admission_decision_date=admitted, periods=periods, on=day)
        figure = ymd(admitted, day, periods)
        assert figure.total_months == months >= previous  # never goes down
        if months > previous:
            assert months_reached(admission_decision_date=admitted, periods=periods, months=months) == day
        previous = months
        day += dt.timedelta(days=1)
