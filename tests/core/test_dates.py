import datetime as dt

from dangbo.core.dates import add_years, age_on, full_months_between


def test_full_months_counts_a_month_once_its_day_is_reached():
    assert full_months_between(dt.date(2024, 1, 15), dt.date(2024, 7, 15)) == 6
    assert full_months_between(dt.date(2024, 1, 15), dt.date(2024, 7, 14)) == 5
    assert full_months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 0


def test_age_on_birthday_boundary():
    assert age_on(dt.date(2006, 5, 19), dt.date(2024, 5, 19)) == 18
    assert age_on(dt.date(2006, 5, 19), dt.date(2024, 5, 18)) == 17


def test_add_years_from_29_february():
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
